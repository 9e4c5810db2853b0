from django.urls import path

from . import views

urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/login/code/", views.login_code_view, name="login_code"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/password/", views.password_change_view, name="password_change"),
    path("accounts/totp/", views.totp_view, name="totp"),
]
