from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from .totp import required_for


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page requires a login unless its view is marked `login_not_required`.

    The API is left to its own authentication, which answers 401 instead of redirecting to the login page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SecondFactorRequiredMiddleware:
    """A user whose role requires the second factor can do nothing else until they have set it up."""

    ALLOWED = ("accounts:totp", "accounts:logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.totp_enabled_at and required_for(user):
            match = getattr(request, "resolver_match", None) or _resolve(request.path_info)
            if match is not None and match.view_name not in self.ALLOWED and not request.path_info.startswith(
                    ("/api/", "/static/", "/healthz")):
                return redirect("accounts:totp")
        return self.get_response(request)


def _resolve(path):
    try:
        return resolve(path)
    except Resolver404:
        return None
