"""Audit log URLs: the page and its CSV export."""

from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("export.csv", views.export_csv, name="export_csv"),
]
