"""Ledger URLs, one module per area so that each area's views stay in their own file."""

from django.urls import include, path

app_name = "ledger"
urlpatterns = [
    path("", include("luoshi.ledger.urls_browse")),
    path("", include("luoshi.ledger.urls_export")),
    path("", include("luoshi.ledger.urls_review")),
    path("", include("luoshi.ledger.urls_links")),
    path("", include("luoshi.ledger.urls_label")),
]
