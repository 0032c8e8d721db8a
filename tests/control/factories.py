"""Records of production control for the generic tests, one factory per record type.

tests/control/test_permission_matrix.py runs over every record type of `qauipsiz.control.gatekeeper.SCOPES` (and the
core records production control adds roles to, `EXTRA_TYPES`): each needs a factory here. A sub-domain registers its
own with `@record_factory("control.<model>")`; the factory is given a `Place` (an organisation, a division in it, a
facility of the division, a person of the division, and the superuser to write with) and returns a saved record that
belongs to that division.

A record type may also say where its pages and endpoints are, for the matrix to call them:
- `pages`: record -> [url] read with GET (its detail page, ...);
- `api`: record -> [url] read with GET under /api/v1/;
- `writes`: record -> [(method, url, data)] every write a user could try on it, by page or API (POST/PATCH);
- `unchanged`: record -> a value that must be the same before and after a refused write (default: its snapshot).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from tests import factories as f


@dataclass(frozen=True)
class Place:
    organisation: object
    division: object
    facility: object
    person: object
    by: object


@dataclass
class RecordType:
    label: str
    make: Callable
    pages: Callable = lambda record: []
    api: Callable = lambda record: []
    writes: Callable = lambda record: []
    unchanged: Callable | None = None
    # A record of the organisation as a whole (its Regulation): it concerns every division, so a division's head
    # either reads it whatever the division or not at all, as the README's table says.
    organisation_level: bool = False


FACTORIES: dict[str, RecordType] = {}
# Core record types that production control adds roles to: covered by the matrix as well.
EXTRA_TYPES = ("core.appointment",)


def record_factory(label: str, *, pages=None, api=None, writes=None, unchanged=None, organisation_level=False):
    def register(make):
        FACTORIES[label] = RecordType(label, make, pages or (lambda r: []), api or (lambda r: []),
                                      writes or (lambda r: []), unchanged, organisation_level)
        return make
    return register


# -- The people of production control (315 cl.3) -------------------------------------------------------------------


def _appointment_writes(record):
    org = record.organisation_id
    end = {"last_day": "2026-11-30", "reason": "Relieved"}
    appoint = {"organisation": org, "person": record.person_id, "role": AppointmentRole.PC_OFFICIAL,
               "order_number": "99-ө", "order_date": "2026-02-01", "valid_from": "2026-02-02",
               "whole_organisation": True}
    return [
        ("post", reverse("control:people-end", args=[record.pk]), end),
        ("post", f"{reverse('control:people-appoint')}?organisation={org}", {**appoint, "whole_organisation": "on"}),
        ("post", f"/api/v1/control/people/appointments/{record.pk}/end", end),
        ("post", "/api/v1/control/people/appointments", appoint),
    ]


def _appointment_state(record):
    from qauipsiz.core.models import Appointment

    fresh = Appointment.objects.get(pk=record.pk)
    return (fresh.valid_until, fresh.end_reason, fresh.is_active,
            Appointment.objects.filter(organisation=record.organisation_id).count())


@record_factory("core.appointment",
                pages=lambda r: [reverse("control:people-appointment", args=[r.pk]),
                                 reverse("control:people-end", args=[r.pk])],
                api=lambda r: [f"/api/v1/control/people/appointments/{r.pk}"],
                writes=_appointment_writes, unchanged=_appointment_state)
def make_appointment(place: Place):
    """An official of the service appointed by order for the place's division and facility (315 cl.3)."""
    from qauipsiz.control.services.people import appoint

    return appoint(by=place.by, organisation=place.organisation, person=place.person,
                   role=AppointmentRole.PC_OFFICIAL, order_number=f"{f._n()}-ө",
                   order_date=datetime.date(2026, 1, 5), valid_from=datetime.date(2026, 1, 6),
                   divisions=[place.division], facilities=[place.facility])


