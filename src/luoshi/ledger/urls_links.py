from django.urls import path

from . import views_links as views

urlpatterns = [
    path("ledgers/<int:pk>/link/", views.ledger_link, name="ledger_link"),
    path("ledgers/<int:pk>/tasks/<str:code>/link/", views.task_link, name="task_link"),
]
