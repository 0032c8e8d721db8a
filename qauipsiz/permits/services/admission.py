"""Preparing and admitting the work: measures (item 7), air samples (item 5.4), approvals
(items 8, 8.1), admission (item 9), the workplace (item 10), the crew and its briefing, the start of work (item 11)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.models import Person

from ..acts import Act
from ..choices import AirUnit, GasGroup, MeasureCode, PeriodKind, Status
from ..content import measures_subject
from ..gatekeeper import person_of
from ..models import AirSample, Approval, CrewMember, Permit, PermitMeasure
from ..shifts import shift_at
from .common import Credentials, _active_crew, _log, _move, _now, _start_period, perform_act
from .guards import (
    _check_valid_now,
    _refuse,
    _require_competent,
    admit_problems,
    air_measure_problems,
    start_problems,
)


def _measure_refusal(permit: Permit, measure: PermitMeasure, air=None) -> str:
    """Why `measure` cannot be signed as carried out now ("" when it can): one rule for one measure and for several.
    `air` is `air_measure_problems(permit)` when the caller has it already."""
    if measure.done_at is not None:
        return _("This measure was already signed as carried out by %(person)s.") % {"person": measure.done_by}
    # Once admitted, every measure of the form was carried out: only a joint measure agreed since is still open.
    if permit.status != Status.ISSUED and measure.joint_id is None:
        return _("Only joint measures agreed after admission (344 cl.7) are signed at this stage.")
    # Item 5.4: "take a sample" is done once a sample is there and within its limits, not before.
    if measure.code == MeasureCode.AIR_SAMPLE:
        problems = air_measure_problems(permit) if air is None else air
        if problems:
            return "; ".join(problems)
    return ""


def signable_measures(permit: Permit, measures) -> list[PermitMeasure]:
    """The measures of `measures` that `measures_complete` would let through now (the permit page's checkboxes)."""
    open_ones = [m for m in measures if m.done_at is None]
    air = air_measure_problems(permit) if any(m.code == MeasureCode.AIR_SAMPLE for m in open_ones) else []
    return [m for m in open_ones if not _measure_refusal(permit, m, air)]


def _is_admitting(permit: Permit, by) -> bool:
    person = person_of(by)
    return any(p.pk == person.pk for p in permit.admitting_persons.all())


def measure_complete(*, measure: PermitMeasure, by, credentials: Credentials) -> PermitMeasure:
    """Item 7: the person who carried out a measure signs it (344 cl.10, cl.21)."""
    def guard(context):
        permit = context.record
        locked = PermitMeasure.objects.select_for_update(no_key=True).get(pk=measure.pk, permit=permit)
        refusal = _measure_refusal(permit, locked)
        if refusal:
            raise ActionRefused(refusal)
        context.values.update(measure=locked, subject=locked, admitting=_is_admitting(permit, by))

    def change(context):
        locked = context.values["measure"]
        locked.done_by, locked.done_at = person_of(by), _now()
        locked.save(update_fields=["done_by", "done_at"])
        _log(by=by, role=context.role, event="done", obj=locked)
        return locked

    return perform_act(Act.COMPLETE_MEASURE, permit=measure.permit, by=by, credentials=credentials, guard=guard,
                       change=change, subject=lambda permit: measure)


def measures_complete(*, permit: Permit, by, credentials: Credentials, measures) -> list[PermitMeasure]:
    """Item 7, issue 11: who carried out several measures signs them at once. One signature, whose content names each
    measure (item and text); each measure is marked done by him at the same time and ledgered as the single act does.
    `measures` are the measures' ids (or the measures); if any is not this permit's, already done or not to be signed
    now, the refusal names it and nothing is signed."""
    ids = sorted({getattr(m, "pk", m) for m in measures})
    if not ids:
        raise ValidationError({"measures": _("Choose the measures you carried out.")})

    def guard(context):
        permit = context.record
        locked = list(PermitMeasure.objects.select_for_update(no_key=True, of=("self",)).select_related("done_by")
                      .filter(pk__in=ids, permit=permit).order_by("pk"))
        unknown = sorted(set(ids) - {m.pk for m in locked})
        if unknown:
            raise ValidationError({"measures": _("Not a measure of this permit: %(ids)s.") % {
                "ids": ", ".join(str(pk) for pk in unknown)}})
        air = air_measure_problems(permit) if any(m.code == MeasureCode.AIR_SAMPLE for m in locked) else []
        # Every refusal at once, each naming its measure: the person sees all that stops the set, not the first.
        refusals = [_("Measure %(measure)s: %(refusal)s") % {"measure": m, "refusal": refusal}
                    for m, refusal in ((m, _measure_refusal(permit, m, air)) for m in locked) if refusal]
        if refusals:
            raise ActionRefused(" ".join(refusals))
        context.values.update(measures=locked, subject=measures_subject(locked), admitting=_is_admitting(permit, by))

    def change(context):
        locked, done_by, done_at = context.values["measures"], person_of(by), _now()
        for measure in locked:
            measure.done_by, measure.done_at = done_by, done_at
        PermitMeasure.objects.bulk_update(locked, ["done_by", "done_at"])
        for measure in locked:
            _log(by=by, role=context.role, event="done", obj=measure)
        return locked

    return perform_act(Act.COMPLETE_MEASURES, permit=permit, by=by, credentials=credentials, guard=guard,
                       change=change, subject=lambda permit: measures_subject(
                           [m for m in permit.measures.all() if m.pk in ids]))


def air_sample_record(*, permit: Permit, by, place: str, taken_at: datetime.datetime, substance: str,
                      value: Decimal, limit: Decimal, unit: str, gas_group: str, measured_by: Person) -> AirSample:
    """Item 5.4: "indicate the places and the result of the analysis, the gas contamination group". A sample outside
    its limit blocks admission until a new passing sample of that substance at that place is recorded."""
    def guard(context):
        if measured_by.organisation_id != context.record.organisation_id:
            raise ValidationError({"measured_by": _("This belongs to another organisation.")})
        if taken_at > _now() + datetime.timedelta(minutes=5):
            raise ValidationError({"taken_at": _("A sample cannot be taken in the future.")})
        if value < 0 or limit <= 0:
            raise ValidationError({"value": _("Values must not be negative and the limit must be above zero.")})
        if unit not in AirUnit.values:
            raise ValidationError({"unit": _("Choose the unit from the list.")})
        if gas_group not in GasGroup.values:
            raise ValidationError({"gas_group": _("Indicate the gas contamination group (item 5.4).")})

    def change(context):
        sample = AirSample(permit=context.record, place=place.strip(), taken_at=taken_at, substance=substance.strip(),
                           value=value, limit=limit, unit=unit, gas_group=gas_group, measured_by=measured_by,
                           passed=value <= limit)
        sample.full_clean()
        sample.save()
        _log(by=by, role=context.role, event="recorded", obj=sample)
        return sample

    return perform_act(Act.RECORD_AIR_SAMPLE, permit=permit, by=by, guard=guard, change=change)


def _pending_approval(permit: Permit, by):
    return Approval.objects.filter(permit=permit, approver=person_of(by), approved_at__isnull=True).first()


def permit_approve(*, permit: Permit, by, credentials: Credentials) -> Approval:
    """Items 8 and 8.1: an approver named by the issuer signs (344 cl.10)."""
    def guard(context):
        approval = Approval.objects.select_for_update(no_key=True).filter(permit=context.record, approver=person_of(by),
                                                               approved_at__isnull=True).first()
        if approval is None:  # signed meanwhile by a concurrent request: the same refusal as check_action's
            raise ActionRefused(_("You have already approved this permit (items 8, 8.1)."))
        context.values.update(approval=approval, subject=approval)

    def change(context):
        approval = context.values["approval"]
        approval.approved_at = _now()
        approval.save(update_fields=["approved_at"])
        _log(by=by, role=context.role, event="approved", obj=approval)
        return approval

    return perform_act(Act.APPROVE, permit=permit, by=by, credentials=credentials, guard=guard, change=change,
                       subject=lambda permit: _pending_approval(permit, by))


def permit_admit(*, permit: Permit, by, credentials: Credentials, measures_checked: bool, performer_briefed: bool,
                 copy_handed_over: bool) -> Permit:
    """Item 9: the admitting person checks the measures, briefs the performer on site and hands over a copy
    (344 cl.10, cl.22, cl.23)."""
    def guard(context):
        permit = context.record
        if not (measures_checked and performer_briefed and copy_handed_over):
            raise ValidationError(_("Confirm that you checked the measures, briefed the work performer at the place of "
                                    "work and handed over a copy of the permit (344 cl.22-23)."))
        # Item 9, 344 cl.6, cl.7, item 5.4: one list of reasons, the one the permit page shows before signing.
        now = _now()
        _refuse(admit_problems(permit, now))
        context.values.update(now=now, shift=shift_at(permit.organisation_id, now))

    def change(context):
        permit, role, now = context.record, context.role, context.values["now"]
        permit.admitted_at, permit.valid_until = now, min(context.values["shift"].end, permit.planned_end)
        _move(permit=permit, act=Act.ADMIT, by=by, role=role, fields=["admitted_at", "valid_until"])
        _start_period(permit=permit, by=by, role=role, kind=PeriodKind.INITIAL, admitted_by=person_of(by))
        return permit

    return perform_act(Act.ADMIT, permit=permit, by=by, credentials=credentials, guard=guard, change=change)


def permit_accept_workplace(*, permit: Permit, by, credentials: Credentials) -> Permit:
    """Item 10: the performer, briefed, has checked the preparation and accepts the workplace."""
    def guard(context):
        if context.record.accepted_at is not None:
            raise ActionRefused(_("The workplace has already been accepted."))

    def change(context):
        context.record.accepted_at = _now()
        _move(permit=context.record, act=Act.ACCEPT_WORKPLACE, by=by, role=context.role, fields=["accepted_at"])
        return context.record

    return perform_act(Act.ACCEPT_WORKPLACE, permit=permit, by=by, credentials=credentials, guard=guard,
                       change=change)


def crew_add(*, permit: Permit, by, person: Person) -> CrewMember:
    """A crew member joins; he works only once briefed (item 11). His trainings are checked now and at briefing."""
    def guard(context):
        permit = context.record
        if person.organisation_id != permit.organisation_id:
            raise ValidationError({"person": _("This belongs to another organisation.")})
        if permit.contractor_id and person.contractor_id != permit.contractor_id:
            raise ValidationError({"person": _("The crew of a contractor's permit consists of that contractor's "
                                               "staff.")})
        if _active_crew(permit).filter(person=person).exists():
            raise ValidationError({"person": _("%(person)s is already in the crew.") % {"person": person}})
        _require_competent(person, CompetenceRole.CREW_MEMBER, permit)

    def change(context):
        member = CrewMember.objects.create(permit=context.record, person=person, added_at=_now())
        _log(by=by, role=context.role, event="added", obj=member)
        return member

    return perform_act(Act.ADD_MEMBER, permit=permit, by=by, guard=guard, change=change)


@transactions.atomic
def crew_add_several(*, permit: Permit, by, people) -> list[CrewMember]:
    """Issue 11: several crew members added with one press. Each is its own act (`crew_add`: its checks, its ledger
    entry); all in one transaction, so that one refused (not competent, already in the crew) adds none of them."""
    return [crew_add(permit=permit, by=by, person=person) for person in people]


def crew_remove(*, member: CrewMember, by) -> CrewMember:
    def guard(context):
        locked = CrewMember.objects.select_for_update(no_key=True).get(pk=member.pk, permit=context.record)
        if locked.removed_at is not None:
            raise ActionRefused(_("%(person)s has already left the crew.") % {"person": locked.person})
        context.values["member"] = locked

    def change(context):
        locked = context.values["member"]
        locked.removed_at = _now()
        locked.save(update_fields=["removed_at"])
        _log(by=by, role=context.role, event="removed", obj=locked)
        return locked

    return perform_act(Act.REMOVE_MEMBER, permit=member.permit, by=by, guard=guard, change=change)


def crew_brief(*, member: CrewMember, by, credentials: Credentials, member_credentials: Credentials) -> CrewMember:
    """Item 11: the admitting person briefs a member; the member signs that he knows the conditions."""
    def guard(context):
        locked = CrewMember.objects.select_for_update(no_key=True, of=("self",)).select_related("person__user").get(
            pk=member.pk, permit=context.record)
        if locked.removed_at is not None:
            raise ActionRefused(_("%(person)s has left the crew.") % {"person": locked.person})
        if locked.briefed_at is not None:
            raise ActionRefused(_("%(person)s has already been briefed.") % {"person": locked.person})
        context.values.update(member=locked, subject=locked)

    def change(context):
        locked = context.values["member"]
        locked.briefed_at, locked.briefed_by = _now(), person_of(by)
        locked.save(update_fields=["briefed_at", "briefed_by"])
        _log(by=by, role=context.role, event="briefed", obj=locked)
        return locked

    person = CrewMember.objects.select_related("person__user").get(pk=member.pk).person
    return perform_act(Act.BRIEF_MEMBER, permit=member.permit, by=by, credentials=credentials,
                       member_credentials=member_credentials, people={"member": person}, guard=guard, change=change,
                       subject=lambda permit: member)


def permit_start_work(*, permit: Permit, by, credentials: Credentials) -> Permit:
    """Item 11: "the crew of N persons briefed, started work", signed by the performer."""
    def guard(context):
        permit = context.record
        crew = list(_active_crew(permit))
        _refuse(start_problems(permit, crew=crew))
        _check_valid_now(permit)
        context.values["subject"] = {"crew": len(crew)}

    def change(context):
        context.record.started_at = _now()
        _move(permit=context.record, act=Act.START_WORK, by=by, role=context.role, fields=["started_at"])
        return context.record

    return perform_act(Act.START_WORK, permit=permit, by=by, credentials=credentials, guard=guard, change=change,
                       subject=lambda permit: {"crew": _active_crew(permit).count()})
