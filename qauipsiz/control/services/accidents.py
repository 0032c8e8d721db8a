"""The writes of the register of accidents, incidents and injuries (315 cl.4.9, cl.4.12, cl.26.6, cl.8).

- `accident_register`: the record, numbered per organisation and year; on an accident or an injury the heads are told
  at once of the offer to order an unscheduled inspection (cl.8);
- the investigation as acts (`acts.ACCIDENT_*`): the commission formed, the conclusion signed by its chair, the record
  closed once every measure is done; the head's signed decision on the inspection;
- plain ledgered writes while it is open: the people affected, the measures, the materials (files with their
  SHA-256), the work permits involved (through the permits' service `permits.link_accident`, a permanent hold: 344
  cl.15 ¶2; control never imports permits).
Every write locks the accident first, then the number series, and appends its ledger entries last.
"""

import datetime
import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, can
from qauipsiz.acts.declarations import Notice
from qauipsiz.acts.perform import perform
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.models import HazardousFacility, Location, Person
from qauipsiz.domains import service
from qauipsiz.ledger import services as ledger

from .. import notices
from ..acts import ACCIDENT_CLOSE, ACCIDENT_CONCLUDE, ACCIDENT_DECIDE, ACCIDENT_INVESTIGATE, CONTROL
from ..choices import AccidentKind, AccidentStatus, InjurySeverity, InspectionDecision, MeasureStatus
from ..models import Accident, AccidentMaterial, AccidentMeasure, AccidentPermit, AccidentVictim
from . import files

NUMBER_REGISTER = "control.accident"
OPEN_STATUSES = frozenset({AccidentStatus.REGISTERED, AccidentStatus.INVESTIGATING})
# The measures follow from the causes found (cl.26.6): they are added until the record is closed.
MEASURE_STATUSES = OPEN_STATUSES | {AccidentStatus.INVESTIGATED}
OFFER_NOTICE = Notice(message=gettext_noop("%(record)s at %(facility)s was registered: the head may order an "
                                           "unscheduled inspection (315 cl.8)."), audience="heads")


