"""Stopping and ending the work: suspension and resumption (344 cl.27), termination (cl.25), a lost permit (cl.26), the
hand-back on completion (item 13) and closure (cl.11, cl.30)."""

import datetime
from collections.abc import Iterable
from copy import copy as shallow_copy

from django.core.exceptions import ValidationError
from django.db.models.base import ModelState
from django.utils.translation import gettext as _

from qauipsiz.acts.refusals import ActionRefused

from ..acts import Act
from ..choices import PeriodKind, Status, TerminationReason, Validity
from ..gatekeeper import person_of
from ..models import Approval, Extension, Permit, PermitMeasure
from ..shifts import shift_at
from .archive import hold_for_emergency
from .common import Credentials, _active_crew, _end_period, _log, _move, _now, _start_period, perform_act
from .drafting import _release_devices
from .guards import _check_air_to_admit, _check_valid_now


def permit_suspend(*, permit: Permit, by, reason: str, credentials: Credentials,
                   performer_credentials: Credentials) -> Permit:
    """344 cl.27: the crew leaves the place of work and the performer returns the permit to the admitting person."""
    def guard(context):
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason.")})

    def change(context):
        permit, role = context.record, context.role
        permit.suspended_at, permit.end_note = _now(), reason.strip()
        permit.paused_at, permit.pause_kind = None, ""
        _move(permit=permit, act=Act.SUSPEND, by=by, role=role, fields=["suspended_at", "end_note", "paused_at",
                                                                         "pause_kind"])
        _end_period(permit=permit, by=by, role=role)
        return permit

    return perform_act(Act.SUSPEND, permit=permit, by=by, credentials=credentials,
                       performer_credentials=performer_credentials, guard=guard, change=change)


def permit_resume(*, permit: Permit, by, measures_rechecked: Iterable[int], credentials: Credentials,
                  performer_credentials: Credentials) -> Permit:
    """344 cl.27: work resumes only after all the initial measures are checked again; the permit goes back to the
    performer."""
    rechecked = set(measures_rechecked)

    def guard(context):
        permit = context.record
        initial = {m.pk for m in permit.measures.all()}
        if rechecked - initial:
            # An id that is no measure of this permit was not checked again: refused rather than ignored, so that
            # a client's mistake is not read as a check (344 cl.27).
            raise ValidationError({"measures_rechecked": _("Choose only measures of this permit.")})
        missing = initial - rechecked
        if missing:
            raise ValidationError({"measures_rechecked": _("Check every initial measure again before work resumes "
                                                           "(344 cl.27).")})
        _check_air_to_admit(permit)
        now = _now()
        # A suspension may outlast the shift (cl.27 sets no limit). Checking every initial measure again is more than
        # an extension asks (cl.22), so for a whole-period permit the resumption also extends it for the running shift.
        shift = None
        if permit.valid_until is None or now >= permit.valid_until:
            if permit.validity != Validity.WHOLE_PERIOD or now >= permit.planned_end:
                _check_valid_now(permit)
            shift = shift_at(permit.organisation_id, now)
            if shift.end <= now:
                raise ActionRefused(_("No shift of the shift schedule is running now."))
        context.values.update(now=now, shift=shift)

    def change(context):
        permit, role, now, shift = context.record, context.role, context.values["now"], context.values["shift"]
        fields = ["suspended_at"]
        if shift is not None:
            performer = context.signatures[-1].signer_person  # the performer who received the permit back
            extension = Extension.objects.create(permit=permit, extended_at=now, shift_start=shift.start,
                                                 shift_end=min(shift.end, permit.planned_end), accepted_by=performer,
                                                 crew_count=_active_crew(permit).count(), admitted_by=person_of(by))
            _log(by=by, role=role, event="recorded", obj=extension)
            permit.valid_until = extension.shift_end
            fields.append("valid_until")
        permit.suspended_at = None
        _move(permit=permit, act=Act.RESUME, by=by, role=role, fields=fields)
        _start_period(permit=permit, by=by, role=role, kind=PeriodKind.READMISSION, admitted_by=person_of(by))
        return permit

    return perform_act(Act.RESUME, permit=permit, by=by, credentials=credentials,
                       performer_credentials=performer_credentials, guard=guard, change=change)


