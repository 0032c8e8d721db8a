"""The actions of a permit's life (Order 344), one keyword-only function each.

Every action: lock the permit row → the gatekeeper (role, party, status; `gatekeeper.check_action`) → the guards of the
clauses → the signature(s) through `qauipsiz.ledger.signatures` (the signer's competence is checked there) → change →
ledger entries → notices after commit. A refusal raises and changes nothing: `PermissionDenied` (403), `ActionRefused`
(409) or `ValidationError` (422).
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, organisations_for
from qauipsiz.core.choices import CompetenceRole, DeviceState
from qauipsiz.core.competence import is_competent
from qauipsiz.core.models import Person, TechnicalDevice
from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.signatures import sign

from . import notices
from .choices import (
    ENDED_STATUSES,
    OPEN_STATUSES,
    CertificateStatus,
    EmergencyStatus,
    MeasureCode,
    PauseKind,
    PeriodKind,
    Status,
    TerminationReason,
    Validity,
    WorkKind,
)
from .content import signing_content
from .gatekeeper import ActionRefused, check_action, current_performer_id, person_of
from .models import (
    AdmissionPeriod,
    AirSample,
    Approval,
    CrewMember,
    EmergencyWork,
    Extension,
    OverlapAgreement,
    Permit,
    PermitMeasure,
)
from .shifts import shift_at, shift_length, shift_to_extend_for
from .workflow import Act, transition

Credentials = dict  # {"password": ...} | {"pin": ...} | {"cms": ...}: exactly one, checked by `sign`


# --- small helpers -------------------------------------------------------------------------------------------------

def _now() -> datetime.datetime:
    return timezone.now()


def _lock(permit: Permit) -> Permit:
    # Only the permit row: locking the joined division or organisation would queue every permit of the division.
    return (Permit.objects.select_for_update(of=("self",)).select_related("division", "organisation", "work_type")
            .get(pk=permit.pk))


def _log(*, by, role: str, event: str, obj) -> None:
    ledger.append(organisation_id=_organisation_id(obj), by=by, role=role,
                  action=f"{obj._meta.label_lower}.{event}", obj=obj)


def _organisation_id(obj) -> int:
    if hasattr(obj, "organisation_id"):
        return obj.organisation_id
    if hasattr(obj, "permit"):
        return obj.permit.organisation_id
    return obj.certificate.organisation_id


def _move(*, permit: Permit, act: str, by, role: str, fields: Iterable[str] = ()) -> None:
    """Apply the action's target status (if any), save the named fields and ledger the permit."""
    step = transition(act)
    changed = set(fields)
    if step.target is not None and permit.status != step.target:
        permit.status = step.target
        changed.add("status")
    permit.save(update_fields=[*sorted(changed), "updated_at"])
    _log(by=by, role=role, event=act, obj=permit)


def _sign(*, permit: Permit, by, role: str, act: str, purpose: str, credentials: Credentials,
          competence_role: str | None, subject=None):
    """The signature of one party for one act: over the permit as it stands and what the act is about."""
    return sign(organisation_id=permit.organisation_id, by=by, role=role, obj=permit,
                purpose=f"permits.permit.{purpose}", content=signing_content(permit, act, subject=subject),
                competence_role=competence_role, division=permit.division, **(credentials or {}))


def _cosign(*, permit: Permit, person: Person, act: str, purpose: str, credentials: Credentials,
            competence_role: str | None, subject=None):
    """The second signature of a two-party act (344 cl.23, cl.27; item 11), given on the same device.

    The co-signer is not chosen by the person logged in: it is the person the permit names, and the signature is only
    accepted with that person's own password, PIN or ЭЦП.
    """
    if person.user_id is None or not person.user.is_active:
        raise ValidationError(_("%(person)s has no active login and cannot sign.") % {"person": person})
    if not credentials:
        raise ValidationError(_("%(person)s must sign as well.") % {"person": person})
    return _sign(permit=permit, by=person.user, role=_role_of_person(person, permit), act=act, purpose=purpose,
                 credentials=credentials, competence_role=competence_role, subject=subject)


def _role_of_person(person: Person, permit: Permit) -> str:
    if permit.admitting_persons.filter(pk=person.pk).exists():
        return "admitting_person"
    if person.pk in (permit.performer_id, current_performer_id(permit)):
        return "work_performer"
    return "crew_member"


def _require_competent(person: Person, role: str, permit: Permit, at=None) -> None:
    competence = is_competent(person, role, at or _now(), division=permit.division)
    if not competence:
        raise ActionRefused(competence.explain())


def _open_period(permit: Permit) -> AdmissionPeriod | None:
    return permit.periods.filter(ended_at__isnull=True).order_by("-started_at").first()


def _end_period(*, permit: Permit, by, role: str, at=None) -> None:
    period = _open_period(permit)
    if period is not None:
        period.ended_at = at or _now()
        period.save(update_fields=["ended_at"])
        _log(by=by, role=role, event="ended", obj=period)


def _start_period(*, permit: Permit, by, role: str, kind: str, admitted_by: Person) -> None:
    period = AdmissionPeriod.objects.create(permit=permit, kind=kind, started_at=_now(), admitted_by=admitted_by)
    _log(by=by, role=role, event="started", obj=period)


def _performer(permit: Permit) -> Person:
    return Person.objects.select_related("user").get(pk=current_performer_id(permit))


def _active_crew(permit: Permit):
    return permit.crew.filter(removed_at__isnull=True).select_related("person")


