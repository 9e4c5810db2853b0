"""Editing the unit registry (kind, parent, rename, merge) and the jurisdictions' profiles."""

from django.urls import path

from . import views_edit as views

urlpatterns = [
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/rename/", views.unit_rename, name="unit_rename"),
    path("units/<int:pk>/merge/", views.unit_merge, name="unit_merge"),
    path("jurisdictions/", views.jurisdiction_list, name="jurisdiction_list"),
    path("jurisdictions/new/", views.jurisdiction_create, name="jurisdiction_create"),
    path("jurisdictions/<int:pk>/", views.jurisdiction_edit, name="jurisdiction_edit"),
    path("jurisdictions/<int:pk>/settings/", views.jurisdiction_settings, name="jurisdiction_settings"),
]
