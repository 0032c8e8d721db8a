"""Who is told what when a permit moves (the message and audience are declared with each act in `acts.ACTS`). The act
writes an outbox row in its transaction (`tell`); the worker builds and sends the notices (`send`, registered as the
outbox builder of "permits.act")."""

from django.urls import reverse

from qauipsiz.notifications.outbox import enqueue
from qauipsiz.notifications.services import notify

from .acts import ACTS, Act

OUTBOX_KIND = "permits.act"


def _people(permit, audience: str):
    if audience == "issuer":
        return {permit.issuer}
    people = {permit.issuer, permit.performer, permit.responsible_manager, *permit.admitting_persons.all()}
    if audience == "prepare":
        people |= {a.approver for a in permit.approvals.select_related("approver")}
    if audience == "everyone":
        people |= {m.person for m in permit.crew.filter(removed_at__isnull=True).select_related("person")}
    return people


def send(permit_id: int, act: str) -> None:
    from .models import Permit

    permit = Permit.objects.select_related("issuer__user", "performer__user", "responsible_manager__user").get(
        pk=permit_id)
    notice = ACTS[Act(act)].notices[0]
    message, audience = notice.message, notice.audience
    users = [p.user for p in _people(permit, audience) if p is not None and p.user_id]
    notify(users=users, organisation_id=permit.organisation_id, message=message,
           params={"permit": permit.display_number if permit.number else str(permit.pk)},
           link=reverse("permits:detail", args=[permit.pk]))


def tell(permit, act: str) -> None:
    """Put the act's notice in the outbox, in the act's transaction; the worker sends it (`send`)."""
    if ACTS[Act(act)].notices:
        enqueue(kind=OUTBOX_KIND, organisation_id=permit.organisation_id, permit_id=permit.pk, act=str(act))