# -- The Regulation on production control (315 cl.5-6) ----------------------------------------------------------------


def _head_of(organisation):
    return f.user(Role.HEAD, organisation)


@record_factory("control.regulation", organisation_level=True,
                pages=lambda r: [reverse("control:regulation-detail", args=[r.pk])],
                api=lambda r: [f"/api/v1/control/regulation/{r.pk}"],
                writes=lambda r: [
                    ("post", reverse("control:regulation-start"), {"organisation": r.organisation_id}),
                    ("post", reverse("control:regulation-narrative", args=[r.pk, "5"]),
                     {"text_kk": "x", "text_ru": "x", "text_en": "x"}),
                    ("put", f"/api/v1/control/regulation/{r.pk}/wording/5", {"kk": "x", "ru": "x", "en": "x"}),
                    ("post", "/api/v1/control/regulation", {"organisation": r.organisation_id})])
def make_regulation(place: Place):
    """The organisation's Regulation: its first version drafted; a second call approves it and drafts the next."""
    from qauipsiz.control.choices import RegulationStatus
    from qauipsiz.control.models import Regulation
    from qauipsiz.control.services.regulation import regulation_approve, regulation_start

    draft = Regulation.objects.filter(organisation=place.organisation, status=RegulationStatus.DRAFT).first()
    if draft is not None:
        regulation_approve(record=draft, by=_head_of(place.organisation),
                           credentials={"password": "correct horse battery"})
    return regulation_start(organisation=place.organisation, by=place.by)


@record_factory("control.effectivenesscriterion", organisation_level=True,
                pages=lambda r: [reverse("control:regulation-criterion-edit", args=[r.pk])],
                writes=lambda r: [
                    ("post", reverse("control:regulation-criterion-active", args=[r.pk]), {"active": ""}),
                    ("put", f"/api/v1/control/regulation-criteria/{r.pk}", {
                        "organisation": r.organisation_id, "name_en": "Changed", "measure": r.measure, "target": "1",
                        "unit": r.unit, "direction": r.direction})])
def make_criterion(place: Place):
    from qauipsiz.control.choices import CriterionDirection, CriterionMeasure, CriterionUnit
    from qauipsiz.control.models import EffectivenessCriterion
    from qauipsiz.control.services.regulation import criterion_create

    return criterion_create(by=place.by, instance=EffectivenessCriterion(
        organisation=place.organisation, name_en=f"Criterion {f._n()}", measure=CriterionMeasure.REPEAT_VIOLATIONS,
        target=3, unit=CriterionUnit.COUNT, direction=CriterionDirection.AT_MOST))


@dataclass
class Scene:
    """Two organisations; in A two sibling divisions, in B one: a place in each."""

    places: dict = field(default_factory=dict)  # "A:D1", "A:D2", "B" -> Place


def scene() -> Scene:
    by = f.superuser()
    a, b = f.organisation("Refinery A"), f.organisation("Refinery B")
    built = Scene()
    for key, org, name in (("A:D1", a, "D1"), ("A:D2", a, "D2"), ("B", b, "DB")):
        division = f.division(org, name)
        built.places[key] = Place(organisation=org, division=division, facility=f.facility(org, division),
                                  person=f.person(org, division, last_name=f"Person {name}"), by=by)
    return built


# -- Writes common to the sub-domains below ------------------------------------------------------------------------

PASSWORD = "correct horse battery"
# The inputs of each registered act (control/registered.py), by its code, valid so that only the role can refuse it.
ACT_INPUTS = {
    "conclude": lambda r: {"causes": "A torn glove", "conclusion": "Glove replaced"},
    "close": lambda r: {},
    "decide_inspection": lambda r: {"decision": "not_ordered", "reason": "Not needed"},
    "removal_approve": lambda r: {"removed_from": _today().isoformat()},
    "removal_reject": lambda r: {"reason": "Renewed"},
    "removal_lift": lambda r: {},
}


