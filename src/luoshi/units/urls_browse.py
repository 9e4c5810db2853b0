"""The unit registry's reading pages: the list and each unit's page."""

from django.urls import path

from . import views_browse as views

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
