"""Who is told what when a permit moves. Sent after the commit of the change (see `notifications.services`)."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from qauipsiz.notifications.services import notify

from .workflow import Act

# Each act: the message, and which people of the permit are told.
MESSAGES = {
    Act.ISSUE: (gettext_noop("%(permit)s was issued: measures and approvals are awaited"), "prepare"),
    Act.ADD_JOINT_MEASURES: (gettext_noop("%(permit)s: additional joint measures were agreed (344 cl.7)"), "everyone"),
    Act.RECORD_AIR_SAMPLE: (gettext_noop("%(permit)s: an air sample is outside its limit; admission is blocked"),
                            "everyone"),
    Act.ADMIT: (gettext_noop("%(permit)s: admission given; the performer accepts the workplace and the crew is briefed"),
                "site"),
    Act.LAPSE: (gettext_noop("%(permit)s lapsed: it was not extended for the shift; work must not go on (344 cl.6)"),
                "everyone"),
    Act.SUSPEND: (gettext_noop("%(permit)s was suspended (344 cl.27)"), "everyone"),
    Act.TERMINATE: (gettext_noop("%(permit)s was terminated and withdrawn; a new permit is drawn up (344 cl.25)"),
                    "everyone"),
    Act.REPORT_LOST: (gettext_noop("%(permit)s was reported lost and is void; work stops (344 cl.26)"), "everyone"),
    Act.HAND_BACK: (gettext_noop("%(permit)s was handed back: the admitting person closes it"), "site"),
    Act.CLOSE: (gettext_noop("%(permit)s is closed; its equipment may be put back into operation (344 cl.30)"),
                "everyone"),
}


def _people(permit, audience: str):
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
    message, audience = MESSAGES[Act(act)]
    users = [p.user for p in _people(permit, audience) if p is not None and p.user_id]
    notify(users=users, organisation_id=permit.organisation_id, message=message,
           params={"permit": permit.display_number if permit.number else str(permit.pk)},
           link=reverse("permits:detail", args=[permit.pk]))


def after_commit(permit, act: str) -> None:
    if Act(act) in MESSAGES:
        transaction.on_commit(lambda: send(permit.pk, act))
