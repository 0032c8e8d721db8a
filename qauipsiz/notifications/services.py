"""Telling people: an in-app notice per user, and an e-mail in the user's language when they have an address.

`notify` is called from `transaction.on_commit` by the domain services, so nobody is told about a change that was
rolled back, and a mail server that is down never undoes a signature.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from qauipsiz import transactions

from .models import Notice

log = logging.getLogger(__name__)


def render(message: str, params: dict) -> str:
    """The notice in the active language (messages are stored as gettext_noop source texts)."""
    try:
        return gettext(message) % params
    except (KeyError, TypeError, ValueError):
        return gettext(message)


def notify(*, users: Iterable, organisation_id: int, message: str, params: dict, link: str = "") -> list[Notice]:
    users = {u.pk: u for u in users if u is not None and u.is_active}
    notices = transactions.atomic(lambda: [
        Notice.objects.create(user=user, organisation_id=organisation_id, message=message, params=params, link=link)
        for user in users.values()])()
    for user in users.values():
        if user.email:
            _mail(user, message, params, link)
    return notices


def _mail(user, message: str, params: dict, link: str) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        text = render(message, params)
        body = f"{text}\n\n{settings.SITE_URL}{link}" if link and getattr(settings, "SITE_URL", "") else text
        try:
            send_mail(subject=f"Qauipsiz: {text[:120]}", message=body, from_email=None, recipient_list=[user.email])
        except OSError:
            # The notice is in the application either way; a mail server that is down must not lose it.
            log.warning("could not e-mail notice to user %s", user.pk, exc_info=True)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    notices = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    return notices.update(read_at=timezone.now())