def _today():
    from django.utils import timezone

    return timezone.localdate()  # Asia/Almaty's day, as the services check dates


def _upload(name="evidence.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def _act_writes(record, label: str, **inputs):
    """Every act registered on the record's type, by its page and its endpoint, each signed with a password."""
    from qauipsiz.acts.registered import registered_acts
    from qauipsiz.acts.web import act_url

    writes = []
    for act in registered_acts(label):
        data = {**ACT_INPUTS.get(act.code, lambda r: {})(record), **inputs.get(act.code, {})}
        writes.append(("post", act_url(act, record), {**data, "sign_method": "password", "sign_password": PASSWORD}))
        writes.append(("post", "/api/v1" + act.api_route().format(record_id=record.pk),
                       {**data, "signature": {"password": PASSWORD}}))
    return writes


# -- Accidents, incidents and injuries (315 cl.4.9, cl.4.12) ---------------------------------------------------------


def _occurred():
    from django.utils import timezone

    return timezone.now() - datetime.timedelta(hours=2)


def _accident(place: Place):
    from qauipsiz.control.choices import AccidentKind
    from qauipsiz.control.services.accidents import accident_register

    return accident_register(by=place.by, facility=place.facility, kind=AccidentKind.INJURY, occurred_at=_occurred(),
                             description=f"A fitter's hand burnt {f._n()}")


def _accident_page(accident):
    return [reverse("control:accident", args=[accident.pk])]


def _accident_api(accident):
    return [f"/api/v1/control/accidents/{accident.pk}"]


def _accident_writes(accident):
    """What may be added to an accident's record, by page and API, and its registration (315 cl.4.12)."""
    pk, person = accident.pk, _person_of(accident)
    deadline = (_today() + datetime.timedelta(days=30)).isoformat()
    victim = {"person": person, "severity": "light", "note": "Burn"}
    measure = {"text": "Replace the gloves", "responsible": person, "deadline": deadline}
    link = {"number": "1/2026", "reason": "Injury during the work"}
    occurred = _occurred().isoformat()
    return [
        ("post", reverse("control:accident-new"), {"kind": "injury", "facility": accident.facility_id,
                                                   "occurred_at": _occurred().strftime("%d.%m.%Y %H:%M"),
                                                   "description": "Another burn"}),
        ("post", reverse("control:accident-victim-add", args=[pk]), victim),
        ("post", reverse("control:accident-measure-add", args=[pk]), measure),
        ("post", reverse("control:accident-material-add", args=[pk]), {"title": "Photo", "file": _upload()}),
        ("post", reverse("control:accident-permit-link", args=[pk]), link),
        ("post", "/api/v1/control/accidents", {"kind": "injury", "facility_id": accident.facility_id,
                                               "occurred_at": occurred, "description": "Another burn"}),
        ("post", f"/api/v1/control/accidents/{pk}/victims", {"person_id": person, "severity": "light"}),
        ("post", f"/api/v1/control/accidents/{pk}/measures", {"text": "Replace the gloves", "responsible_id": person,
                                                              "deadline": deadline}),
        ("post", f"/api/v1/control/accidents/{pk}/permits", {"number": "1/2026", "reason": "Injury"}),
        ("post", f"/api/v1/control/accidents/{pk}/materials", {"title": "Photo", "file": _upload()}),
        *_act_writes(accident, "control.accident", investigate={"chair": person}),
    ]


def _person_of(record):
    from qauipsiz.core.models import Person

    return Person.objects.filter(organisation=record.organisation_id, division=record.division_id).first().pk


@record_factory("control.accident", pages=_accident_page, api=_accident_api, writes=_accident_writes)
def make_accident(place: Place):
    """An accident-caused injury registered at the division's facility (315 cl.4.12)."""
    return _accident(place)


def _of_accident(pages=lambda r: [], writes=lambda r: []):
    """A part of an accident's record: read and written on the accident's page and endpoint."""
    return {"pages": lambda r: [*_accident_page(r.accident), *pages(r)], "api": lambda r: _accident_api(r.accident),
            "writes": lambda r: [*writes(r), *_accident_writes(r.accident)]}


@record_factory("control.accidentvictim", **_of_accident())
def make_accident_victim(place: Place):
    from qauipsiz.control.services.accidents import victim_add

    return victim_add(by=place.by, accident=_accident(place), severity="light", person=place.person, note="Burn")


@record_factory("control.accidentmeasure", **_of_accident(writes=lambda r: [
    ("post", reverse("control:accident-measure-done", args=[r.accident_id, r.pk]),
     {"note": "Gloves replaced", "done_on": _today().strftime("%d.%m.%Y")})]))
def make_accident_measure(place: Place):
    from qauipsiz.control.services.accidents import measure_add

    return measure_add(by=place.by, accident=_accident(place), text="Replace the gloves", responsible=place.person,
                       deadline=_today() + datetime.timedelta(days=30))


@record_factory("control.accidentmaterial", **_of_accident(
    pages=lambda r: [reverse("control:accident-material", args=[r.accident_id, r.pk])]))
def make_accident_material(place: Place):
    from qauipsiz.control.services.accidents import material_add

    return material_add(by=place.by, accident=_accident(place), upload=_upload("photo.pdf"), title="Photo")


@record_factory("control.accidentpermit", **_of_accident())
def make_accident_permit(place: Place):
    """An accident during the work of an issued permit of the division, linked to it (315 cl.4.12, 344 cl.15 ¶2)."""
    import time_machine

    from qauipsiz.control.services.accidents import permit_link
    from tests.permits.conftest import START, Site, staff

    org, div = place.organisation, place.division
    with time_machine.travel(START, tick=False):
        site = Site(
            org=org, division=div, facility=place.facility, device=f.device(place.facility),
            issuer=staff(org, div, AppointmentRole.PERMIT_ISSUER, Role.PERMIT_ISSUER, last_name="Issuerov",
                         position="deputy"),
            admitting=staff(org, div, AppointmentRole.ADMITTING_PERSON, Role.ADMITTING_PERSON, last_name="Dopuskov"),
            performer=staff(org, div, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER, last_name="Proizvoditelev"),
            manager=staff(org, div, AppointmentRole.RESPONSIBLE_MANAGER, Role.RESPONSIBLE_MANAGER,
                          last_name="Rukovoditelev"),
            supervisor=staff(org, div, AppointmentRole.ADMITTING_PERSON, Role.DIVISION_HEAD, last_name="Smenov",
                             appointment=False))
        permit = site.issued()
        accident = _accident(place)
        return permit_link(by=place.by, accident=accident, permit_id=permit.pk, reason="Injury during the work")


# -- Prescriptions of the state authority (315 cl.26.3) --------------------------------------------------------------


def _prescription(place: Place):
    from qauipsiz.control.services.state_prescriptions import prescription_register

    today = _today()
    return prescription_register(by=place.by, facility=place.facility, number=f"{f._n()}-П", issued_on=today,
                                 issuing_body="Committee for Industrial Safety", items=[
                                     {"violation": "No inspection of the vessel", "requirement_text": "Inspect it",
                                      "deadline": today + datetime.timedelta(days=30), "executor": place.person}])


def _prescription_writes(prescription):
    today = _today()
    item = prescription.items.order_by("position").first()
    deadline = (today + datetime.timedelta(days=30)).isoformat()
    done_page = {"note": "Inspected", "done_on": today.strftime("%d.%m.%Y"), "title": "Act", "file": _upload()}
    return [
        ("post", reverse("control:state-prescription-new"), {
            "facility": prescription.facility_id, "number": "77-П", "issued_on": today.strftime("%d.%m.%Y"),
            "issuing_body": "Committee", "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "50", "items-0-violation": "No inspection",
            "items-0-requirement_text": "Inspect it", "items-0-deadline": (today + datetime.timedelta(days=30)).strftime(
                "%d.%m.%Y"), "items-0-executor": item.executor_id}),
        ("post", reverse("control:state-prescription-item-done", args=[prescription.pk, item.pk]), done_page),
        ("post", "/api/v1/control/state-prescriptions", {
            "facility_id": prescription.facility_id, "number": "78-П", "issued_on": today.isoformat(),
            "issuing_body": "Committee", "items": [{"violation": "No inspection", "requirement_text": "Inspect it",
                                                    "deadline": deadline, "executor_id": item.executor_id}]}),
        ("post", f"/api/v1/control/state-prescriptions/{prescription.pk}/items/{item.pk}/done",
         {"note": "Inspected", "done_on": today.isoformat()}),
        ("post", f"/api/v1/control/state-prescriptions/{prescription.pk}/items/{item.pk}/evidence",
         {"title": "Act", "file": _upload()}),
    ]


def _of_prescription(prescription_of, pages=lambda r: []):
    return {"pages": lambda r: [reverse("control:state-prescription", args=[prescription_of(r).pk]), *pages(r)],
            "api": lambda r: [f"/api/v1/control/state-prescriptions/{prescription_of(r).pk}"],
            "writes": lambda r: _prescription_writes(prescription_of(r))}


@record_factory("control.stateprescription", **_of_prescription(lambda r: r))
def make_state_prescription(place: Place):
    """A prescription of the state authority with one item, at the division's facility (315 cl.26.3)."""
    return _prescription(place)


@record_factory("control.stateprescriptionitem", **_of_prescription(lambda r: r.prescription))
def make_state_prescription_item(place: Place):
    return _prescription(place).items.get()


@record_factory("control.stateprescriptionevidence", **_of_prescription(
    lambda r: r.item.prescription,
    pages=lambda r: [reverse("control:state-prescription-evidence", args=[r.item.prescription_id, r.pk])]))
def make_state_prescription_evidence(place: Place):
    from qauipsiz.control.services.state_prescriptions import evidence_add

    return evidence_add(by=place.by, item=_prescription(place).items.get(), upload=_upload(), title="Act")


# -- Examinations and removal from work (315 cl.4.6, cl.4.7, cl.27.4) -------------------------------------------------


def _examination(place: Place):
    from qauipsiz.control.choices import ExaminationKind
    from qauipsiz.control.services.examinations import examination_create

    return examination_create(by=place.by, organisation=place.organisation, device=f.device(place.facility),
                              kind=ExaminationKind.EXPERT_EXAMINATION,
                              due_on=_today() + datetime.timedelta(days=60))


def _examination_writes(examination):
    today = _today()
    due = (today + datetime.timedelta(days=90))
    form = {"device": examination.device_id, "kind": examination.kind, "due_on": due.strftime("%d.%m.%Y")}
    return [
        ("post", reverse("control:examination-create"), form),
        ("post", reverse("control:examination-update", args=[examination.pk]), form),
        ("post", reverse("control:examination-file-add", args=[examination.pk]), {"file": _upload()}),
        ("post", "/api/v1/control/removal/examinations", {"device_id": examination.device_id,
                                                          "kind": examination.kind, "due_on": due.isoformat()}),
        ("post", f"/api/v1/control/removal/examinations/{examination.pk}/result", {
            "done_on": today.isoformat(), "result": "fit", "conclusion_number": "E-1",
            "expert_organisation": "Expert LLP", "next_due_on": due.isoformat()}),
    ]


def _of_examination(examination_of, pages=lambda r: []):
    return {"pages": lambda r: [reverse("control:examination", args=[examination_of(r).pk]), *pages(r)],
            "api": lambda r: [f"/api/v1/control/removal/examinations/{examination_of(r).pk}"],
            "writes": lambda r: _examination_writes(examination_of(r))}


@record_factory("control.examination", **_of_examination(lambda r: r))
def make_examination(place: Place):
    """An expert examination of a technical device of the division's facility, due in two months (315 cl.4.6)."""
    return _examination(place)


@record_factory("control.examinationfile", **_of_examination(
    lambda r: r.examination, pages=lambda r: [reverse("control:examination-file", args=[r.examination_id, r.pk])]))
def make_examination_file(place: Place):
    from qauipsiz.control.services.examinations import examination_add_file

    return examination_add_file(by=place.by, examination=_examination(place), upload=_upload("conclusion.pdf"))


def _removal_writes(removal):
    from qauipsiz.control.models import Removal
    from qauipsiz.core.models import Person

    # Proposals for the division's other admitting person, who lacks first aid as well and has no removal yet.
    other = Person.objects.filter(division=removal.division_id, last_name__startswith="Dopuskov").exclude(
        pk__in=Removal.objects.values("person")).first().pk
    return [
        ("post", reverse("control:removal-propose"), {"person": other, "reason": "First aid lapsed"}),
        ("post", "/api/v1/control/removal/removals", {"person_id": other, "reason": "First aid lapsed"}),
        *_act_writes(removal, "control.removal"),
    ]


@record_factory("control.removal", writes=_removal_writes,
                pages=lambda r: [reverse("control:removal", args=[r.pk])],
                api=lambda r: [f"/api/v1/control/removal/removals/{r.pk}"])
def make_removal(place: Place):
    """Removal from work proposed for an admitting person of the division who never passed first aid (315 cl.4.7)."""
    from qauipsiz.control.services.removal import removal_propose
    from qauipsiz.core.choices import CompetenceRole
    from qauipsiz.core.models import RoleTrainingRequirement

    if not RoleTrainingRequirement.objects.filter(organisation=place.organisation,
                                                  role=CompetenceRole.ADMITTING_PERSON).exists():
        f.requirement(place.organisation, CompetenceRole.ADMITTING_PERSON, code="first_aid")
    person, _other = [f.person(place.organisation, place.division, last_name=f"Dopuskov {f._n()}") for _ in "ab"]
    for admitting in (person, _other):
        f.appointment(admitting, AppointmentRole.ADMITTING_PERSON, divisions=[place.division])
    return removal_propose(by=place.by, person=person, reason="First aid never passed")


# -- Legal acts: notices of changes (315 cl.4.11) ----------------------------------------------------------------------


def _edition():
    from qauipsiz.core import legal
    from qauipsiz.core.models import LegalAct, LegalActClause
    from qauipsiz.core.services import record_create

    by = f.superuser()
    act = record_create(by=by, instance=LegalAct(organisation=None, title_kk="Нұсқаулық", number=f"{f._n()}",
                                                 adopted_on=datetime.date(2021, 6, 24), issuer="МЧС"))
    amending = record_create(by=by, instance=LegalAct(organisation=None, title_kk="Өзгерістер", number=f"{f._n()}",
                                                      adopted_on=datetime.date(2025, 10, 2), issuer="МЧС"))
    clause = record_create(by=by, instance=LegalActClause(act=act, number="1", text_kk="Бастапқы"))
    return legal.clause_amend(by=by, clause=clause, day=datetime.date(2026, 1, 1), act=amending,
                              text_kk="Жаңа редакция")


def _notice(place: Place):
    from qauipsiz.control.services.legal import send_change_notice

    return send_change_notice(by=place.by, organisation=place.organisation, edition=_edition(),
                              division=place.division, message="Read the new wording")


def _notice_writes(notice):
    send = {"organisation": notice.organisation_id, "edition": notice.edition_id, "division": notice.division_id,
            "message": "Again"}
    return [("post", reverse("control:change-notice-new"), send), ("post", "/api/v1/control/legal/notices", send)]


@record_factory("control.changenotice", writes=_notice_writes,
                pages=lambda r: [reverse("control:change-notice", args=[r.pk]),
                                 reverse("control:change-notice-pending-xlsx", args=[r.pk])],
                api=lambda r: [f"/api/v1/control/legal/notices/{r.pk}"])
def make_change_notice(place: Place):
    """A new wording of a national act's clause sent to the people of the division (315 cl.4.11)."""
    return _notice(place)


@record_factory("control.changenoticerecipient",
                pages=lambda r: [reverse("control:change-notice", args=[r.notice_id])],
                api=lambda r: [f"/api/v1/control/legal/notices/{r.notice_id}"],
                writes=lambda r: [
                    ("post", reverse("control:change-receipt-acknowledge", args=[r.pk]), {}),
                    ("post", f"/api/v1/control/legal/my/{r.pk}/acknowledge", {}),
                    *_notice_writes(r.notice)])
def make_change_notice_recipient(place: Place):
    """The place's person's receipt of a notice sent to the division (315 cl.4.11)."""
    return _notice(place).recipients.get(person=place.person)


# -- Plans (315 cl.4.1, cl.4.5) ----------------------------------------------------------------------------------------


def _work_plan(place: Place):
    """The division's work plan for the year (cl.4.1), one item, approved by the head with a signature."""
    from qauipsiz.control.choices import PlanKind
    from qauipsiz.control.services import plans

    official = f.user(Role.PC_OFFICIAL, place.organisation)
    plan = plans.plan_create(by=official, organisation=place.organisation, kind=PlanKind.WORK, year=_today().year,
                             division=place.division)
    version = plan.versions.get()
    plans.item_add(by=official, version=version, measure="Check the valves", deadline=_today(),
                   responsible=place.person)
    plans.plan_approve(record=version, by=_head_of(place.organisation), credentials={"password": PASSWORD})
    plan.refresh_from_db()
    return plan


def _plan_writes(plan):
    return [("post", reverse("control:plan-new-version", args=[plan.pk]), {"reason": "Changed"}),
            ("post", f"/api/v1/control/plans/{plan.pk}/versions", {"reason": "Changed"})]


def _item_writes(item):
    execute = {"status": "done", "executed_on": _today().isoformat()}
    return [("post", item.get_absolute_url(), execute),
            ("post", f"/api/v1/control/plans/items/{item.pk}/execution", execute),
            ("post", f"/api/v1/control/plans/items/{item.pk}/evidence", {"text": "Done", "file": _upload()}),
            *_plan_writes(item.version.plan)]


@record_factory("control.plan", writes=_plan_writes,
                pages=lambda r: [reverse("control:plan-detail", args=[r.pk])],
                api=lambda r: [f"/api/v1/control/plans/{r.pk}/versions/1"])
def make_plan(place: Place):
    return _work_plan(place)


@record_factory("control.planversion", pages=lambda r: [r.get_absolute_url()],
                api=lambda r: [f"/api/v1/control/plans/{r.plan_id}/versions/{r.version}"],
                writes=lambda r: [*_act_writes(r, "control.planversion"), *_plan_writes(r.plan)])
def make_plan_version(place: Place):
    return _work_plan(place).versions.get()


@record_factory("control.planitem", pages=lambda r: [r.get_absolute_url()], writes=_item_writes)
def make_plan_item(place: Place):
    return _work_plan(place).versions.get().items.get()


@record_factory("control.planevidence", pages=lambda r: [reverse("control:plan-evidence", args=[r.pk])],
                writes=lambda r: _item_writes(r.item))
def make_plan_evidence(place: Place):
    from qauipsiz.control.services import plans

    item = _work_plan(place).versions.get().items.get()
    return plans.evidence_add(by=f.user(Role.PC_OFFICIAL, place.organisation), item=item, text="Act of works",
                              upload=_upload())
