"""The reading pages of ledgers: overview, task list and detail, leaders, responsibility matrix."""

from django.urls import path

from . import views_browse as views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("ledgers/<int:pk>/", views.ledger_overview, name="ledger_overview"),
    path("tasks/", views.tasks_current, name="tasks_current"),
    path("ledgers/<int:pk>/tasks/", views.task_list, name="task_list"),
    path("ledgers/<int:pk>/tasks/<str:code>/", views.task_detail, name="task_detail"),
    path("leaders/", views.leader_list, name="leader_list"),
    path("leaders/<int:pk>/", views.leader_detail, name="leader_detail"),
    path("matrix/", views.matrix_current, name="matrix_current"),
    path("ledgers/<int:pk>/matrix/", views.matrix, name="matrix"),
]