def in_form_order(measures: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Item 5 in the order of the form (5.1 ... 5.10, not 5.1, 5.10, 5.2), rows of one item in the order given."""
    order = {code: index for index, code in enumerate(MeasureCode.values)}
    return sorted(measures, key=lambda row: order[MeasureCode(row[0])])


# --- guards of the clauses -----------------------------------------------------------------------------------------

def air_problems(permit: Permit) -> list[str]:
    """Item 5.4: with an air sampling measure, every sampled place's latest sample must be within its limit."""
    if not permit.measures.filter(code=MeasureCode.AIR_SAMPLE).exists():
        return []
    samples = list(permit.air_samples.order_by("taken_at", "id"))
    if not samples:
        return [_("no air sample has been recorded (item 5.4)")]
    latest = {}
    for sample in samples:
        latest[sample.place.strip().lower()] = sample
    return [_("the latest air sample at %(place)s (%(substance)s %(value)s, limit %(limit)s) is outside the limit; "
              "record a new passing sample") % {"place": s.place, "substance": s.substance, "value": s.value,
                                                "limit": s.limit}
            for s in latest.values() if not s.passed]


def _check_air(permit: Permit) -> None:
    problems = air_problems(permit)
    if problems:
        raise ActionRefused(_("Admission is blocked: %(problems)s.") % {"problems": "; ".join(problems)})


def overlapping_permits(permit: Permit):
    """344 cl.7: open permits of the organisation whose period overlaps and whose place or equipment is the same."""
    same_place = Q(division=permit.division_id, place__iexact=permit.place.strip())
    if permit.facility_id:
        same_place |= Q(facility=permit.facility_id, place__iexact=permit.place.strip())
    device_ids = list(permit.devices.values_list("pk", flat=True))
    if device_ids:
        same_place |= Q(devices__in=device_ids)
    return (Permit.objects.filter(organisation=permit.organisation_id, status__in=OPEN_STATUSES - {Status.COMPLETED},
                                  planned_start__lt=permit.planned_end, planned_end__gt=permit.planned_start)
            .filter(same_place).exclude(pk=permit.pk).distinct().order_by("number", "pk"))


def unresolved_overlaps(permit: Permit) -> list[Permit]:
    agreed = set(Permit.objects.filter(overlap_agreements__permits=permit).values_list("pk", flat=True))
    return [other for other in overlapping_permits(permit) if other.pk not in agreed]


def _check_issue(permit: Permit, issuer: Person) -> None:
    """The guards of issue: 344 cl.7-9, cl.12, cl.16-20, item 5."""
    problems: list[str] = []
    divisions = [permit.division, *permit.other_divisions.all()]
    # cl.16: several divisions → the issuer's authority must reach all of them; local work → the division itself.
    for division in divisions:
        competence = is_competent(issuer, CompetenceRole.PERMIT_ISSUER, _now(), division=division)
        if not competence:
            problems.append(competence.explain())
    # cl.9, cl.17: a contractor's permit is issued by its authorised person for a site handed over by certificate.
    if permit.contractor_id:
        if issuer.contractor_id != permit.contractor_id:
            problems.append(_("a contractor's permit is issued by an authorised person of that contractor (344 cl.9)"))
        certificate = permit.certificate
        if certificate is None:
            problems.append(_("a contractor's permit needs the admission certificate of the site (344 cl.9, cl.17)"))
        elif (certificate.contractor_id != permit.contractor_id or certificate.status != CertificateStatus.ACTIVE
              or not (certificate.starts_on <= timezone.localdate(permit.planned_start)
                      and timezone.localdate(permit.planned_end) <= certificate.ends_on)):
            problems.append(_("the admission certificate is not in force for this contractor over the whole planned "
                              "period; a new certificate is needed (Annex 3)"))
    elif issuer.contractor_id:
        problems.append(_("a contractor's person issues permits only for that contractor's work (344 cl.9)"))
    # cl.19-20: the issuer appoints the people; the admitting person comes from the management of the division.
    for person, role in [(permit.performer, CompetenceRole.WORK_PERFORMER),
                         (permit.responsible_manager, CompetenceRole.RESPONSIBLE_MANAGER),
                         *[(p, CompetenceRole.ADMITTING_PERSON) for p in permit.admitting_persons.all()]]:
        competence = is_competent(person, role, _now(), division=permit.division)
        if not competence:
            problems.append(competence.explain())
    if not permit.admitting_persons.exists():
        problems.append(_("no admitting person is named (item 3)"))
    if not permit.measures.exists():
        problems.append(_("no safety measure is listed (item 5)"))
    # cl.8: near communications or earthwork → agreements with the serving organisations are attached first.
    needs_agreement = permit.nearby or permit.earthwork or permit.work_type.kind == WorkKind.EXCAVATION
    if needs_agreement and not permit.attachments.filter(kind="agreement").exists():
        problems.append(_("the work is near existing communications or is earthwork: attach the agreement with the "
                          "organisations serving them (344 cl.8)"))
    # cl.7: others working on the same site at the same time → joint measures first.
    for other in unresolved_overlaps(permit):
        problems.append(_("%(permit)s works at the same place at the same time: agree additional joint measures "
                          "(344 cl.7)") % {"permit": other})
    # cl.12: after an emergency, a permit only once the direct threat has been removed.
    if permit.emergency_id and permit.emergency.status != EmergencyStatus.THREAT_ELIMINATED:
        problems.append(_("the emergency work is still under way under the accident elimination plan (344 cl.12)"))
    if permit.planned_end <= _now():
        problems.append(_("the planned period has already ended"))
    if problems:
        raise ActionRefused(_("The permit cannot be issued: %(problems)s.") % {"problems": "; ".join(problems)})


# --- drafts --------------------------------------------------------------------------------------------------------

def _check_draft_people(permit: Permit) -> None:
    organisation_id = permit.organisation_id
    for field in ("division", "performer", "responsible_manager", "issuer", "facility", "contractor", "work_type",
                  "certificate", "emergency"):
        value = getattr(permit, field, None)
        owner = getattr(value, "organisation_id", organisation_id) if value is not None else organisation_id
        if owner not in (organisation_id, None):
            raise ValidationError({field: _("This belongs to another organisation.")})


def _set_relations(permit: Permit, *, admitting_persons=None, devices=None, other_divisions=None) -> None:
    for field, values in (("admitting_persons", admitting_persons), ("devices", devices),
                          ("other_divisions", other_divisions)):
        if values is None:
            continue
        values = list(values)
        if any(v.organisation_id != permit.organisation_id for v in values):
            raise ValidationError({field: _("This belongs to another organisation.")})
        getattr(permit, field).set(values)


@transaction.atomic
def permit_create(*, by, permit: Permit, admitting_persons: Iterable[Person], devices: Iterable = (),
                  other_divisions: Iterable = (), approvers: Iterable[tuple[str, Person]] = (),
                  measures: Iterable[tuple[str, str]] | None = None) -> Permit:
    """A new draft. Without `measures`, the work type's template pre-fills item 5; the issuer adapts it afterwards."""
    if not organisations_for(by, Action.ADD, Permit).filter(pk=permit.organisation_id).exists():
        raise PermissionDenied(_("You are not allowed to draw up permits in this organisation."))
    if person_of(by) is None:
        raise PermissionDenied(_("Your login is not linked to a person of the register, so you cannot draw up permits."))
    _check_draft_people(permit)
    permit.full_clean(exclude=["number", "year"])
    permit.status = Status.DRAFT
    permit.save()
    _set_relations(permit, admitting_persons=admitting_persons, devices=devices, other_divisions=other_divisions)
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


@transaction.atomic
def permit_update(*, by, permit: Permit, changes: dict, admitting_persons=None, devices=None, other_divisions=None,
                  measures: Iterable[tuple[str, str]] | None = None,
                  approvers: Iterable[tuple[str, Person]] | None = None) -> Permit:
    """Edit a draft; once issued, nothing in it can be changed (344 cl.5)."""
    permit = _lock(permit)
    role = check_action(by, Act.UPDATE, permit)
    kept = set(changes) & _NOT_EDITABLE
    if kept:  # the register number, the status and the record of the permit's life are the actions' business
        raise ValueError(f"permit_update cannot change {sorted(kept)}")
    for field, value in changes.items():
        setattr(permit, field, value)
    _check_draft_people(permit)
    permit.full_clean(exclude=["number", "year"])
    permit.save()
    _set_relations(permit, admitting_persons=admitting_persons, devices=devices, other_divisions=other_divisions)
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


# --- issue, measures, approvals, air -------------------------------------------------------------------------------

def _put_devices_under_permit(*, permit: Permit, by, role: str) -> None:
    for device in TechnicalDevice.objects.select_for_update().filter(pk__in=permit.devices.values("pk")):
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
    for device in TechnicalDevice.objects.select_for_update().filter(pk__in=permit.devices.values("pk")):
        if device.state == DeviceState.UNDER_PERMIT and not still_open.filter(devices=device).exists():
            device.state = DeviceState.STOPPED
            device.save(update_fields=["state", "updated_at"])
            _log(by=by, role=role, event="state_changed", obj=device)


@transaction.atomic
def permit_issue(*, permit: Permit, by, credentials: Credentials) -> Permit:
    """Item 6: the issuer signs; the permit takes the next register number (344 cl.10, cl.13, cl.16, cl.19)."""
    permit = _lock(permit)
    role = check_action(by, Act.ISSUE, permit)
    _check_issue(permit, person_of(by))
    _sign(permit=permit, by=by, role=role, act=Act.ISSUE, purpose="item6_issued", credentials=credentials,
          competence_role=CompetenceRole.PERMIT_ISSUER)
    now = _now()
    permit.year = timezone.localdate(now).year
    permit.number = ledger.number_next(organisation_id=permit.organisation_id, register="permit", year=permit.year)
    permit.issued_at = now
    _move(permit=permit, act=Act.ISSUE, by=by, role=role, fields=["year", "number", "issued_at"])
    _put_devices_under_permit(permit=permit, by=by, role=role)
    notices.after_commit(permit, Act.ISSUE)
    return permit


@transaction.atomic
def permit_cancel(*, permit: Permit, by, reason: str, credentials: Credentials) -> Permit:
    permit = _lock(permit)
    role = check_action(by, Act.CANCEL, permit)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if permit.status != Status.DRAFT:
        _sign(permit=permit, by=by, role=role, act=Act.CANCEL, purpose="cancelled", credentials=credentials,
              competence_role=None)
    permit.end_note, permit.ended_at = reason.strip(), _now()
    _move(permit=permit, act=Act.CANCEL, by=by, role=role, fields=["end_note", "ended_at"])
    _release_devices(permit=permit, by=by, role=role)
    return permit


@transaction.atomic
def measure_complete(*, measure: PermitMeasure, by, credentials: Credentials) -> PermitMeasure:
    """Item 7: the person who carried out a measure signs it (344 cl.10, cl.21)."""
    permit = _lock(measure.permit)
    role = check_action(by, Act.COMPLETE_MEASURE, permit)
    measure = PermitMeasure.objects.select_for_update().get(pk=measure.pk, permit=permit)
    if measure.done_at is not None:
        raise ActionRefused(_("This measure was already signed as carried out by %(person)s.")
                            % {"person": measure.done_by})
    person = person_of(by)
    competence_role = (CompetenceRole.ADMITTING_PERSON if permit.admitting_persons.filter(pk=person.pk).exists()
                       else CompetenceRole.CREW_MEMBER)
    _sign(permit=permit, by=by, role=role, act=Act.COMPLETE_MEASURE, purpose="item7_measure_done",
          credentials=credentials, competence_role=competence_role, subject=measure)
    measure.done_by, measure.done_at = person, _now()
    measure.save(update_fields=["done_by", "done_at"])
    _log(by=by, role=role, event="done", obj=measure)
    return measure


@transaction.atomic
def joint_measures_agree(*, permit: Permit, others: Iterable[Permit], by, measures: str) -> OverlapAgreement:
    """344 cl.7: additional joint measures for permits at the same place and time, entered on every permit concerned."""
    permit = _lock(permit)
    role = check_action(by, Act.ADD_JOINT_MEASURES, permit)
    if not measures.strip():
        raise ValidationError({"measures": _("Describe the additional joint measures.")})
    others = [Permit.objects.select_for_update().get(pk=o.pk) for o in others]
    overlapping = set(overlapping_permits(permit).values_list("pk", flat=True))
    if not others or any(o.pk not in overlapping for o in others):
        raise ValidationError({"others": _("Choose permits that work at the same place at the same time.")})
    agreement = OverlapAgreement.objects.create(organisation_id=permit.organisation_id, measures=measures.strip(),
                                                agreed_at=_now(), agreed_by=person_of(by))
    agreement.permits.set([permit, *others])
    _log(by=by, role=role, event="created", obj=agreement)
    for target in [permit, *others]:
        if target.status in ENDED_STATUSES:
            continue
        measure = PermitMeasure.objects.create(permit=target, code=MeasureCode.ADDITIONAL, text=measures.strip(),
                                               joint=agreement, position=100)
        _log(by=by, role=role, event="created", obj=measure)
        notices.after_commit(target, Act.ADD_JOINT_MEASURES)
    return agreement


@transaction.atomic
def air_sample_record(*, permit: Permit, by, place: str, taken_at: datetime.datetime, substance: str,
                      value: Decimal, limit: Decimal, unit: str, measured_by: Person) -> AirSample:
    """Item 5.4: a sample outside its limit blocks admission until a new passing sample is recorded."""
    permit = _lock(permit)
    role = check_action(by, Act.RECORD_AIR_SAMPLE, permit)
    if measured_by.organisation_id != permit.organisation_id:
        raise ValidationError({"measured_by": _("This belongs to another organisation.")})
    if taken_at > _now() + datetime.timedelta(minutes=5):
        raise ValidationError({"taken_at": _("A sample cannot be taken in the future.")})
    if value < 0 or limit <= 0:
        raise ValidationError({"value": _("Values must not be negative and the limit must be above zero.")})
    sample = AirSample(permit=permit, place=place.strip(), taken_at=taken_at, substance=substance.strip(), value=value,
                       limit=limit, unit=unit.strip() or "mg/m³", measured_by=measured_by, passed=value <= limit)
    sample.full_clean()
    sample.save()
    _log(by=by, role=role, event="recorded", obj=sample)
    if not sample.passed:
        notices.after_commit(permit, Act.RECORD_AIR_SAMPLE)
    return sample


@transaction.atomic
def permit_approve(*, permit: Permit, by, credentials: Credentials) -> Approval:
    """Items 8 and 8.1: an approver named by the issuer signs (344 cl.10)."""
    permit = _lock(permit)
    role = check_action(by, Act.APPROVE, permit)
    approval = Approval.objects.select_for_update().filter(permit=permit, approver=person_of(by),
                                                           approved_at__isnull=True).first()
    _sign(permit=permit, by=by, role=role, act=Act.APPROVE, purpose=f"item{approval.kind}_approved",
          credentials=credentials, competence_role=None, subject=approval)
    approval.approved_at = _now()
    approval.save(update_fields=["approved_at"])
    _log(by=by, role=role, event="approved", obj=approval)
    return approval


# --- admission, briefing, start ------------------------------------------------------------------------------------

@transaction.atomic
def permit_admit(*, permit: Permit, by, credentials: Credentials, measures_checked: bool, performer_briefed: bool,
                 copy_handed_over: bool) -> Permit:
    """Item 9: the admitting person checks the measures, briefs the performer on site and hands over a copy
    (344 cl.10, cl.22, cl.23)."""
    permit = _lock(permit)
    role = check_action(by, Act.ADMIT, permit)
    if not (measures_checked and performer_briefed and copy_handed_over):
        raise ValidationError(_("Confirm that you checked the measures, briefed the work performer at the place of work "
                                "and handed over a copy of the permit (344 cl.22-23)."))
    pending = [m for m in permit.measures.all() if m.done_at is None]
    if pending:
        raise ActionRefused(_("Measures not yet carried out and signed (item 7): %(measures)s.")
                            % {"measures": "; ".join(f"{m.code} {m.text[:60]}" for m in pending)})
    unapproved = [a for a in permit.approvals.select_related("approver") if a.approved_at is None]
    if unapproved:
        raise ActionRefused(_("Approvals missing (items 8, 8.1): %(people)s.")
                            % {"people": ", ".join(str(a.approver) for a in unapproved)})
    _check_air(permit)
    overlaps = unresolved_overlaps(permit)
    if overlaps:
        raise ActionRefused(_("Other permits work at the same place at the same time without joint measures: "
                              "%(permits)s (344 cl.7).") % {"permits": ", ".join(str(p) for p in overlaps)})
    now = _now()
    if now >= permit.planned_end:
        raise ActionRefused(_("The planned period of the permit has ended."))
    shift = shift_at(permit.organisation_id, now)
    _sign(permit=permit, by=by, role=role, act=Act.ADMIT, purpose="item9_admitted", credentials=credentials,
          competence_role=CompetenceRole.ADMITTING_PERSON)
    permit.admitted_at, permit.valid_until = now, min(shift.end, permit.planned_end)
    _move(permit=permit, act=Act.ADMIT, by=by, role=role, fields=["admitted_at", "valid_until"])
    _start_period(permit=permit, by=by, role=role, kind=PeriodKind.INITIAL, admitted_by=person_of(by))
    notices.after_commit(permit, Act.ADMIT)
    return permit


@transaction.atomic
def permit_accept_workplace(*, permit: Permit, by, credentials: Credentials) -> Permit:
    """Item 10: the performer, briefed, has checked the preparation and accepts the workplace."""
    permit = _lock(permit)
    role = check_action(by, Act.ACCEPT_WORKPLACE, permit)
    if permit.accepted_at is not None:
        raise ActionRefused(_("The workplace has already been accepted."))
    _sign(permit=permit, by=by, role=role, act=Act.ACCEPT_WORKPLACE, purpose="item10_accepted",
          credentials=credentials, competence_role=CompetenceRole.WORK_PERFORMER)
    permit.accepted_at = _now()
    _move(permit=permit, act=Act.ACCEPT_WORKPLACE, by=by, role=role, fields=["accepted_at"])
    return permit


@transaction.atomic
def crew_add(*, permit: Permit, by, person: Person) -> CrewMember:
    """A crew member joins; he works only once briefed (item 11). His trainings are checked now and at briefing."""
    permit = _lock(permit)
    role = check_action(by, Act.ADD_MEMBER, permit)
    if person.organisation_id != permit.organisation_id:
        raise ValidationError({"person": _("This belongs to another organisation.")})
    if permit.contractor_id and person.contractor_id != permit.contractor_id:
        raise ValidationError({"person": _("The crew of a contractor's permit consists of that contractor's staff.")})
    if _active_crew(permit).filter(person=person).exists():
        raise ValidationError({"person": _("%(person)s is already in the crew.") % {"person": person}})
    _require_competent(person, CompetenceRole.CREW_MEMBER, permit)
    member = CrewMember.objects.create(permit=permit, person=person, added_at=_now())
    _log(by=by, role=role, event="added", obj=member)
    return member


@transaction.atomic
def crew_remove(*, member: CrewMember, by) -> CrewMember:
    permit = _lock(member.permit)
    role = check_action(by, Act.REMOVE_MEMBER, permit)
    member = CrewMember.objects.select_for_update().get(pk=member.pk, permit=permit)
    if member.removed_at is not None:
        raise ActionRefused(_("%(person)s has already left the crew.") % {"person": member.person})
    member.removed_at = _now()
    member.save(update_fields=["removed_at"])
    _log(by=by, role=role, event="removed", obj=member)
    return member


@transaction.atomic
def crew_brief(*, member: CrewMember, by, credentials: Credentials, member_credentials: Credentials) -> CrewMember:
    """Item 11: the admitting person briefs a member; the member signs that he knows the conditions."""
    permit = _lock(member.permit)
    role = check_action(by, Act.BRIEF_MEMBER, permit)
    member = CrewMember.objects.select_for_update(of=("self",)).select_related("person__user").get(
        pk=member.pk, permit=permit)
    if member.removed_at is not None:
        raise ActionRefused(_("%(person)s has left the crew.") % {"person": member.person})
    if member.briefed_at is not None:
        raise ActionRefused(_("%(person)s has already been briefed.") % {"person": member.person})
    _sign(permit=permit, by=by, role=role, act=Act.BRIEF_MEMBER, purpose="item11_briefing_given",
          credentials=credentials, competence_role=CompetenceRole.ADMITTING_PERSON, subject=member)
    _cosign(permit=permit, person=member.person, act=Act.BRIEF_MEMBER, purpose="item11_briefing_received",
            credentials=member_credentials, competence_role=CompetenceRole.CREW_MEMBER, subject=member)
    member.briefed_at, member.briefed_by = _now(), person_of(by)
    member.save(update_fields=["briefed_at", "briefed_by"])
    _log(by=by, role=role, event="briefed", obj=member)
    return member


def _check_crew_ready(permit: Permit) -> int:
    crew = list(_active_crew(permit))
    if not crew:
        raise ActionRefused(_("The crew is empty (item 11)."))
    unbriefed = [str(m.person) for m in crew if m.briefed_at is None]
    if unbriefed:
        raise ActionRefused(_("Not yet briefed (item 11): %(people)s.") % {"people": ", ".join(unbriefed)})
    return len(crew)


def _check_valid_now(permit: Permit) -> None:
    if permit.valid_until is None or _now() >= permit.valid_until:
        raise ActionRefused(_("The permit is not extended for the present shift (344 cl.6)."))


@transaction.atomic
def permit_start_work(*, permit: Permit, by, credentials: Credentials) -> Permit:
    """Item 11: "the crew of N persons briefed, started work", signed by the performer."""
    permit = _lock(permit)
    role = check_action(by, Act.START_WORK, permit)
    if permit.accepted_at is None:
        raise ActionRefused(_("The work performer has not yet accepted the workplace (item 10)."))
    count = _check_crew_ready(permit)
    _check_valid_now(permit)
    _sign(permit=permit, by=by, role=role, act=Act.START_WORK, purpose="item11_work_started", credentials=credentials,
          competence_role=CompetenceRole.WORK_PERFORMER, subject={"crew": count})
    permit.started_at = _now()
    _move(permit=permit, act=Act.START_WORK, by=by, role=role, fields=["started_at"])
    return permit


# --- breaks, shifts, extensions ------------------------------------------------------------------------------------

@transaction.atomic
def permit_pause(*, permit: Permit, by, credentials: Credentials, performer_credentials: Credentials) -> Permit:
    """344 cl.23: a daily break, signed by the admitting person and the performer (a lunch break is not recorded)."""
    permit = _lock(permit)
    role = check_action(by, Act.PAUSE, permit)
    _sign(permit=permit, by=by, role=role, act=Act.PAUSE, purpose="cl23_break", credentials=credentials,
          competence_role=CompetenceRole.ADMITTING_PERSON)
    _cosign(permit=permit, person=_performer(permit), act=Act.PAUSE, purpose="cl23_break_performer",
            credentials=performer_credentials, competence_role=CompetenceRole.WORK_PERFORMER)
    permit.paused_at, permit.pause_kind = _now(), PauseKind.DAILY_BREAK
    _move(permit=permit, act=Act.PAUSE, by=by, role=role, fields=["paused_at", "pause_kind"])
    _end_period(permit=permit, by=by, role=role)
    return permit


@transaction.atomic
def permit_hand_over_shift(*, permit: Permit, by, credentials: Credentials) -> Permit:
    """344 cl.24, item 12: "the conditions have not changed, the shift has been passed", by the outgoing performer."""
    permit = _lock(permit)
    role = check_action(by, Act.HAND_OVER_SHIFT, permit)
    if permit.validity != Validity.WHOLE_PERIOD:
        raise ActionRefused(_("A permit for one shift is not handed over to another shift (344 cl.6)."))
    _sign(permit=permit, by=by, role=role, act=Act.HAND_OVER_SHIFT, purpose="item12_shift_handed_over",
          credentials=credentials, competence_role=CompetenceRole.WORK_PERFORMER)
    permit.paused_at, permit.pause_kind = _now(), PauseKind.SHIFT_HANDOVER
    _move(permit=permit, act=Act.HAND_OVER_SHIFT, by=by, role=role, fields=["paused_at", "pause_kind"])
    return permit


def _long_break(permit: Permit, since) -> bool:
    return since is not None and _now() - since > shift_length(permit.organisation_id)


@transaction.atomic
def permit_readmit(*, permit: Permit, by, credentials: Credentials, performer_credentials: Credentials,
                   conditions_unchanged: bool = False) -> Permit:
    """344 cl.23 and cl.28: re-admission after a break within the shift the permit is valid for; after more than one
    shift, only once the admitting person and the performer confirm that the safety conditions have not changed."""
    permit = _lock(permit)
    role = check_action(by, Act.READMIT, permit)
    if permit.valid_until is None or _now() >= permit.valid_until:
        if permit.validity == Validity.WHOLE_PERIOD:
            raise ActionRefused(_("The shift the permit was extended for is over: extend it for this shift (item 12)."))
        raise ActionRefused(_("A permit for one shift ends with its shift: hand it back and issue a new one (344 cl.6)."))
    if _long_break(permit, permit.paused_at) and not conditions_unchanged:
        raise ValidationError(_("The break lasted more than one shift: confirm, together with the work performer, that "
                                "the safety conditions of the permit have not changed (344 cl.28)."))
    _check_air(permit)
    _sign(permit=permit, by=by, role=role, act=Act.READMIT, purpose="cl23_readmitted", credentials=credentials,
          competence_role=CompetenceRole.ADMITTING_PERSON)
    performer = _performer(permit)
    _cosign(permit=permit, person=performer, act=Act.READMIT, purpose="cl23_readmitted_performer",
            credentials=performer_credentials, competence_role=CompetenceRole.WORK_PERFORMER)
    if permit.pause_kind == PauseKind.DAILY_BREAK or _open_period(permit) is None:
        _end_period(permit=permit, by=by, role=role)
        _start_period(permit=permit, by=by, role=role, kind=PeriodKind.READMISSION, admitted_by=person_of(by))
    permit.paused_at, permit.pause_kind = None, ""
    _move(permit=permit, act=Act.READMIT, by=by, role=role, fields=["paused_at", "pause_kind"])
    return permit


@transaction.atomic
def permit_extend(*, permit: Permit, by, credentials: Credentials, shift_performer: Person,
                  performer_credentials: Credentials, crew_count: int, measures_checked: bool,
                  conditions_unchanged: bool = False) -> Extension:
    """Item 12, 344 cl.6, cl.22, cl.24, cl.29: before each shift the admitting person checks the measures and extends
    the permit for that shift; the performer of the incoming shift accepts it."""
    permit = _lock(permit)
    role = check_action(by, Act.EXTEND, permit)
    if not measures_checked:
        raise ValidationError({"measures_checked": _(
            "Confirm that you checked the measures of the permit and briefed the work performer at the place of work "
            "before this shift (344 cl.22).")})
    now = _now()
    if permit.validity != Validity.WHOLE_PERIOD:
        raise ActionRefused(_("A permit issued for one shift cannot be extended (344 cl.6)."))
    if now >= permit.planned_end:
        raise ActionRefused(_("The planned period of the permit has ended: hand it back or issue a new permit."))
    shift = shift_to_extend_for(permit.organisation_id, now)
    if shift.end <= now:
        raise ActionRefused(_("No shift of the shift schedule is running or about to start now."))
    if permit.valid_until is not None and permit.valid_until >= min(shift.end, permit.planned_end):
        raise ActionRefused(_("The permit is already extended for this shift."))
    # A permit that lapsed right after admission goes on only once its performer has accepted the workplace (item 10).
    if permit.accepted_at is None:
        raise ActionRefused(_("The work performer has not yet accepted the workplace (item 10)."))
    if shift_performer.organisation_id != permit.organisation_id:
        raise ValidationError({"shift_performer": _("This belongs to another organisation.")})
    crew = _active_crew(permit).count()
    if crew_count < 1 or crew_count > crew:
        raise ValidationError({"crew_count": _("The incoming crew must be between 1 and the %(count)s briefed members "
                                               "of the crew.") % {"count": crew}})
    _check_crew_ready(permit)
    since = permit.paused_at or (permit.valid_until if permit.status == Status.LAPSED else None)
    if _long_break(permit, since) and not conditions_unchanged:
        raise ValidationError(_("The break lasted more than one shift: confirm, together with the work performer, that "
                                "the safety conditions of the permit have not changed (344 cl.28)."))
    _check_air(permit)
    handed_over_by = None
    if permit.pause_kind == PauseKind.SHIFT_HANDOVER:
        handed_over_by = _performer(permit)
    _sign(permit=permit, by=by, role=role, act=Act.EXTEND, purpose="item12_extended", credentials=credentials,
          competence_role=CompetenceRole.ADMITTING_PERSON, subject={"shift_start": shift.start.isoformat()})
    _cosign(permit=permit, person=shift_performer, act=Act.EXTEND, purpose="item12_shift_accepted",
            credentials=performer_credentials, competence_role=CompetenceRole.WORK_PERFORMER,
            subject={"shift_start": shift.start.isoformat()})
    extension = Extension.objects.create(permit=permit, extended_at=now, shift_start=shift.start,
                                         shift_end=min(shift.end, permit.planned_end), handed_over_by=handed_over_by,
                                         accepted_by=shift_performer, crew_count=crew_count, admitted_by=person_of(by))
    _log(by=by, role=role, event="recorded", obj=extension)
    if permit.pause_kind == PauseKind.DAILY_BREAK or permit.status == Status.LAPSED:
        _end_period(permit=permit, by=by, role=role)
        _start_period(permit=permit, by=by, role=role, kind=PeriodKind.READMISSION, admitted_by=person_of(by))
    permit.valid_until = extension.shift_end
    permit.paused_at, permit.pause_kind = None, ""
    _move(permit=permit, act=Act.EXTEND, by=by, role=role, fields=["valid_until", "paused_at", "pause_kind"])
    return extension


def lapse_due(now=None):
    """Permits that must lapse now (344 cl.6): work not extended for the running shift, or the period over."""
    now = now or _now()
    return Permit.objects.filter(
        Q(status__in=[Status.ADMITTED, Status.IN_PROGRESS], valid_until__lte=now)
        | Q(status=Status.PAUSED, validity=Validity.SINGLE_SHIFT, valid_until__lte=now)
        | Q(status=Status.PAUSED, planned_end__lte=now)
    )


@transaction.atomic
def permit_lapse(*, permit: Permit) -> Permit | None:
    """The scheduled lapse (a job, not a person): the permit no longer allows work; everyone concerned is told."""
    permit = _lock(permit)
    if not lapse_due().filter(pk=permit.pk).exists():
        return None  # extended or ended meanwhile
    _end_period(permit=permit, by=None, role="system", at=min(permit.valid_until or _now(), _now()))
    permit.status = Status.LAPSED
    permit.save(update_fields=["status", "updated_at"])
    _log(by=None, role="system", event=Act.LAPSE, obj=permit)
    notices.after_commit(permit, Act.LAPSE)
    return permit


# --- suspension, termination, loss --------------------------------------------------------------------------------

@transaction.atomic
def permit_suspend(*, permit: Permit, by, reason: str, credentials: Credentials,
                   performer_credentials: Credentials) -> Permit:
    """344 cl.27: the crew leaves the place of work and the performer returns the permit to the admitting person."""
    permit = _lock(permit)
    role = check_action(by, Act.SUSPEND, permit)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    _sign(permit=permit, by=by, role=role, act=Act.SUSPEND, purpose="cl27_suspended", credentials=credentials,
          competence_role=CompetenceRole.ADMITTING_PERSON)
    _cosign(permit=permit, person=_performer(permit), act=Act.SUSPEND, purpose="cl27_permit_returned",
            credentials=performer_credentials, competence_role=None)
    permit.suspended_at, permit.end_note = _now(), reason.strip()
    permit.paused_at, permit.pause_kind = None, ""
    _move(permit=permit, act=Act.SUSPEND, by=by, role=role, fields=["suspended_at", "end_note", "paused_at",
                                                                     "pause_kind"])
    _end_period(permit=permit, by=by, role=role)
    notices.after_commit(permit, Act.SUSPEND)
    return permit


@transaction.atomic
def permit_resume(*, permit: Permit, by, measures_rechecked: Iterable[int], credentials: Credentials,
                  performer_credentials: Credentials) -> Permit:
    """344 cl.27: work resumes only after all the initial measures are checked again; the permit goes back to the
    performer."""
    permit = _lock(permit)
    role = check_action(by, Act.RESUME, permit)
    all_measures = set(permit.measures.values_list("pk", flat=True))
    missing = all_measures - set(measures_rechecked)
    if missing:
        raise ValidationError({"measures_rechecked": _("Check every initial measure again before work resumes "
                                                       "(344 cl.27).")})
    _check_air(permit)
    now = _now()
    # A suspension may outlast the shift (cl.27 sets no limit). Checking every initial measure again is more than an
    # extension asks (cl.22), so for a whole-period permit the resumption also extends it for the running shift.
    shift = None
    if permit.valid_until is None or now >= permit.valid_until:
        if permit.validity != Validity.WHOLE_PERIOD or now >= permit.planned_end:
            _check_valid_now(permit)
        shift = shift_at(permit.organisation_id, now)
        if shift.end <= now:
            raise ActionRefused(_("No shift of the shift schedule is running now."))
    _sign(permit=permit, by=by, role=role, act=Act.RESUME, purpose="cl27_resumed", credentials=credentials,
          competence_role=CompetenceRole.ADMITTING_PERSON)
    performer = _performer(permit)
    _cosign(permit=permit, person=performer, act=Act.RESUME, purpose="cl27_permit_received",
            credentials=performer_credentials, competence_role=CompetenceRole.WORK_PERFORMER)
    fields = ["suspended_at"]
    if shift is not None:
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


def _draw_up_anew(*, old: Permit, by, role: str) -> Permit:
    """344 cl.25-26: a new draft with the same content, linked to the permit it replaces; it is issued and admitted anew."""
    new = Permit.objects.get(pk=old.pk)
    new.pk = new.id = None
    new._state.adding = True
    for field in ("number", "year", "issued_at", "admitted_at", "accepted_at", "started_at", "valid_until", "paused_at",
                  "suspended_at", "completed_at", "closed_at", "ended_at"):
        setattr(new, field, None)
    new.status, new.pause_kind, new.termination_reason, new.end_note = Status.DRAFT, "", "", ""
    new.replaces = old
    new.save()
    new.admitting_persons.set(old.admitting_persons.all())
    new.devices.set(old.devices.all())
    new.other_divisions.set(old.other_divisions.all())
    _log(by=by, role=role, event="created", obj=new)
    for measure in old.measures.filter(joint__isnull=True):
        copy = PermitMeasure.objects.create(permit=new, code=measure.code, position=measure.position, text=measure.text)
        _log(by=by, role=role, event="created", obj=copy)
    for approval in old.approvals.all():
        copy = Approval.objects.create(permit=new, kind=approval.kind, approver=approval.approver)
        _log(by=by, role=role, event="created", obj=copy)
    return new


@transaction.atomic
def permit_terminate(*, permit: Permit, by, reason: str, note: str, credentials: Credentials) -> Permit:
    """344 cl.25: the admitting person stops the work and withdraws the permit; a new one is drawn up and admitted
    anew. Returns the new draft."""
    permit = _lock(permit)
    role = check_action(by, Act.TERMINATE, permit)
    reason = TerminationReason(reason)
    _sign(permit=permit, by=by, role=role, act=Act.TERMINATE, purpose="cl25_terminated", credentials=credentials,
          competence_role=CompetenceRole.ADMITTING_PERSON, subject={"reason": reason.value})
    permit.termination_reason, permit.end_note, permit.ended_at = reason, note.strip(), _now()
    _end_period(permit=permit, by=by, role=role)
    _move(permit=permit, act=Act.TERMINATE, by=by, role=role, fields=["termination_reason", "end_note", "ended_at"])
    new = _draw_up_anew(old=permit, by=by, role=role)
    notices.after_commit(permit, Act.TERMINATE)
    return new


@transaction.atomic
def permit_report_lost(*, permit: Permit, by, note: str, credentials: Credentials) -> Permit:
    """344 cl.26: the work stops, the lost permit is void; a new one is issued and admitted anew. Returns the new draft."""
    permit = _lock(permit)
    role = check_action(by, Act.REPORT_LOST, permit)
    _sign(permit=permit, by=by, role=role, act=Act.REPORT_LOST, purpose="cl26_lost", credentials=credentials,
          competence_role=None)
    permit.end_note, permit.ended_at = note.strip(), _now()
    _end_period(permit=permit, by=by, role=role)
    _move(permit=permit, act=Act.REPORT_LOST, by=by, role=role, fields=["end_note", "ended_at"])
    new = _draw_up_anew(old=permit, by=by, role=role)
    notices.after_commit(permit, Act.REPORT_LOST)
    return new


# --- completion and closure ----------------------------------------------------------------------------------------

@transaction.atomic
def permit_hand_back(*, permit: Permit, by, credentials: Credentials, workplace_cleared: bool,
                     people_withdrawn: bool, completed_at: datetime.datetime | None = None) -> Permit:
    """Item 13: the work is completed, the workplace cleared, the people withdrawn; the performer hands it back."""
    permit = _lock(permit)
    role = check_action(by, Act.HAND_BACK, permit)
    if not (workplace_cleared and people_withdrawn):
        raise ValidationError(_("Confirm that the workplace is cleared and the people are withdrawn (item 13)."))
    now = _now()
    completed_at = completed_at or now
    if completed_at > now or (permit.admitted_at and completed_at < permit.admitted_at):
        raise ValidationError({"completed_at": _("The completion time must lie between admission and now.")})
    _sign(permit=permit, by=by, role=role, act=Act.HAND_BACK, purpose="item13_handed_back", credentials=credentials,
          competence_role=CompetenceRole.WORK_PERFORMER)
    permit.completed_at, permit.paused_at, permit.pause_kind = completed_at, None, ""
    _end_period(permit=permit, by=by, role=role, at=completed_at)
    _move(permit=permit, act=Act.HAND_BACK, by=by, role=role, fields=["completed_at", "paused_at", "pause_kind"])
    notices.after_commit(permit, Act.HAND_BACK)
    return permit


@transaction.atomic
def permit_close(*, permit: Permit, by, credentials: Credentials, admitting_absent: bool = False) -> Permit:
    """344 cl.11: the admitting person accepts the workplace and the permit and closes it; in the absence of an
    admitting person, the issuer closes it with the performer's hand-back. The equipment may then be started (cl.30)."""
    permit = _lock(permit)
    role = check_action(by, Act.CLOSE, permit)
    person = person_of(by)
    is_admitting = permit.admitting_persons.filter(pk=person.pk).exists()
    if not is_admitting and not admitting_absent:
        raise ValidationError(_("The issuer closes a permit only in the absence of an admitting person: confirm the "
                                "absence (344 cl.11)."))
    purpose = "item13_accepted" if is_admitting else "cl11_closed_by_issuer"
    competence_role = CompetenceRole.ADMITTING_PERSON if is_admitting else CompetenceRole.PERMIT_ISSUER
    _sign(permit=permit, by=by, role=role, act=Act.CLOSE, purpose=purpose, credentials=credentials,
          competence_role=competence_role)
    permit.closed_at = permit.ended_at = _now()
    _move(permit=permit, act=Act.CLOSE, by=by, role=role, fields=["closed_at", "ended_at"])
    _release_devices(permit=permit, by=by, role=role)
    notices.after_commit(permit, Act.CLOSE)
    return permit


# --- admission certificates (Annex 3, 344 cl.17-18) ----------------------------------------------------------------

def _check_certificate(certificate) -> None:
    problems = []
    if certificate.crossed_by_communications:
        problems.append(_("live power lines, gas, heat, oil or acid pipelines or other communications cross the site"))
    if certificate.machines_working:
        problems.append(_("technological machines and mechanisms are working on the site"))
    if problems:
        raise ActionRefused(_("The site cannot be handed over by an admission certificate (344 cl.18): %(problems)s.")
                            % {"problems": "; ".join(problems)})


def _certificate_role(by, certificate) -> str:
    from qauipsiz.accounts.policy import can

    if not can(by, Action.ADD, certificate):
        raise PermissionDenied(_("You are not allowed to draw up admission certificates here."))
    return acting_role(by, Action.ADD, type(certificate), certificate.organisation_id)


@transaction.atomic
def certificate_create(*, by, certificate, measures: Iterable[tuple[str, datetime.date, str]]):
    """A draft certificate with its measures table (number, measure, deadline, executor)."""
    from .models import AdmissionCertificate, CertificateMeasure

    if not organisations_for(by, Action.ADD, AdmissionCertificate).filter(pk=certificate.organisation_id).exists():
        raise PermissionDenied(_("You are not allowed to draw up admission certificates here."))
    for field in ("division", "shop_head", "contractor", "contractor_rep"):
        if getattr(certificate, field).organisation_id != certificate.organisation_id:
            raise ValidationError({field: _("This belongs to another organisation.")})
    if certificate.contractor_rep.contractor_id != certificate.contractor_id:
        raise ValidationError({"contractor_rep": _("The representative must work for the contractor.")})
    certificate.status = CertificateStatus.DRAFT
    certificate.full_clean(exclude=["number", "year"])
    _check_certificate(certificate)
    certificate.save()
    role = acting_role(by, Action.ADD, AdmissionCertificate, certificate.organisation_id)
    _log(by=by, role=role, event="created", obj=certificate)
    for number, (text, deadline, executor) in enumerate(measures, start=1):
        row = CertificateMeasure(certificate=certificate, number=number, text=text.strip(), deadline=deadline,
                                 executor=executor.strip())
        row.full_clean()
        row.save()
        _log(by=by, role=role, event="created", obj=row)
    return certificate


def certificate_content(certificate) -> dict:
    return {
        "certificate": certificate.pk, "organisation": certificate.organisation_id, "division": certificate.division_id,
        "shop_head": certificate.shop_head_id, "contractor": certificate.contractor_id,
        "contractor_rep": certificate.contractor_rep_id, "site_bounds": certificate.site_bounds,
        "work_name": certificate.work_name, "starts_on": certificate.starts_on.isoformat(),
        "ends_on": certificate.ends_on.isoformat(),
        "crossed_by_communications": certificate.crossed_by_communications,
        "machines_working": certificate.machines_working,
        "measures": [[m.number, m.text, m.deadline.isoformat(), m.executor] for m in certificate.measures.all()],
    }


@transaction.atomic
def certificate_sign(*, certificate, by, credentials: Credentials):
    """Annex 3: signed by the head of the shop, then by the contractor's representative; it is then in force."""
    from .models import AdmissionCertificate

    certificate = AdmissionCertificate.objects.select_for_update().get(pk=certificate.pk)
    person = person_of(by)
    if certificate.status == CertificateStatus.DRAFT and person and person.pk == certificate.shop_head_id:
        field, purpose, next_status = "shop_signed_at", "annex3_shop_head", CertificateStatus.SIGNED_BY_SHOP
    elif (certificate.status == CertificateStatus.SIGNED_BY_SHOP and person
          and person.pk == certificate.contractor_rep_id):
        field, purpose, next_status = "contractor_signed_at", "annex3_contractor", CertificateStatus.ACTIVE
    elif person and person.pk in (certificate.shop_head_id, certificate.contractor_rep_id):
        raise ActionRefused(_("The certificate is signed first by the head of the shop, then by the contractor's "
                              "representative."))
    else:
        raise PermissionDenied(_("Only the head of the shop and the contractor's representative sign the certificate."))
    _check_certificate(certificate)
    if certificate.ends_on < timezone.localdate():
        raise ActionRefused(_("The period of the certificate is over: draw up a certificate for a new term (Annex 3)."))
    role = "contractor_rep" if next_status == CertificateStatus.ACTIVE else "division_head"
    sign(organisation_id=certificate.organisation_id, by=by, role=role, obj=certificate,
         purpose=f"permits.admissioncertificate.{purpose}", content=certificate_content(certificate),
         competence_role=None, division=certificate.division, **(credentials or {}))
    setattr(certificate, field, _now())
    certificate.status = next_status
    if next_status == CertificateStatus.ACTIVE:
        certificate.year = timezone.localdate().year
        certificate.number = ledger.number_next(organisation_id=certificate.organisation_id,
                                                register="admission_certificate", year=certificate.year)
    certificate.save()
    _log(by=by, role=role, event="signed", obj=certificate)
    return certificate


# --- emergency work (344 cl.12) ------------------------------------------------------------------------------------

@transaction.atomic
def emergency_start(*, by, emergency: EmergencyWork) -> EmergencyWork:
    """Localisation and elimination of an accident: recorded now, done without a permit under the accident plan."""
    if not organisations_for(by, Action.ADD, EmergencyWork).filter(pk=emergency.organisation_id).exists():
        raise PermissionDenied(_("You are not allowed to record emergency work here."))
    for field in ("division", "leader", "facility"):
        value = getattr(emergency, field)
        if value is not None and value.organisation_id != emergency.organisation_id:
            raise ValidationError({field: _("This belongs to another organisation.")})
    emergency.status = EmergencyStatus.UNDER_WAY
    emergency.full_clean()
    emergency.save()
    _log(by=by, role=acting_role(by, Action.ADD, EmergencyWork, emergency.organisation_id), event="started",
         obj=emergency)
    return emergency


@transaction.atomic
def emergency_threat_eliminated(*, by, emergency: EmergencyWork, at: datetime.datetime | None = None) -> EmergencyWork:
    """From now on the remaining work on the accident and its consequences needs a permit (344 cl.12)."""
    from qauipsiz.accounts.policy import can

    emergency = EmergencyWork.objects.select_for_update().get(pk=emergency.pk)
    if not can(by, Action.ADD, emergency):
        raise PermissionDenied(_("You are not allowed to record emergency work here."))
    if emergency.status != EmergencyStatus.UNDER_WAY:
        raise ActionRefused(_("The direct threat was already recorded as eliminated."))
    at = at or _now()
    if at > _now() or at < emergency.started_at:
        raise ValidationError({"at": _("The time must lie between the start of the emergency work and now.")})
    emergency.status, emergency.threat_eliminated_at = EmergencyStatus.THREAT_ELIMINATED, at
    emergency.save(update_fields=["status", "threat_eliminated_at"])
    _log(by=by, role=acting_role(by, Action.ADD, EmergencyWork, emergency.organisation_id), event="threat_eliminated",
         obj=emergency)
    return emergency


def lapse_job() -> str:
    """The scheduled job of 344 cl.6: lapse every permit whose shift ran out without an extension."""
    lapsed = [p for p in (permit_lapse(permit=permit) for permit in lapse_due().only("pk")) if p is not None]
    return f"{len(lapsed)} permit(s) lapsed"
