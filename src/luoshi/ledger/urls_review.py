"""Import, review and correction of ledgers, and re-import of a corrected notice."""

from django.urls import path

from . import views_review as views

urlpatterns = [
    path("import/", views.import_view, name="import"),
    path("ledgers/<int:pk>/review/", views.review, name="review"),
    path("ledgers/<int:pk>/review/publish/", views.publish, name="review_publish"),
    path("ledgers/<int:pk>/review/warnings/<int:warning_pk>/", views.warning_action, name="review_warning"),
    path("ledgers/<int:pk>/review/tasks/<str:code>/", views.review_task, name="review_task"),
    path("ledgers/<int:pk>/review/tasks/<str:code>/update/", views.task_update, name="review_task_update"),
    path("ledgers/<int:pk>/review/tasks/<str:code>/units/", views.assignment_add, name="review_assignment_add"),
    path(
        "ledgers/<int:pk>/review/tasks/<str:code>/units/<int:assignment_pk>/remove/",
        views.assignment_remove,
        name="review_assignment_remove",
    ),
    path(
        "ledgers/<int:pk>/review/tasks/<str:code>/units/<int:assignment_pk>/role/",
        views.assignment_role,
        name="review_assignment_role",
    ),
    path("ledgers/<int:pk>/review/tasks/<str:code>/targets/<int:target_pk>/", views.target_update, name="review_target"),
    path("ledgers/<int:pk>/reimport/", views.reimport, name="reimport"),
    path("ledgers/<int:pk>/reimport/apply/", views.reimport_apply, name="reimport_apply"),
]
