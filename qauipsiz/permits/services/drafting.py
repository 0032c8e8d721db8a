"""Drawing up a permit: the draft, its edits, issue (item 6) and cancellation; the equipment put under permit."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, organisations_for
from qauipsiz.core.choices import CompetenceRole, DeviceState
from qauipsiz.core.competence import assess_many
from qauipsiz.core.models import Person, TechnicalDevice
from qauipsiz.ledger import services as ledger

from ..acts import Act
from ..book import book_series
from ..choices import OPEN_STATUSES, MeasureCode, NamingKind, Status
from ..gatekeeper import person_of
from ..models import Approval, Naming, Permit, PermitMeasure
from .authority import issuer_scope_problems, recorded_holdings
from .common import Credentials, _log, _move, _now, in_form_order, perform_act
from .guards import _check_draft_people, _check_issue


def _set_shift_performers(permit: Permit, people, *, by, role: str) -> None:
    """344 cl.29: the work performers of the other shifts the issuer names in the draft; each competent as a performer
    of the permit's division (cl.19) now, and again when he accepts a shift (item 12)."""
    people = list(dict.fromkeys(people))
    problems = [str(c.explain()) for c in assess_many([(p, CompetenceRole.WORK_PERFORMER) for p in people], _now(),
                                                      division=permit.division) if not c]
    if any(p.organisation_id != permit.organisation_id for p in people):
        problems.insert(0, _("This belongs to another organisation."))
    if problems:
        raise ValidationError({"shift_performers": problems})
    for old in permit.namings.filter(kind=NamingKind.SHIFT_PERFORMER):
        ledger.append(organisation_id=permit.organisation_id, by=by, role=role, action="permits.naming.deleted",
                      obj=old, gone=True)
        old.delete()
    for person in people:
        if person.pk != permit.performer_id:
            naming = Naming.objects.create(permit=permit, kind=NamingKind.SHIFT_PERFORMER, person=person,
                                           named_at=_now(), named_by=person_of(by))
            _log(by=by, role=role, event="created", obj=naming)


def _check_issuer_scope(permit: Permit) -> None:
    """Issue 11: refuse a draft its issuer could neither issue, edit nor cancel (see `issuer_scope_problems`)."""
    if problems := issuer_scope_problems(permit):
        raise ValidationError({"division": problems})


def _set_relations(permit: Permit, *, admitting_persons=None, devices=None, other_divisions=None) -> None:
    for field, values in (("admitting_persons", admitting_persons), ("devices", devices),
                          ("other_divisions", other_divisions)):
        if values is None:
            continue
        values = list(values)
        if any(v.organisation_id != permit.organisation_id for v in values):
            raise ValidationError({field: _("This belongs to another organisation.")})
        getattr(permit, field).set(values)


@transactions.atomic
def permit_create(*, by, permit: Permit, admitting_persons: Iterable[Person], devices: Iterable = (),
                  other_divisions: Iterable = (), approvers: Iterable[tuple[str, Person]] = (),
                  measures: Iterable[tuple[str, str]] | None = None, shift_performers: Iterable[Person] = ()) -> Permit:
    """A new draft. Without `measures`, the work type's template pre-fills item 5; the issuer adapts it afterwards."""
    if not organisations_for(by, Action.ADD, Permit).filter(pk=permit.organisation_id).exists():
        raise PermissionDenied(_("You are not allowed to draw up permits in this organisation."))
    if person_of(by) is None:
        raise PermissionDenied(_("Your login is not linked to a person of the register, so you cannot draw up permits."))
    _check_draft_people(permit)
    _check_issuer_scope(permit)
    permit.full_clean(exclude=["number", "year"])
    permit.status = Status.DRAFT
    with ledger.deferred():
        permit.save()
        _set_relations(permit, admitting_persons=admitting_persons, devices=devices, other_divisions=other_divisions)
        role = acting_role(by, Action.ADD, Permit, permit.organisation_id)
        _set_shift_performers(permit, shift_performers, by=by, role=role)
        if measures is None:
            # In the template's order: by code as text, 5.10 would come before 5.2.
            measures = [(m.code, m.text) for m in permit.work_type.measures.order_by("position", "id")]
        for position, (code, text) in enumerate(in_form_order(measures)):
            PermitMeasure.objects.create(permit=permit, code=MeasureCode(code), text=text.strip(), position=position)
        for kind, approver in approvers:
            Approval.objects.create(permit=permit, kind=kind, approver=approver)
        role = acting_role(by, Action.ADD, Permit, permit.organisation_id)
        _log(by=by, role=role, event="created", obj=permit)
        for child in [*permit.measures.all(), *permit.approvals.all()]:
            _log(by=by, role=role, event="created", obj=child)
    return permit


# Fields an edit of the draft never sets: the register number, the status and what the actions of its life record.
_NOT_EDITABLE = frozenset({
    "id", "pk", "organisation", "organisation_id", "number", "year", "status", "replaces", "replaces_id", "issued_at",
    "admitted_at", "accepted_at", "started_at", "valid_until", "paused_at", "pause_kind", "suspended_at",
    "completed_at", "closed_at", "ended_at", "termination_reason", "end_note", "created_at", "updated_at",
})


