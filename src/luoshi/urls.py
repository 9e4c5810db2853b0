"""URL map: one include per app; every page is reachable from the top navigation."""

from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("luoshi/favicon.svg"), permanent=True)),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("luoshi.ledger.urls")),
    path("", include("luoshi.units.urls")),
]