def _writes(func):
    """`@transactions.atomic` with the ledger's entries appended at the end, so the chain head is locked last."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        with ledger.deferred():
            return func(*args, **kwargs)
    return transactions.atomic(run)


def _log(by, role: str, event: str, obj) -> None:
    ledger.append(organisation_id=obj.organisation_id, by=by, role=role, action=f"{obj._meta.label_lower}.{event}",
                  obj=obj)


def _person(value, organisation_id: int, field: str, errors: dict):
    if value is None:
        return None
    if not isinstance(value, Person):
        value = Person.objects.filter(pk=value).first()
    if value is None or value.organisation_id != organisation_id or not value.is_active:
        errors[field] = _("Choose a person of the organisation's register.")
        return None
    return value


def _aware(moment, field: str, errors: dict):
    if not isinstance(moment, datetime.datetime):
        errors[field] = _("Give the date and time.")
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # typed in local time (Asia/Almaty)
    if moment > timezone.now() + datetime.timedelta(minutes=5):
        errors[field] = _("The moment cannot be in the future.")
    return moment


# --- Registration ----------------------------------------------------------------------------------------------------

def check_register(*, facility, kind: str, occurred_at, description: str, location=None):
    """The registration's checks (the page, the API and the import's preview alike): the aware moment, or a
    ValidationError by field."""
    errors = {}
    if kind not in AccidentKind.values:
        errors["kind"] = _("Choose the kind.")
    occurred_at = _aware(occurred_at, "occurred_at", errors)
    if not (description or "").strip():
        errors["description"] = _("Describe what happened.")
    if facility is None:
        errors["facility"] = _("Choose the facility.")
    elif location is not None and location.facility_id != facility.pk:
        errors["location"] = _("Choose a unit or area of this facility.")
    if errors:
        raise ValidationError(errors)
    return occurred_at


@_writes
def accident_register(*, by, facility: HazardousFacility, kind: str, occurred_at, description: str,
                      location: Location | None = None, place: str = "") -> Accident:
    """Register what happened (cl.4.12): kind, facility and place, moment, description."""
    occurred_at = check_register(facility=facility, kind=kind, occurred_at=occurred_at, description=description,
                                 location=location)
    role = acting_role(by, Action.ADD, Accident, facility.organisation_id)
    if not role:
        raise PermissionDenied(_("Your roles do not allow this."))
    year = timezone.localtime(occurred_at).year
    accident = Accident(organisation_id=facility.organisation_id, division_id=facility.division_id, kind=kind,
                        facility=facility, location=location, place=(place or "").strip()[:500],
                        occurred_at=occurred_at, description=description.strip(), registered_by=by, year=year,
                        number=0)
    accident.number = ledger.number_next(organisation_id=facility.organisation_id, register=NUMBER_REGISTER,
                                         year=year)
    accident.save()
    if not can(by, Action.ADD, accident):  # the facility lies outside the divisions the user reports for (cl.25)
        raise PermissionDenied(_("Your roles do not allow this."))
    _log(by, role, "registered", accident)
    if accident.offers_inspection:
        notices.tell(accident, None, OFFER_NOTICE)
    return accident


def _open(by, accident: Accident, action: str = Action.CHANGE, statuses=OPEN_STATUSES) -> tuple[Accident, str]:
    accident = Accident.objects.select_for_update(no_key=True).get(pk=accident.pk)
    if not can(by, action, accident):
        raise PermissionDenied(_("Your roles do not allow this."))
    if accident.status not in statuses:
        raise ActionRefused(_("The investigation is concluded: the record is no longer added to."))
    return accident, acting_role(by, action, Accident, accident.organisation_id)


@_writes
def victim_add(*, by, accident: Accident, severity: str, person=None, name: str = "", note: str = "") -> AccidentVictim:
    accident, role = _open(by, accident, Action.ADD)
    errors = {}
    person = _person(person, accident.organisation_id, "person", errors)
    name = (name or "").strip()
    if person is None and not name and "person" not in errors:
        errors["person"] = _("Choose the person, or give the name of someone not in the register.")
    if severity not in InjurySeverity.values:
        errors["severity"] = _("Choose the severity of the injury.")
    if errors:
        raise ValidationError(errors)
    victim = AccidentVictim.objects.create(accident=accident, organisation_id=accident.organisation_id,
                                           division_id=accident.division_id, person=person,
                                           name="" if person else name[:300], severity=severity,
                                           note=(note or "").strip()[:500])
    _log(by, role, "added", victim)
    return victim


@_writes
def measure_add(*, by, accident: Accident, text: str, responsible, deadline) -> AccidentMeasure:
    accident, role = _open(by, accident, statuses=MEASURE_STATUSES)
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Describe the measure.")
    responsible = _person(responsible, accident.organisation_id, "responsible", errors)
    if responsible is None and "responsible" not in errors:
        errors["responsible"] = _("Choose the person responsible.")
    if not isinstance(deadline, datetime.date):
        errors["deadline"] = _("Give the deadline.")
    if errors:
        raise ValidationError(errors)
    measure = AccidentMeasure.objects.create(accident=accident, organisation_id=accident.organisation_id,
                                             division_id=accident.division_id, text=text.strip(),
                                             responsible=responsible, deadline=deadline)
    _log(by, role, "added", measure)
    return measure


@_writes
def measure_done(*, by, measure: AccidentMeasure, note: str = "", done_on=None) -> AccidentMeasure:
    accident = Accident.objects.select_for_update(no_key=True).get(pk=measure.accident_id)
    measure = AccidentMeasure.objects.select_for_update(no_key=True).get(pk=measure.pk)
    if not can(by, Action.CHANGE, measure):
        raise PermissionDenied(_("Your roles do not allow this."))
    if accident.status == AccidentStatus.CLOSED:
        raise ActionRefused(_("The record is closed."))
    if measure.status == MeasureStatus.DONE:
        raise ActionRefused(_("The measure is already done."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say how the measure was done.")})
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    measure.status, measure.done_on, measure.done_note = MeasureStatus.DONE, done_on, note.strip()[:1000]
    measure.save(update_fields=["status", "done_on", "done_note"])
    _log(by, acting_role(by, Action.CHANGE, AccidentMeasure, measure.organisation_id), "done", measure)
    return measure


@_writes
def material_add(*, by, accident: Accident, upload, title: str = "") -> AccidentMaterial:
    """A material of the investigation, fixed by its SHA-256 and ledgered with it."""
    accident, role = _open(by, accident, Action.ADD)
    files.check_upload(upload)
    material = files.store(AccidentMaterial(accident=accident, organisation_id=accident.organisation_id,
                                            division_id=accident.division_id, added_by=by), upload, title=title)
    _log(by, role, "added", material)
    return material


@_writes
def permit_link(*, by, accident: Accident, reason: str, permit_id: int | None = None, number: str = "") -> AccidentPermit:
    """A work permit during whose work it happened: the permits keep it in the archive for good (344 cl.15 ¶2)."""
    accident, role = _open(by, accident)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    if not permit_id and not (number or "").strip():
        raise ValidationError({"permit": _("Choose the work permit, or give its number.")})
    permit = service("permits.link_accident")(by=by, organisation_id=accident.organisation_id,
                                              accident=accident.reference, reason=reason.strip(),
                                              permit_id=permit_id, number=number)
    link = AccidentPermit.objects.filter(accident=accident, permit_id=permit["id"]).first()
    if link is not None:
        return link
    link = AccidentPermit.objects.create(accident=accident, organisation_id=accident.organisation_id,
                                         division_id=accident.division_id, permit_id=permit["id"],
                                         permit_number=permit["number"], reason=reason.strip()[:1000], linked_by=by)
    _log(by, role, "linked", link)
    return link


# --- The acts of the investigation ------------------------------------------------------------------------------------

def accident_investigate(*, record: Accident, by, chair, members=(), credentials: dict | None = None) -> Accident:
    """cl.4.9: the commission is formed (chair and members, people of the register) and the investigation starts."""
    errors = {}
    chair = _person(chair, record.organisation_id, "chair", errors)
    if chair is None and "chair" not in errors:
        errors["chair"] = _("Choose the chair of the commission.")
    people = [_person(m, record.organisation_id, "members", errors) for m in members or ()]
    if chair is not None and any(p is not None and p.pk == chair.pk for p in people):
        errors["members"] = _("The chair is not listed again among the members.")
    if errors:
        raise ValidationError(errors)

    def change(context):
        accident = context.record
        accident.status, accident.commission_chair = ACCIDENT_INVESTIGATE.target, chair
        accident.save(update_fields=["status", "commission_chair"])
        accident.commission_members.set([p for p in people if p is not None])
        _log(by, context.role, "investigation_started", accident)
        return accident

    return perform(ACCIDENT_INVESTIGATE, domain=CONTROL, record=record, by=by, change=change)


def conclude_refusals(by, accident: Accident) -> list[str]:
    person = getattr(by, "person", None)
    if accident.commission_chair_id is None:
        return [_("The commission has no chair.")]
    if person is None or person.pk != accident.commission_chair_id:
        return [_("Only the chair of the commission, %(chair)s, signs the conclusion.") % {
            "chair": accident.commission_chair}]
    return []


def accident_conclude(*, record: Accident, by, causes: str, conclusion: str, credentials: dict) -> Accident:
    """cl.4.9, cl.26.6: the chair of the commission signs the conclusion: the causes found."""
    errors = {}
    if not (causes or "").strip():
        errors["causes"] = _("Give the causes found.")
    if not (conclusion or "").strip():
        errors["conclusion"] = _("Give the conclusion of the investigation.")
    if errors:
        raise ValidationError(errors)

    def guard(context):
        refusals = conclude_refusals(by, context.record)
        if refusals:
            raise ActionRefused(" ".join(refusals))
        # What the chair signs is the conclusion as typed: set before the signature, saved by the change.
        context.record.causes, context.record.conclusion = causes.strip(), conclusion.strip()

    def change(context):
        accident = context.record
        accident.status, accident.investigated_at = ACCIDENT_CONCLUDE.target, timezone.now()
        accident.save(update_fields=["status", "investigated_at", "causes", "conclusion"])
        _log(by, context.role, "concluded", accident)
        return accident

    return perform(ACCIDENT_CONCLUDE, domain=CONTROL, record=record, by=by, credentials={"credentials": credentials},
                   guard=guard, change=change)


def close_refusals(by, accident: Accident) -> list[str]:
    open_count = accident.measures.filter(status=MeasureStatus.OPEN).count()
    if open_count:
        return [ngettext("%(count)s measure is not done yet.", "%(count)s measures are not done yet.",
                         open_count) % {"count": open_count}]
    return []


def accident_close(*, record: Accident, by, credentials: dict | None = None) -> Accident:
    def guard(context):
        refusals = close_refusals(by, context.record)
        if refusals:
            raise ActionRefused(" ".join(refusals))

    def change(context):
        accident = context.record
        accident.status, accident.closed_at = ACCIDENT_CLOSE.target, timezone.now()
        accident.save(update_fields=["status", "closed_at"])
        _log(by, context.role, "closed", accident)
        return accident

    return perform(ACCIDENT_CLOSE, domain=CONTROL, record=record, by=by, guard=guard, change=change)


def decide_refusals(by, accident: Accident) -> list[str]:
    if not accident.offers_inspection:
        return [_("An unscheduled inspection is offered on an accident or an accident-caused injury.")]
    if accident.inspection_decision:
        return [_("The head has already decided: %(decision)s.") % {
            "decision": accident.get_inspection_decision_display()}]
    return []


def accident_decide_inspection(*, record: Accident, by, decision: str, credentials: dict,
                               directive_number: str = "", directive_date=None, reason: str = "") -> Accident:
    """cl.8: the head orders an unscheduled inspection by a directive (өкім: number and date), or does not, with the
    reason; he signs the decision. The directive stays as data the inspections (part 2) start from."""
    errors = {}
    directive_number, reason = (directive_number or "").strip(), (reason or "").strip()
    if decision not in InspectionDecision.values:
        errors["decision"] = _("Choose the decision.")
    elif decision == InspectionDecision.ORDERED:
        if not directive_number:
            errors["directive_number"] = _("Give the number of the directive.")
        if not isinstance(directive_date, datetime.date):
            errors["directive_date"] = _("Give the date of the directive.")
        elif directive_date > timezone.localdate():
            errors["directive_date"] = _("The date cannot be in the future.")
    elif not reason:
        errors["reason"] = _("Give the reason an inspection is not ordered.")
    if errors:
        raise ValidationError(errors)
    ordered = decision == InspectionDecision.ORDERED

    def guard(context):
        refusals = decide_refusals(by, context.record)
        if refusals:
            raise ActionRefused(" ".join(refusals))
        accident = context.record
        accident.inspection_decision = decision
        accident.directive_number = directive_number[:50] if ordered else ""
        accident.directive_date = directive_date if ordered else None
        accident.decision_reason = reason

    def change(context):
        accident = context.record
        accident.decided_by, accident.decided_at = by, timezone.now()
        accident.save(update_fields=["inspection_decision", "directive_number", "directive_date", "decision_reason",
                                     "decided_by", "decided_at"])
        _log(by, context.role, "inspection_decided", accident)
        return accident

    return perform(ACCIDENT_DECIDE, domain=CONTROL, record=record, by=by, credentials={"credentials": credentials},
                   guard=guard, change=change)
