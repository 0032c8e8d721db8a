"""Copy a previous permit (issue 11): a new draft that starts from a permit the person may see, for work that comes
back (the same pump, the same crew leaders, the same measures adapted last time).

The copy takes what describes the work and who answers for it, and nothing of the source's life: its division,
facility, unit, work type, contractor, place, equipment and devices, scope of work, the people it names (performer,
admitting persons, responsible manager, performers of the other shifts, approvers), the agreements it needs (344 cl.8)
and its own item 5 as adapted (not the work type's template again). Not its period, number, state, signatures, air
samples, crew, what was carried out, nor the measures agreed jointly with other permits (344 cl.7: an agreement of
those permits, not part of this work). The issuer is the person who copies.

Nothing is saved here: the page pre-fills the draft form, and the API answers the body of `POST /permits/`; the person
saves it through the same drafting service as any new draft.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import organisations_for

from .choices import ApprovalKind, NamingKind
from .forms.drafting import code_order
from .gatekeeper import named_q, person_of, visible_permits
from .models import Permit

# The references of the draft that are copied. A required one is copied as it is, so that a person no longer active is
# named by the draft's own refusal; an optional one no longer active is left out (it could not be chosen anew).
REQUIRED = ("division", "work_type", "performer", "responsible_manager")
OPTIONAL = ("facility", "location", "contractor")
SCALARS = ("place", "equipment", "scope_of_work", "earthwork")
MANY = ("devices", "admitting_persons")
RECENT = 20


@dataclass
class DraftCopy:
    """The draft pre-filled from `source`, by the names of the draft's API (ids for the records)."""

    source: Permit
    values: dict = field(default_factory=dict)
    approvers: list[tuple[str, int]] = field(default_factory=list)
    measures: list[tuple[str, str]] = field(default_factory=list)

    def form_initial(self) -> dict:
        """The initial data of the draft form (`forms.PermitForm`): items 8 and 8.1 are two fields there."""
        initial = dict(self.values)
        initial["shift_supervisor"] = next(
            (pk for kind, pk in self.approvers if kind == ApprovalKind.SHIFT_SUPERVISOR), None)
        initial["other_approvers"] = [pk for kind, pk in self.approvers if kind == ApprovalKind.OTHER]
        return initial

    def measure_rows(self) -> list[dict]:
        """Item 5 as rows of the draft form's measures formset."""
        return [{"code": code, "text": text} for code, text in self.measures]

    def api_body(self, now: datetime.datetime | None = None) -> dict:
        """The body of `POST /api/v1/permits/`. The create endpoint requires a period: it starts now and lasts as
        long as the source's did, for the client to set."""
        start = timezone.localtime(now).replace(second=0, microsecond=0)
        length = self.source.planned_end - self.source.planned_start
        return {"organisation": self.source.organisation_id, **self.values, "planned_start": start,
                "planned_end": start + max(length, datetime.timedelta(minutes=1)),
                "approvers": [{"kind": kind, "approver": pk} for kind, pk in self.approvers],
                "measures": [{"code": code, "text": text} for code, text in self.measures]}


def _active(records) -> list:
    return [record for record in records if record.is_active]


def draft_copy(source: Permit) -> DraftCopy:
    values = {name: getattr(source, f"{name}_id") for name in REQUIRED}
    for name in OPTIONAL:
        record = getattr(source, name)
        values[name] = record.pk if record is not None and record.is_active else None
    values.update({name: getattr(source, name) for name in SCALARS})
    values["nearby"] = list(source.nearby or [])
    for name in MANY:
        values[name] = [record.pk for record in _active(getattr(source, name).all())]
    values["shift_performers"] = [naming.person_id for naming in source.namings.filter(
        kind=NamingKind.SHIFT_PERFORMER, person__is_active=True).order_by("id")]
    approvers = [(approval.kind, approval.approver_id)
                 for approval in source.approvals.filter(approver__is_active=True).order_by("id")]
    measures = sorted(source.measures.filter(joint__isnull=True), key=lambda m: (code_order(m.code), m.position, m.pk))
    return DraftCopy(source=source, values=values, approvers=approvers,
                     measures=[(measure.code, measure.text) for measure in measures if measure.text.strip()])


def _may_draw_up(user, person) -> bool:
    return (person is not None and person.is_active
            and organisations_for(user, Action.ADD, Permit).filter(pk=person.organisation_id).exists())


def source_for_copy(user, pk: int) -> Permit:
    """The permit `pk` to start a new draft from: 404 unless the gatekeeper lets the user see it and it is of his own
    organisation (the draft is drawn up there); 403 unless he may draw up permits."""
    source = visible_permits(user).filter(pk=pk).first()
    if source is None:
        raise Http404
    person = person_of(user)
    if person is None:
        raise PermissionDenied(_("Your login is not linked to a person of the register, so you cannot draw up permits."))
    if not _may_draw_up(user, person):
        raise PermissionDenied(_("You are not allowed to draw up permits in this organisation."))
    if source.organisation_id != person.organisation_id:
        raise Http404
    return source


def may_copy(user, permit: Permit) -> bool:
    """Whether the permit's page offers "Copy to a new draft" (the page already checked that the user sees it)."""
    person = person_of(user)
    return person is not None and person.organisation_id == permit.organisation_id and _may_draw_up(user, person)


def recent_sources(user, person) -> QuerySet:
    """The permits the new-draft page offers to start from: the latest the user sees in his organisation, those that
    name him first."""
    if person is None:
        return Permit.objects.none()
    mine = Case(When(named_q(person), then=Value(0)), default=Value(1), output_field=IntegerField())
    return (visible_permits(user).filter(organisation=person.organisation_id).select_related("work_type")
            .annotate(mine=mine).order_by("mine", "-created_at", "-id")[:RECENT])
