"""URL map: one include per app; every page is reachable from the top navigation."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("luoshi.ledger.urls")),
    path("", include("luoshi.units.urls")),
]
