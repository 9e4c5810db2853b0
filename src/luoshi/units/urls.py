"""Unit registry and jurisdiction URLs, one module per area."""

from django.urls import include, path

app_name = "units"
urlpatterns = [
    path("", include("luoshi.units.urls_browse")),
    path("", include("luoshi.units.urls_edit")),
]
