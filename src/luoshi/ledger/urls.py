"""Ledger URLs, one module per area so that each area's views stay in their own file."""

from django.urls import include, path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.overview, name="overview"),
]
