"""The public pages (no sign-in): published ledgers and their tasks labelled 公开."""

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("ledgers/<int:pk>/", views.ledger_page, name="ledger"),
    path("ledgers/<int:pk>/tasks.csv", views.ledger_csv, name="ledger_csv"),
    path("ledgers/<int:pk>/tasks/<str:code>/", views.task_page, name="task"),
]
