from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login-code"),
    path("second-factor/", views.totp_setup, name="totp"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("signing-pin/", views.signing_pin, name="signing-pin"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("access-log/", views.access_log, name="access-log"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:pk>/", views.user_detail, name="user"),
    path("users/<int:pk>/roles/<int:grant_pk>/revoke/", views.role_revoke, name="role-revoke"),
    path("users/<int:pk>/deactivate/", views.user_set_active, {"active": False}, name="user-deactivate"),
    path("users/<int:pk>/activate/", views.user_set_active, {"active": True}, name="user-activate"),
]
