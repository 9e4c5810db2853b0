from django.urls import path

from . import views

app_name = "api_tokens"

urlpatterns = [
    path("accounts/tokens/", views.token_list, name="list"),
    path("accounts/tokens/<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
