"""Downloads of a ledger: the 责任分解表, the responsibility matrix, a unit's own task list."""

from django.urls import path

from . import views_export

urlpatterns = [
    path("ledgers/<int:pk>/export.xlsx", views_export.export_xlsx, name="export_xlsx"),
    path("ledgers/<int:pk>/export.docx", views_export.export_docx, name="export_docx"),
    path("ledgers/<int:pk>/export.csv", views_export.export_csv, name="export_csv"),
    path("ledgers/<int:pk>/matrix.xlsx", views_export.matrix_xlsx, name="matrix_xlsx"),
    path("units/<int:pk>/tasks.xlsx", views_export.unit_tasks_xlsx, name="unit_tasks_xlsx"),
    path("units/<int:pk>/tasks.docx", views_export.unit_tasks_docx, name="unit_tasks_docx"),
    path("units/<int:pk>/tasks.csv", views_export.unit_tasks_csv, name="unit_tasks_csv"),
]
