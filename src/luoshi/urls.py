"""URL map: one include per app; every page is reachable from the top navigation."""

from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("luoshi/favicon.svg"), permanent=True)),
    path("", include("luoshi.accounts.urls")),
    path("", include("luoshi.ledger.urls")),
    path("", include("luoshi.units.urls")),
    path("audit/", include("luoshi.audit.urls")),
]
