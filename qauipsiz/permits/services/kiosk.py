"""The kiosk links of the control room's wall board (issue 11): created and revoked by the head of the organisation, a
production-control official or a system administrator (the gatekeeper's grant of `permits.kiosklink`), each a ledger
entry, as a role grant is: a kiosk link lets whoever holds it read the organisation's board.

A link reads the board of its organisation and nothing else: only the kiosk view asks `kiosk_link_for`, and the key is
neither a session nor an API token, so every other page and the API refuse it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, organisations_for
from qauipsiz.ledger import services as ledger

from ..models import KioskLink

REFUSED = gettext_lazy("Only the head of the organisation, a production-control official or a system administrator manages the "
            "kiosk links of the board.")


def kiosk_organisations(user):
    """The organisations whose kiosk links the user may manage."""
    return organisations_for(user, Action.CHANGE, KioskLink).order_by("pk")


def kiosk_organisation(user, organisation_id: int | None = None):
    """As `policy_organisation`: 403 for a user who may manage links nowhere, 404 for an organisation not his."""
    organisations = kiosk_organisations(user)
    if not organisations.exists():
        raise PermissionDenied(REFUSED)
    organisation = organisations.filter(pk=organisation_id).first() if organisation_id else organisations.first()
    if organisation is None:
        raise Http404
    return organisation


def _content(link: KioskLink) -> dict:
    # Not the key's hash, nor the time of last use (it changes without a ledger entry).
    return {"organisation": link.organisation_id, "name": link.name, "hint": link.hint,
            "created_at": link.created_at.isoformat(), "revoked_at": link.revoked_at and link.revoked_at.isoformat()}


@transactions.atomic
def kiosk_link_create(*, by, organisation_id: int, name: str) -> tuple[KioskLink, str]:
    """A new kiosk link of the organisation's board; returns the record and the key, which is never shown again."""
    if not kiosk_organisations(by).filter(pk=organisation_id).exists():
        raise PermissionDenied(REFUSED)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Name the screen the link is for.")})
    key = KioskLink.new_key()
    link = KioskLink.objects.create(organisation_id=organisation_id, name=name[:100], key_hash=KioskLink.hash_key(key),
                                    hint=key[:8], created_at=timezone.now(), created_by=by)
    ledger.append(organisation_id=organisation_id, by=by, action="permits.kiosklink.created", obj=link,
                  role=acting_role(by, Action.CHANGE, KioskLink, organisation_id), content=_content(link))
    return link, key


@transactions.atomic
def kiosk_link_revoke(*, by, link: KioskLink) -> KioskLink:
    """Revoke the link: the screen showing it says so at its next refresh. Revoking twice changes nothing."""
    link = KioskLink.objects.select_for_update(no_key=True).get(pk=link.pk)
    if not kiosk_organisations(by).filter(pk=link.organisation_id).exists():
        raise PermissionDenied(REFUSED)
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = timezone.now(), by
        link.save(update_fields=["revoked_at", "revoked_by"])
        ledger.append(organisation_id=link.organisation_id, by=by, action="permits.kiosklink.revoked", obj=link,
                      role=acting_role(by, Action.CHANGE, KioskLink, link.organisation_id), content=_content(link))
    return link


def kiosk_link_for(key: str) -> KioskLink | None:
    """The link of this key, revoked or not (the screen says which), or None for a key that is no link. Records when
    it was last used, once a minute at most, as `accounts.services.token_authenticate`."""
    if not key or not key.startswith(KioskLink.PREFIX) or len(key) > 100:
        return None
    link = KioskLink.objects.select_related("organisation").filter(key_hash=KioskLink.hash_key(key)).first()
    if link is None or link.revoked_at is not None:
        return link
    now = timezone.now()
    if link.last_used_at is None or now - link.last_used_at > datetime.timedelta(minutes=1):
        KioskLink.objects.filter(pk=link.pk).update(last_used_at=now)
    return link