def permit_update(*, by, permit: Permit, changes: dict, admitting_persons=None, devices=None, other_divisions=None,
                  measures: Iterable[tuple[str, str]] | None = None, shift_performers=None,
                  approvers: Iterable[tuple[str, Person]] | None = None) -> Permit:
    """Edit a draft; once issued, nothing in it can be changed (344 cl.5)."""
    kept = set(changes) & _NOT_EDITABLE
    if kept:  # the register number, the status and the record of the permit's life are the actions' business
        raise ValueError(f"permit_update cannot change {sorted(kept)}")

    def change(context):
        permit, role = context.record, context.role
        for field, value in changes.items():
            setattr(permit, field, value)
        _check_draft_people(permit)
        _check_issuer_scope(permit)
        permit.full_clean(exclude=["number", "year"])
        permit.save()
        _set_relations(permit, admitting_persons=admitting_persons, devices=devices, other_divisions=other_divisions)
        if shift_performers is not None:
            _set_shift_performers(permit, shift_performers, by=by, role=role)
        if measures is not None:
            for old in permit.measures.filter(joint__isnull=True):
                _log(by=by, role=role, event="removed", obj=old)
                ledger.append(organisation_id=permit.organisation_id, by=by, role=role,
                              action="permits.permitmeasure.deleted", obj=old, gone=True)
            permit.measures.filter(joint__isnull=True).delete()
            for position, (code, text) in enumerate(in_form_order(measures)):
                measure = PermitMeasure.objects.create(permit=permit, code=MeasureCode(code), text=text.strip(),
                                                       position=position)
                _log(by=by, role=role, event="created", obj=measure)
        if approvers is not None:
            for old in permit.approvals.all():
                ledger.append(organisation_id=permit.organisation_id, by=by, role=role,
                              action="permits.approval.deleted", obj=old, gone=True)
            permit.approvals.all().delete()
            for kind, approver in approvers:
                approval = Approval.objects.create(permit=permit, kind=kind, approver=approver)
                _log(by=by, role=role, event="created", obj=approval)
        _log(by=by, role=role, event="updated", obj=permit)
        return permit

    return perform_act(Act.UPDATE, permit=permit, by=by, change=change)


def _put_devices_under_permit(*, permit: Permit, by, role: str) -> None:
    for device in TechnicalDevice.objects.select_for_update(no_key=True).filter(pk__in=[d.pk for d in permit.devices.all()]):
        if device.state != DeviceState.UNDER_PERMIT:
            device.state = DeviceState.UNDER_PERMIT
            device.save(update_fields=["state", "updated_at"])
            _log(by=by, role=role, event="state_changed", obj=device)


def _release_devices(*, permit: Permit, by, role: str) -> None:
    """344 cl.30: equipment is stopped, not started, when its permit ends; management starts it once it is closed.

    A draft drawn up anew for a terminated or lost permit (cl.25-26) keeps the equipment under permit: the work on it
    is interrupted, not finished."""
    still_open = (Permit.objects.filter(Q(status__in=OPEN_STATUSES) | Q(status=Status.DRAFT, replaces__isnull=False))
                  .exclude(pk=permit.pk))
    for device in TechnicalDevice.objects.select_for_update(no_key=True).filter(pk__in=[d.pk for d in permit.devices.all()]):
        if device.state == DeviceState.UNDER_PERMIT and not still_open.filter(devices=device).exists():
            device.state = DeviceState.STOPPED
            device.save(update_fields=["state", "updated_at"])
            _log(by=by, role=role, event="state_changed", obj=device)


HELD_TOGETHER = "permits.permit.parts_held_together"


def permit_issue(*, permit: Permit, by, credentials: Credentials) -> Permit:
    """Item 6: the issuer signs; the permit takes the next register number (344 cl.10, cl.13, cl.16, cl.19)."""
    def change(context):
        permit, role = context.record, context.role
        now = _now()
        permit.year = timezone.localdate(now).year
        # The number of the book the permit is registered in: its organisation's, or its contractor's (cl.9, cl.15).
        permit.number = ledger.number_next(organisation_id=permit.organisation_id,
                                           register=book_series(permit.contractor_id), year=permit.year)
        permit.issued_at = now
        _move(permit=permit, act=Act.ISSUE, by=by, role=role, fields=["year", "number", "issued_at"])
        _put_devices_under_permit(permit=permit, by=by, role=role)
        # Parts held by one person that the organisation warns about are recorded with the issue (the law is silent).
        if held := recorded_holdings(permit):
            ledger.append(organisation_id=permit.organisation_id, by=by, role=role, action=HELD_TOGETHER, obj=permit,
                          content={"permit": permit.pk, "number": permit.display_number, "held_together": held})
        return permit

    return perform_act(Act.ISSUE, permit=permit, by=by, credentials=credentials, change=change,
                       guard=lambda context: _check_issue(context.record, person_of(by)))


def permit_cancel(*, permit: Permit, by, reason: str, credentials: Credentials) -> Permit:
    """Cancel a draft, or an issued permit before admission (signed then)."""
    def guard(context):
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason.")})

    def change(context):
        permit, role = context.record, context.role
        permit.end_note, permit.ended_at = reason.strip(), _now()
        _move(permit=permit, act=Act.CANCEL, by=by, role=role, fields=["end_note", "ended_at"])
        _release_devices(permit=permit, by=by, role=role)
        return permit

    return perform_act(Act.CANCEL, permit=permit, by=by, credentials=credentials, change=change, guard=guard)
