from django.urls import path

from . import views, views_admin

urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/login/code/", views.login_code_view, name="login_code"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/password/", views.password_change_view, name="password_change"),
    path("accounts/totp/", views.totp_view, name="totp"),
    # The system administrator's accounts and the security administrator's role grants.
    path("manage/accounts/", views_admin.account_list, name="account_list"),
    path("manage/accounts/new/", views_admin.account_create, name="account_create"),
    path("manage/accounts/<int:pk>/password/", views_admin.account_password, name="account_password"),
    path("manage/accounts/<int:pk>/<slug:action>/", views_admin.account_action, name="account_action"),
    path("manage/roles/", views_admin.role_list, name="role_list"),
    path("manage/roles/units/", views_admin.role_unit_options, name="role_unit_options"),
    path("manage/roles/grant/", views_admin.role_grant, name="role_grant"),
    path("manage/roles/grants/<int:pk>/revoke/", views_admin.role_revoke, name="role_revoke"),
]
