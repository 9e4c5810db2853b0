"""Setting security labels (密级标识): one task, or every task of a section."""

from django.urls import path

from . import views_label as views

urlpatterns = [
    path("ledgers/<int:pk>/tasks/<str:code>/label/", views.task_label, name="task_label"),
    path("ledgers/<int:pk>/sections/<int:index>/label/", views.section_label, name="section_label"),
]
