"""Who is told what after a production-control act (the message and audience are declared with each act in
`acts.ACTS`). The act writes an outbox row in its transaction (`tell`); the worker builds and sends the notices
(`send`, the outbox builder of "control.act"), each in the recipient's language.

An audience is a name the act declares (`Notice(audience="heads")`); `AUDIENCES` says who that is for a record. The
common ones are here; a sub-domain adds its own with `@audience("name")` in its own module.
"""

from collections.abc import Callable

from django.apps import apps

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import live_grants_q
from qauipsiz.domains import organisation_of
from qauipsiz.notifications.outbox import enqueue
from qauipsiz.notifications.services import notify

OUTBOX_KIND = "control.act"

AUDIENCES: dict[str, Callable] = {}


def audience(name: str):
    def register(resolve: Callable):
        AUDIENCES[name] = resolve
        return resolve
    return register


def users_with_roles(organisation_id: int, roles, *, division=None):
    """The active users holding one of `roles` in the organisation; with `division`, only grants reaching it (a grant
    of the organisation as a whole, or of the division or one above it)."""
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    grants = RoleGrant.objects.filter(live_grants_q(), organisation_id=organisation_id, role__in=roles,
                                      user__is_active=True)
    users = []
    for grant in grants.select_related("user", "division"):
        if division is not None and grant.division_id and not division.path.startswith(grant.division.path):
            continue
        users.append(grant.user)
    return users


@audience("heads")
def _heads(record):
    return users_with_roles(organisation_of(record), (Role.HEAD, Role.FIRST_HEAD))


@audience("officials")
def _officials(record):
    return users_with_roles(organisation_of(record), (Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE))


@audience("division_heads")
def _division_heads(record):
    division = getattr(record, "division", None)
    if division is None:
        return []
    return users_with_roles(organisation_of(record), (Role.DIVISION_HEAD,), division=division)


def tell(record, declaration, notice) -> None:
    """Put the act's notice in the outbox, in the act's transaction."""
    enqueue(kind=OUTBOX_KIND, organisation_id=organisation_of(record), model=record._meta.label_lower,
            record_id=record.pk, message=str(notice.message), audience=notice.audience,
            params=record.notice_params() if hasattr(record, "notice_params") else {"record": str(record)})


def send(model: str, record_id: int, message: str, audience: str, params: dict) -> None:
    record = apps.get_model(model)._default_manager.get(pk=record_id)
    users = AUDIENCES[audience](record)
    link = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    notify(users=users, organisation_id=organisation_of(record), message=message, params=params, link=link)
