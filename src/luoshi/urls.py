"""URL map: one include per app; every page is reachable from the top navigation."""

from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from luoshi.api.api import api
from luoshi.api.errors import unknown_endpoint

# Chinese pages with the 错误编号 (the X-Request-ID header), never a traceback or the exception's text.
handler400 = "luoshi.core.views.bad_request"
handler403 = "luoshi.core.views.permission_denied"
handler404 = "luoshi.core.views.page_not_found"
handler500 = "luoshi.core.views.server_error"

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("luoshi/favicon.svg"), permanent=True)),
    path("", include("luoshi.accounts.urls")),
    path("", include("luoshi.ledger.urls")),
    path("", include("luoshi.units.urls")),
    path("audit/", include("luoshi.audit.urls")),
    path("", include("luoshi.api.urls")),
    path("api/", unknown_endpoint),  # /api/ itself and unknown /api/… URLs answer in JSON, not the HTML 404 page
    path("api/", api.urls),
    path("api/<path:rest>", unknown_endpoint),
    path("public/", include("luoshi.public.urls")),  # no sign-in: published ledgers, 公开 tasks
]