def _draw_up_anew(*, old: Permit, by, role: str) -> Permit:
    """344 cl.25-26: a new draft with the same content, linked to the permit it replaces; it is issued and admitted
    anew."""
    new = shallow_copy(old)  # the locked row as read: the act has not changed what is copied
    new.pk = new.id = None
    new._state = ModelState()
    new._prefetched_objects_cache = {}
    new.__dict__.pop("_acting_performer_id", None)
    for field in ("number", "year", "issued_at", "admitted_at", "accepted_at", "started_at", "valid_until", "paused_at",
                  "suspended_at", "completed_at", "closed_at", "ended_at"):
        setattr(new, field, None)
    new.status, new.pause_kind, new.termination_reason, new.end_note = Status.DRAFT, "", "", ""
    new.replaces = old
    new.save()
    # The links of a new row, one insert each (`.set()` would first read the links it has: none).
    for field in ("admitting_persons", "devices", "other_divisions"):
        link = getattr(Permit, field)
        through, source, target = link.through, link.field.m2m_field_name(), link.field.m2m_reverse_field_name()
        through.objects.bulk_create([through(**{f"{source}_id": new.pk, f"{target}_id": linked.pk})
                                     for linked in getattr(old, field).all()])
        new._prefetched_objects_cache[field] = list(getattr(old, field).all())  # what the ledger's snapshot reads
    _log(by=by, role=role, event="created", obj=new)
    # In one statement each: a permit has a dozen measures, and each row would otherwise cost its own insert.
    measures = PermitMeasure.objects.bulk_create(
        [PermitMeasure(permit=new, code=m.code, position=m.position, text=m.text)
         for m in sorted(old.measures.all(), key=lambda m: m.pk) if m.joint_id is None])
    approvals = Approval.objects.bulk_create(
        [Approval(permit=new, kind=a.kind, approver_id=a.approver_id) for a in sorted(old.approvals.all(),
                                                                                       key=lambda a: a.pk)])
    for copy in [*measures, *approvals]:
        _log(by=by, role=role, event="created", obj=copy)
    return new


def permit_terminate(*, permit: Permit, by, reason: str, note: str, credentials: Credentials) -> Permit:
    """344 cl.25: the admitting person stops the work and withdraws the permit; a new one is drawn up and admitted
    anew. Returns the new draft. Terminated for an emergency, the permit is held in the archive for good (cl.15 ¶2)."""
    reason = TerminationReason(reason)

    def change(context):
        permit, role = context.record, context.role
        permit.termination_reason, permit.end_note, permit.ended_at = reason, note.strip(), _now()
        _end_period(permit=permit, by=by, role=role)
        _move(permit=permit, act=Act.TERMINATE, by=by, role=role, fields=["termination_reason", "end_note",
                                                                           "ended_at"])
        if reason == TerminationReason.EMERGENCY:
            # cl.15 ¶2: the permit of work during which an emergency arose goes to the archive at once, never purged.
            hold_for_emergency(permit=permit, by=by, role=role, note=note)
        return _draw_up_anew(old=permit, by=by, role=role)

    return perform_act(Act.TERMINATE, permit=permit, by=by, credentials=credentials, change=change,
                       subject=lambda permit: {"reason": reason.value})


def permit_report_lost(*, permit: Permit, by, note: str, credentials: Credentials) -> Permit:
    """344 cl.26: the work stops, the lost permit is void; a new one is issued and admitted anew. Returns the new
    draft."""
    def change(context):
        permit, role = context.record, context.role
        permit.end_note, permit.ended_at = note.strip(), _now()
        _end_period(permit=permit, by=by, role=role)
        _move(permit=permit, act=Act.REPORT_LOST, by=by, role=role, fields=["end_note", "ended_at"])
        return _draw_up_anew(old=permit, by=by, role=role)

    return perform_act(Act.REPORT_LOST, permit=permit, by=by, credentials=credentials, change=change)


def permit_hand_back(*, permit: Permit, by, credentials: Credentials, workplace_cleared: bool,
                     people_withdrawn: bool, completed_at: datetime.datetime | None = None) -> Permit:
    """Item 13: the work is completed, the workplace cleared, the people withdrawn; the performer hands it back."""
    def guard(context):
        permit = context.record
        if not (workplace_cleared and people_withdrawn):
            raise ValidationError(_("Confirm that the workplace is cleared and the people are withdrawn (item 13)."))
        now = _now()
        at = completed_at or now
        if at > now or (permit.admitted_at and at < permit.admitted_at):
            raise ValidationError({"completed_at": _("The completion time must lie between admission and now.")})
        context.values["completed_at"] = at

    def change(context):
        permit, role, at = context.record, context.role, context.values["completed_at"]
        permit.completed_at, permit.paused_at, permit.pause_kind = at, None, ""
        _end_period(permit=permit, by=by, role=role, at=at)
        _move(permit=permit, act=Act.HAND_BACK, by=by, role=role, fields=["completed_at", "paused_at", "pause_kind"])
        return permit

    return perform_act(Act.HAND_BACK, permit=permit, by=by, credentials=credentials, guard=guard, change=change)


def permit_close(*, permit: Permit, by, credentials: Credentials, admitting_absent: bool = False) -> Permit:
    """344 cl.11: the admitting person accepts the workplace and the permit and closes it; in the absence of an
    admitting person, the issuer closes it with the performer's hand-back. The equipment may then be started
    (cl.30)."""
    def guard(context):
        person = person_of(by)
        is_admitting = any(p.pk == person.pk for p in context.record.admitting_persons.all())
        if not is_admitting and not admitting_absent:
            raise ValidationError(_("The issuer closes a permit only in the absence of an admitting person: confirm "
                                    "the absence (344 cl.11)."))
        context.values["admitting"] = is_admitting

    def change(context):
        permit, role = context.record, context.role
        permit.closed_at = permit.ended_at = _now()
        _move(permit=permit, act=Act.CLOSE, by=by, role=role, fields=["closed_at", "ended_at"])
        _release_devices(permit=permit, by=by, role=role)
        return permit

    return perform_act(Act.CLOSE, permit=permit, by=by, credentials=credentials, guard=guard, change=change)


