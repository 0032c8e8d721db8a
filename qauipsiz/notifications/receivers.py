"""The owner of an account hears when its signing locked after wrong passwords or PINs (`accounts.lockout`, which sits
below notifications and only announces it). Told, not decided here: the lock itself is the lockout's."""

from django.utils.translation import gettext_noop

from qauipsiz.accounts.lockout import failure_limit, signing_locked

from .services import notify

SIGNING_LOCKED = gettext_noop("Signing with your password or PIN is locked for %(minutes)s minutes after "
                              "%(count)s wrong attempts. If it was not you, change your password and tell your "
                              "administrator.")


def on_signing_locked(sender, user, minutes, **kwargs):
    grant = user.grants.order_by("pk").first()
    organisation_id = grant.organisation_id if grant else getattr(getattr(user, "person", None), "organisation_id",
                                                                    None)
    if organisation_id is None:
        return  # an account of no organisation (a bare superuser): the access log has it
    notify(users=[user], organisation_id=organisation_id, message=SIGNING_LOCKED,
           params={"minutes": minutes, "count": failure_limit()})


def connect() -> None:
    signing_locked.connect(on_signing_locked, dispatch_uid="qauipsiz_notify_signing_locked")
