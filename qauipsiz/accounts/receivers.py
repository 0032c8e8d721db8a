"""Logins, logouts and failed logins go to the access log. Django announces them with signals; these receivers only
record, they decide nothing."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .access import access_record
from .choices import AccessKind
from .models import User


@receiver(user_logged_in, dispatch_uid="qauipsiz_access_login")
def on_login(sender, request, user, **kwargs):
    access_record(request=request, kind=AccessKind.LOGIN, user=user)


@receiver(user_logged_out, dispatch_uid="qauipsiz_access_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        access_record(request=request, kind=AccessKind.LOGOUT, user=user)


@receiver(user_login_failed, dispatch_uid="qauipsiz_access_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    entered = str(credentials.get("username", ""))
    known = User.objects.filter(username=entered).first() or (
        User.objects.filter(email__iexact=entered).first() if "@" in entered else None)
    access_record(request=request, kind=AccessKind.LOGIN_FAILED, user=known, username=entered)
