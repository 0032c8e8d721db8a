"""Work permits (Order 344) through the API, under /api/v1/permits/.

Reads: permits (list with filters, the whole permit with items 1-13, its signatures and the caller's available
actions), the text an ЭЦП signs for an act, the register (Annex 2), work types with their template measures, admission
certificates (Annex 3) and emergency works (344 cl.12). Everything is read through the gatekeeper
(`visible_permits`, `visible_certificates`, `visible_emergencies`): another organisation's record answers 404.

Writes: one endpoint per action, each calling exactly one service of `services.py`, which decides everything (role,
party, status, the clauses' guards, the signatures). Refusals answer in the API's error shape: 403 wrong role or
person, 409 an action the permit's state or a guard does not allow (`ActionRefused`), 422 invalid data or a refused
signature. Every POST takes an `Idempotency-Key` header (see `idempotency.py`): repeated, it answers the first result
and signs nothing again.

Signatures travel in the body: `signature` (the caller's) and, for the acts two people sign on one device (344 cl.23,
cl.27, items 11 and 12), `cosignature` (the work performer's or the crew member's): exactly one of password, PIN or a
detached CMS over the text `GET /{id}/signing-text` gives.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core import validators
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from pydantic import AfterValidator, AwareDatetime, StringConstraints
from pydantic_core import PydanticCustomError

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import organisations_for, visible_to
from qauipsiz.acts.idempotency import HEADER, idempotent, json_response
from qauipsiz.acts.models import IdempotentRequest
from qauipsiz.core.api import MAX_ID, MAX_LIMIT, ErrorOut, RecordId
from qauipsiz.core.models import Contractor, Division, HazardousFacility, Person, TechnicalDevice
from qauipsiz.ledger.api import SignatureIn, SignatureOut
from qauipsiz.ledger.canonical import canonical_json
from qauipsiz.ledger.signatures import signatures_of, signing_content_base64

from . import gatekeeper, services
from .acts import Act
from .choices import (
    ApprovalKind,
    CertificateStatus,
    EmergencyStatus,
    MeasureCode,
    Nearby,
    Status,
    TerminationReason,
    Validity,
)
from .content import signing_content, signing_text
from .models import (
    AdmissionCertificate,
    Approval,
    CrewMember,
    EmergencyWork,
    Permit,
    PermitMeasure,
    WorkType,
)
from .shifts import shift_to_extend_for

router = Router(tags=["permits"])


def _untranslated(act: Act) -> str:
    """The act's name as written in the code: the schema must not depend on the language active at import."""
    with translation.override(None):
        return str(act.label)


# --- input types ---------------------------------------------------------------------------------------------------

def _no_null_characters(value: str) -> str:
    # PostgreSQL cannot store NUL in text: refused here, as Django's form fields refuse it, instead of a 500.
    if "\x00" in value:
        raise PydanticCustomError("null_characters", str(validators.ProhibitNullCharactersValidator.message))
    return value


def _text(max_length: int, min_length: int = 0):
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_no_null_characters)]


ShortText = _text(300)
Text = _text(10_000)
Place = _text(500, min_length=1)
FIRST_YEAR, LAST_YEAR = 1900, 9000


def _reasonable_moment(value):
    # Far-off years overflow when moved to UTC or the local zone (a 500); no permit is dated outside these.
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("date_range", str(forms.DateField.default_error_messages["invalid"]))
    return value


Moment = Annotated[AwareDatetime, AfterValidator(_reasonable_moment)]
Day = Annotated[datetime.date, AfterValidator(_reasonable_moment)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Quantity = Annotated[Decimal, Field(max_digits=12, decimal_places=4, allow_inf_nan=False)]
Ids = Annotated[list[RecordId], Field(max_length=100)]
IdempotencyKey = Annotated[
    Annotated[str, StringConstraints(min_length=1, max_length=IdempotentRequest._meta.get_field("key").max_length,
                                     pattern=r"^[\x21-\x7e]+$")] | None,
    Header(None, alias=HEADER, description="A key of the client's choosing (printable ASCII): a request repeated with "
                                           "the same key answers the first result instead of acting again.")]


# --- output --------------------------------------------------------------------------------------------------------

class RefOut(Schema):
    id: int
    name: str


class PersonOut(Schema):
    id: int
    name: str
    position: str


class MeasureOut(Schema):
    """Item 5 (the measure) and item 7 (who carried it out)."""

    id: int
    code: str
    position: int
    text: str
    joint_agreement: int | None
    done_by: PersonOut | None
    done_at: datetime.datetime | None


class AirSampleOut(Schema):
    """Item 5.4."""

    id: int
    place: str
    taken_at: datetime.datetime
    substance: str
    value: str
    limit: str
    unit: str
    measured_by: PersonOut
    passed: bool
    recorded_at: datetime.datetime


class ApprovalOut(Schema):
    """Items 8 and 8.1."""

    id: int
    kind: str
    approver: PersonOut
    approved_at: datetime.datetime | None


class CrewMemberOut(Schema):
    """Item 11."""

    id: int
    person: PersonOut
    added_at: datetime.datetime
    briefed_at: datetime.datetime | None
    briefed_by: PersonOut | None
    removed_at: datetime.datetime | None


class CrewCountsOut(Schema):
    active: int
    briefed: int
    not_briefed: int
    removed: int


class ExtensionOut(Schema):
    """Item 12."""

    id: int
    extended_at: datetime.datetime
    shift_start: datetime.datetime
    shift_end: datetime.datetime
    handed_over_by: PersonOut | None
    accepted_by: PersonOut
    crew_count: int
    admitted_by: PersonOut


class PeriodOut(Schema):
    """Annex 2: the initial admission and each re-admission."""

    id: int
    kind: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    admitted_by: PersonOut


class AttachmentOut(Schema):
    id: int
    kind: str
    title: str
    filename: str
    content_type: str
    size: int
    sha256: str
    added_at: datetime.datetime


class PermitSummaryOut(Schema):
    id: int
    organisation: int
    number: int | None
    year: int | None
    display_number: str
    status: str
    status_display: str
    division: RefOut
    facility: RefOut | None
    work_type: RefOut
    contractor: RefOut | None
    performer: PersonOut
    place: str
    scope_of_work: str
    planned_start: datetime.datetime
    planned_end: datetime.datetime
    valid_until: datetime.datetime | None


class PermitOut(PermitSummaryOut):
    """The whole permit (Annex 1, items 1-13), its signatures, and what the caller may do with it now."""

    other_divisions: list[RefOut]
    certificate: int | None
    emergency: int | None
    replaces: int | None
    replaced_by: int | None
    equipment: str
    devices: list[RefOut]
    admitting_persons: list[PersonOut]
    responsible_manager: PersonOut
    issuer: PersonOut
    validity: str
    nearby: list[str]
    earthwork: bool
    measures: list[MeasureOut]
    air_samples: list[AirSampleOut]
    approvals: list[ApprovalOut]
    crew: list[CrewMemberOut]
    crew_counts: CrewCountsOut
    extensions: list[ExtensionOut]
    periods: list[PeriodOut]
    attachments: list[AttachmentOut]
    issued_at: datetime.datetime | None
    admitted_at: datetime.datetime | None
    accepted_at: datetime.datetime | None
    started_at: datetime.datetime | None
    paused_at: datetime.datetime | None
    pause_kind: str
    suspended_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    termination_reason: str
    end_note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    signatures: list[SignatureOut]
    available_actions: list[str] = Field(..., description="The actions the caller could take now; the clauses' guards "
                                                          "may still refuse them.")


class PermitPage(Schema):
    count: int
    items: list[PermitSummaryOut]


class SigningTextOut(Schema):
    act: str
    about: dict[str, Any] | None
    text: str = Field(..., description="The canonical JSON a password, PIN or ЭЦП signature covers.")
    base64: str = Field(..., description="Base64 of the text's UTF-8 bytes, as NCALayer is given it.")


class RegisterRowOut(Schema):
    """One row of the register of work permits (Annex 2)."""

    permit: int
    number: int
    year: int
    issued_at: datetime.datetime | None
    division: RefOut
    place: str
    scope_of_work: str
    work_type: RefOut
    issuer: PersonOut
    performer: PersonOut
    admitting_persons: list[PersonOut]
    periods: list[PeriodOut]
    completed_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    status: str
    status_display: str


class RegisterPage(Schema):
    count: int
    items: list[RegisterRowOut]


class TemplateMeasureOut(Schema):
    id: int
    code: str
    position: int
    text: str


class WorkTypeOut(Schema):
    id: int
    organisation: int | None
    kind: str
    name: str
    is_active: bool
    measures: list[TemplateMeasureOut]


class WorkTypePage(Schema):
    count: int
    items: list[WorkTypeOut]


class CertificateMeasureOut(Schema):
    number: int
    text: str
    deadline: datetime.date
    executor: str


class CertificateOut(Schema):
    """Annex 3: a site handed over to a contractor (344 cl.17-18)."""

    id: int
    organisation: int
    number: int | None
    year: int | None
    status: str
    status_display: str
    drawn_up_on: datetime.date
    division: RefOut
    shop_head: PersonOut
    contractor: RefOut
    contractor_rep: PersonOut
    site_bounds: str
    work_name: str
    starts_on: datetime.date
    ends_on: datetime.date
    crossed_by_communications: bool
    machines_working: bool
    shop_signed_at: datetime.datetime | None
    contractor_signed_at: datetime.datetime | None
    measures: list[CertificateMeasureOut]
    permits: list[int]
    signatures: list[SignatureOut]


class CertificatePage(Schema):
    count: int
    items: list[CertificateOut]


class EmergencyOut(Schema):
    """344 cl.12: localisation and elimination of an accident, without a permit until the direct threat is gone."""

    id: int
    organisation: int
    division: RefOut
    facility: RefOut | None
    description: str
    plan_reference: str
    started_at: datetime.datetime
    status: str
    status_display: str
    threat_eliminated_at: datetime.datetime | None
    leader: PersonOut
    permits: list[int]


class EmergencyPage(Schema):
    count: int
    items: list[EmergencyOut]


# 400: a body that is not JSON; 403 also answers a session without its CSRF token.
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorOut}
PERMIT_ACTION = {200: PermitOut, **WRITE_ERRORS}


# --- building the answers ------------------------------------------------------------------------------------------

def _ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def _person(person) -> dict | None:
    return None if person is None else {"id": person.pk, "name": person.full_name, "position": person.position}


def _summary(permit: Permit) -> dict:
    return {
        "id": permit.pk, "organisation": permit.organisation_id, "number": permit.number, "year": permit.year,
        "display_number": permit.display_number, "status": permit.status, "status_display": permit.get_status_display(),
        "division": _ref(permit.division), "facility": _ref(permit.facility), "work_type": _ref(permit.work_type),
        "contractor": _ref(permit.contractor), "performer": _person(permit.performer), "place": permit.place,
        "scope_of_work": permit.scope_of_work, "planned_start": permit.planned_start,
        "planned_end": permit.planned_end, "valid_until": permit.valid_until,
    }


SUMMARY_RELATED = ("division", "facility", "work_type", "contractor", "performer")


def _signatures(obj) -> list:
    # The records themselves: `SignatureOut` reads them through its aliases (`ledger_entry.seq`). In the order they were
    # made, which the ledger keeps exactly (signatures of one instant would otherwise come in the order of their ids).
    return list(signatures_of(obj).select_related("ledger_entry").order_by("ledger_entry__seq"))


def permit_body(user, pk: int) -> dict:
    """The permit as `PermitOut`, JSON-ready (what the detail and every action answer).

    Validated here and answered as it is: ninja cannot validate it again, for `SignatureOut` reads its fields through
    aliases (`ledger_entry.seq`) that a dumped body no longer has.
    """
    permit = (Permit.objects.select_related(*SUMMARY_RELATED, "responsible_manager", "issuer", "replaced_by")
              .prefetch_related("other_divisions", "devices", "admitting_persons").get(pk=pk))
    try:
        replaced_by = permit.replaced_by.pk
    except Permit.replaced_by.RelatedObjectDoesNotExist:
        replaced_by = None
    crew = list(permit.crew.select_related("person", "briefed_by"))
    active = [m for m in crew if m.removed_at is None]
    briefed = sum(1 for m in active if m.briefed_at is not None)
    data = {
        **_summary(permit),
        "other_divisions": [_ref(d) for d in permit.other_divisions.all()],
        "certificate": permit.certificate_id, "emergency": permit.emergency_id, "replaces": permit.replaces_id,
        "replaced_by": replaced_by, "equipment": permit.equipment,
        "devices": [_ref(d) for d in permit.devices.all()],
        "admitting_persons": [_person(p) for p in permit.admitting_persons.all()],
        "responsible_manager": _person(permit.responsible_manager), "issuer": _person(permit.issuer),
        "validity": permit.validity, "nearby": [str(n) for n in permit.nearby or []], "earthwork": permit.earthwork,
        "measures": [{"id": m.pk, "code": m.code, "position": m.position, "text": m.text,
                      "joint_agreement": m.joint_id, "done_by": _person(m.done_by), "done_at": m.done_at}
                     for m in permit.measures.select_related("done_by")],
        "air_samples": [{"id": s.pk, "place": s.place, "taken_at": s.taken_at, "substance": s.substance,
                         "value": str(s.value), "limit": str(s.limit), "unit": s.unit,
                         "measured_by": _person(s.measured_by), "passed": s.passed, "recorded_at": s.recorded_at}
                        for s in permit.air_samples.select_related("measured_by")],
        "approvals": [{"id": a.pk, "kind": a.kind, "approver": _person(a.approver), "approved_at": a.approved_at}
                      for a in permit.approvals.select_related("approver")],
        "crew": [{"id": m.pk, "person": _person(m.person), "added_at": m.added_at, "briefed_at": m.briefed_at,
                  "briefed_by": _person(m.briefed_by), "removed_at": m.removed_at} for m in crew],
        "crew_counts": {"active": len(active), "briefed": briefed, "not_briefed": len(active) - briefed,
                        "removed": len(crew) - len(active)},
        "extensions": [{"id": e.pk, "extended_at": e.extended_at, "shift_start": e.shift_start,
                        "shift_end": e.shift_end, "handed_over_by": _person(e.handed_over_by),
                        "accepted_by": _person(e.accepted_by), "crew_count": e.crew_count,
                        "admitted_by": _person(e.admitted_by)}
                       for e in permit.extensions.select_related("handed_over_by", "accepted_by", "admitted_by")],
        "periods": _periods(permit),
        "attachments": [{"id": a.pk, "kind": a.kind, "title": a.title, "filename": a.filename,
                         "content_type": a.content_type, "size": a.size, "sha256": a.sha256, "added_at": a.added_at}
                        for a in permit.attachments.all()],
        **{name: getattr(permit, name) for name in (
            "issued_at", "admitted_at", "accepted_at", "started_at", "paused_at", "pause_kind", "suspended_at",
            "completed_at", "closed_at", "ended_at", "termination_reason", "end_note", "created_at", "updated_at")},
        "signatures": _signatures(permit),
        "available_actions": [str(a) for a in gatekeeper.available_actions(user, permit)],
    }
    return PermitOut.model_validate(data).model_dump(mode="json")


def _periods(permit: Permit) -> list[dict]:
    return [{"id": p.pk, "kind": p.kind, "started_at": p.started_at, "ended_at": p.ended_at,
             "admitted_by": _person(p.admitted_by)} for p in permit.periods.select_related("admitted_by")]


def _certificate_data(certificate: AdmissionCertificate) -> dict:
    return {
        "id": certificate.pk, "organisation": certificate.organisation_id, "number": certificate.number,
        "year": certificate.year, "status": certificate.status, "status_display": certificate.get_status_display(),
        "drawn_up_on": certificate.drawn_up_on, "division": _ref(certificate.division),
        "shop_head": _person(certificate.shop_head), "contractor": _ref(certificate.contractor),
        "contractor_rep": _person(certificate.contractor_rep), "site_bounds": certificate.site_bounds,
        "work_name": certificate.work_name, "starts_on": certificate.starts_on, "ends_on": certificate.ends_on,
        "crossed_by_communications": certificate.crossed_by_communications,
        "machines_working": certificate.machines_working, "shop_signed_at": certificate.shop_signed_at,
        "contractor_signed_at": certificate.contractor_signed_at,
        "measures": [{"number": m.number, "text": m.text, "deadline": m.deadline, "executor": m.executor}
                     for m in certificate.measures.all()],
        "permits": sorted(p.pk for p in certificate.permits.all()),
        "signatures": _signatures(certificate),
    }


CERTIFICATE_RELATED = ("division", "shop_head", "contractor", "contractor_rep")


def certificate_body(pk: int) -> dict:
    certificate = AdmissionCertificate.objects.select_related(*CERTIFICATE_RELATED).get(pk=pk)
    return CertificateOut.model_validate(_certificate_data(certificate)).model_dump(mode="json")


def _emergency_data(emergency: EmergencyWork) -> dict:
    return {
        "id": emergency.pk, "organisation": emergency.organisation_id, "division": _ref(emergency.division),
        "facility": _ref(emergency.facility), "description": emergency.description,
        "plan_reference": emergency.plan_reference, "started_at": emergency.started_at, "status": emergency.status,
        "status_display": emergency.get_status_display(), "threat_eliminated_at": emergency.threat_eliminated_at,
        "leader": _person(emergency.leader), "permits": sorted(p.pk for p in emergency.permits.all()),
    }


EMERGENCY_RELATED = ("division", "facility", "leader")


def emergency_body(pk: int) -> dict:
    emergency = EmergencyWork.objects.select_related(*EMERGENCY_RELATED).get(pk=pk)
    return EmergencyOut.model_validate(_emergency_data(emergency)).model_dump(mode="json")


# --- finding records -----------------------------------------------------------------------------------------------

def _permit(request, record_id: int) -> Permit:
    return get_object_or_404(gatekeeper.visible_permits(request.auth), pk=record_id)


def _invalid_choice() -> str:
    return str(forms.ModelChoiceField.default_error_messages["invalid_choice"])


class References:
    """Ids from a body turned into records of one organisation; every unknown or foreign id is a 422 on its field.

    Ids are looked up only inside the organisation, so a refusal says nothing about another organisation's records.
    """

    def __init__(self, organisation_id: int):
        self.organisation_id = organisation_id
        self.errors: dict[str, list[str]] = {}

    def _queryset(self, model):
        if model is WorkType:
            return model.objects.filter(Q(organisation=self.organisation_id) | Q(organisation__isnull=True))
        return model._default_manager.filter(organisation=self.organisation_id)

    def one(self, field: str, model, pk: int | None):
        if pk is None:
            return None
        found = self._queryset(model).filter(pk=pk).first()
        if found is None:
            self.errors.setdefault(field, []).append(_invalid_choice())
        return found

    def many(self, field: str, model, pks) -> list:
        if pks is None:
            return None
        wanted = list(dict.fromkeys(pks))
        found = {obj.pk: obj for obj in self._queryset(model).filter(pk__in=wanted)}
        if len(found) != len(wanted):
            self.errors.setdefault(field, []).append(_invalid_choice())
        return [found[pk] for pk in wanted if pk in found]

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _organisation_for_new(request, organisation_id: int | None, model, message: str) -> int:
    """The organisation a new record goes into: the one named, else the caller's own; 403 unless the caller may add
    such records there (checked before any reference is looked up)."""
    if organisation_id is None:
        person = gatekeeper.person_of(request.auth)
        if person is None:
            raise ValidationError({"organisation": [str(forms.Field.default_error_messages["required"])]})
        organisation_id = person.organisation_id
    if not organisations_for(request.auth, Action.ADD, model).filter(pk=organisation_id).exists():
        raise PermissionDenied(message)
    return organisation_id


def _credentials(signature: SignatureIn | None, field: str) -> dict:
    """The keyword arguments the services pass to `sign`; a malformed signature is a 422 on its field."""
    if signature is None:
        return {}
    try:
        return signature.credentials()
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def _page(queryset, limit: int, offset: int) -> tuple[int, list]:
    return queryset.count(), list(queryset[offset:offset + limit])


def _permit_action(request, record_id: int, key: str | None, call) -> Any:
    """Find the permit (404 unless visible), run the one service, answer the permit as it now is."""
    def work():
        permit = _permit(request, record_id)
        call(permit)
        return 200, permit_body(request.auth, permit.pk)
    return idempotent(request, key, work)


# --- reads ---------------------------------------------------------------------------------------------------------

class PermitFilters(Schema):
    status: Status | None = None
    division: RecordId | None = Field(None, description="The division or any division under it.")
    facility: RecordId | None = None
    work_type: RecordId | None = None
    year: Year | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


@router.get("/", response={200: PermitPage, **READ_ERRORS}, operation_id="permits_list", summary="List work permits")
def permit_list(request, filters: Query[PermitFilters]):
    queryset = gatekeeper.visible_permits(request.auth).select_related(*SUMMARY_RELATED)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.division:
        path = Division.objects.filter(pk=filters.division).values_list("path", flat=True).first()
        queryset = queryset.filter(division__path__startswith=path) if path else queryset.none()
    for name in ("facility", "work_type", "year"):
        if getattr(filters, name) is not None:
            queryset = queryset.filter(**{name: getattr(filters, name)})
    count, items = _page(queryset, filters.limit, filters.offset)
    return {"count": count, "items": [_summary(p) for p in items]}


class RegisterFilters(Schema):
    organisation: RecordId
    year: Year
    limit: int = Field(500, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


@router.get("/register", response={200: RegisterPage, **READ_ERRORS}, operation_id="permits_register",
            summary="The register of work permits (Annex 2) of an organisation for a year")
def register(request, filters: Query[RegisterFilters]):
    queryset = (gatekeeper.visible_permits(request.auth)
                .filter(organisation=filters.organisation, year=filters.year, number__isnull=False)
                .select_related("division", "work_type", "issuer", "performer")
                .prefetch_related("admitting_persons").order_by("number"))
    count, permits = _page(queryset, filters.limit, filters.offset)
    rows = [{"permit": p.pk, "number": p.number, "year": p.year, "issued_at": p.issued_at,
             "division": _ref(p.division), "place": p.place, "scope_of_work": p.scope_of_work,
             "work_type": _ref(p.work_type), "issuer": _person(p.issuer), "performer": _person(p.performer),
             "admitting_persons": [_person(a) for a in p.admitting_persons.all()], "periods": _periods(p),
             "completed_at": p.completed_at, "closed_at": p.closed_at, "status": p.status,
             "status_display": p.get_status_display()} for p in permits]
    return {"count": count, "items": rows}


class PageFilters(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


def _work_type_data(work_type: WorkType) -> dict:
    return {"id": work_type.pk, "organisation": work_type.organisation_id, "kind": work_type.kind,
            "name": work_type.name, "is_active": work_type.is_active,
            "measures": [{"id": m.pk, "code": m.code, "position": m.position, "text": m.text}
                         for m in work_type.measures.all()]}


@router.get("/work-types", response={200: WorkTypePage, **READ_ERRORS}, operation_id="permits_work_types_list",
            summary="Work types with their template measures (item 5)")
def work_type_list(request, filters: Query[PageFilters]):
    queryset = visible_to(request.auth, WorkType).prefetch_related("measures")
    count, items = _page(queryset, filters.limit, filters.offset)
    return {"count": count, "items": [_work_type_data(w) for w in items]}


@router.get("/work-types/{record_id}", response={200: WorkTypeOut, **READ_ERRORS},
            operation_id="permits_work_types_read", summary="A work type with its template measures")
def work_type_read(request, record_id: RecordId):
    return _work_type_data(get_object_or_404(visible_to(request.auth, WorkType), pk=record_id))


# --- admission certificates (Annex 3) ------------------------------------------------------------------------------

class CertificateFilters(Schema):
    status: CertificateStatus | None = None
    division: RecordId | None = None
    contractor: RecordId | None = None
    year: Year | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


@router.get("/certificates", response={200: CertificatePage, **READ_ERRORS}, operation_id="permits_certificates_list",
            summary="List admission certificates (Annex 3)")
def certificate_list(request, filters: Query[CertificateFilters]):
    queryset = (gatekeeper.visible_certificates(request.auth).select_related(*CERTIFICATE_RELATED)
                .prefetch_related("measures", "permits"))
    for name in ("status", "division", "contractor", "year"):
        if getattr(filters, name) is not None:
            queryset = queryset.filter(**{name: getattr(filters, name)})
    count, items = _page(queryset, filters.limit, filters.offset)
    page = CertificatePage.model_validate({"count": count, "items": [_certificate_data(c) for c in items]})
    return json_response(200, page.model_dump(mode="json"))


class CertificateMeasureIn(Schema):
    text: _text(10_000, min_length=1)
    deadline: Day
    executor: _text(300, min_length=1)


class CertificateIn(Schema):
    organisation: RecordId | None = Field(None, description="Default: the caller's organisation.")
    drawn_up_on: Day
    division: RecordId = Field(..., description="The shop (site) handed over.")
    shop_head: RecordId
    contractor: RecordId
    contractor_rep: RecordId
    site_bounds: Text
    work_name: Text
    starts_on: Day
    ends_on: Day
    crossed_by_communications: bool = False
    machines_working: bool = False
    measures: list[CertificateMeasureIn] = Field(default_factory=list, max_length=200)


@router.post("/certificates", response={201: CertificateOut, **WRITE_ERRORS}, operation_id="permits_certificates_create",
             summary="Draw up an admission certificate (Annex 3, 344 cl.17-18)")
def certificate_create(request, payload: CertificateIn, idempotency_key: IdempotencyKey = None):
    def work():
        organisation_id = _organisation_for_new(
            request, payload.organisation, AdmissionCertificate,
            _("You are not allowed to draw up admission certificates here."))
        refs = References(organisation_id)
        values = {"division": refs.one("division", Division, payload.division),
                  "shop_head": refs.one("shop_head", Person, payload.shop_head),
                  "contractor": refs.one("contractor", Contractor, payload.contractor),
                  "contractor_rep": refs.one("contractor_rep", Person, payload.contractor_rep)}
        refs.check()
        certificate = AdmissionCertificate(
            organisation_id=organisation_id, drawn_up_on=payload.drawn_up_on, site_bounds=payload.site_bounds,
            work_name=payload.work_name, starts_on=payload.starts_on, ends_on=payload.ends_on,
            crossed_by_communications=payload.crossed_by_communications, machines_working=payload.machines_working,
            **values)
        certificate = services.certificate_create(
            by=request.auth, certificate=certificate,
            measures=[(m.text, m.deadline, m.executor) for m in payload.measures])
        return 201, certificate_body(certificate.pk)
    return idempotent(request, idempotency_key, work)


@router.get("/certificates/{record_id}", response={200: CertificateOut, **READ_ERRORS},
            operation_id="permits_certificates_read", summary="An admission certificate with its signatures")
def certificate_read(request, record_id: RecordId):
    certificate = get_object_or_404(gatekeeper.visible_certificates(request.auth), pk=record_id)
    return json_response(200, certificate_body(certificate.pk))


@router.get("/certificates/{record_id}/signing-text", response={200: SigningTextOut, **READ_ERRORS},
            operation_id="permits_certificates_signing_text", summary="The text an ЭЦП signs for the certificate")
def certificate_signing_text(request, record_id: RecordId):
    certificate = get_object_or_404(gatekeeper.visible_certificates(request.auth), pk=record_id)
    text = canonical_json(services.certificate_content(certificate))
    return {"act": "sign", "about": None, "text": text, "base64": signing_content_base64(text)}


class SignedIn(Schema):
    signature: SignatureIn


@router.post("/certificates/{record_id}/sign", response={200: CertificateOut, **WRITE_ERRORS},
             operation_id="permits_certificates_sign",
             summary="Sign the certificate: the head of the shop, then the contractor's representative")
def certificate_sign(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    def work():
        certificate = get_object_or_404(gatekeeper.visible_certificates(request.auth), pk=record_id)
        services.certificate_sign(certificate=certificate, by=request.auth,
                                  credentials=_credentials(payload.signature, "signature"))
        return 200, certificate_body(certificate.pk)
    return idempotent(request, idempotency_key, work)


# --- emergency works (344 cl.12) -----------------------------------------------------------------------------------

class EmergencyFilters(Schema):
    status: EmergencyStatus | None = None
    division: RecordId | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


@router.get("/emergencies", response={200: EmergencyPage, **READ_ERRORS}, operation_id="permits_emergencies_list",
            summary="List emergency works (344 cl.12)")
def emergency_list(request, filters: Query[EmergencyFilters]):
    queryset = gatekeeper.visible_emergencies(request.auth).select_related(*EMERGENCY_RELATED).prefetch_related(
        "permits")
    for name in ("status", "division"):
        if getattr(filters, name) is not None:
            queryset = queryset.filter(**{name: getattr(filters, name)})
    count, items = _page(queryset, filters.limit, filters.offset)
    return {"count": count, "items": [_emergency_data(e) for e in items]}


class EmergencyIn(Schema):
    organisation: RecordId | None = Field(None, description="Default: the caller's organisation.")
    division: RecordId
    facility: RecordId | None = None
    description: _text(10_000, min_length=1)
    plan_reference: _text(300, min_length=1)
    started_at: Moment
    leader: RecordId


@router.post("/emergencies", response={201: EmergencyOut, **WRITE_ERRORS}, operation_id="permits_emergencies_start",
             summary="Record emergency work under way (344 cl.12)")
def emergency_start(request, payload: EmergencyIn, idempotency_key: IdempotencyKey = None):
    def work():
        organisation_id = _organisation_for_new(request, payload.organisation, EmergencyWork,
                                                _("You are not allowed to record emergency work here."))
        refs = References(organisation_id)
        values = {"division": refs.one("division", Division, payload.division),
                  "facility": refs.one("facility", HazardousFacility, payload.facility),
                  "leader": refs.one("leader", Person, payload.leader)}
        refs.check()
        emergency = services.emergency_start(by=request.auth, emergency=EmergencyWork(
            organisation_id=organisation_id, description=payload.description, plan_reference=payload.plan_reference,
            started_at=payload.started_at, **values))
        return 201, emergency_body(emergency.pk)
    return idempotent(request, idempotency_key, work)


@router.get("/emergencies/{record_id}", response={200: EmergencyOut, **READ_ERRORS},
            operation_id="permits_emergencies_read", summary="An emergency work")
def emergency_read(request, record_id: RecordId):
    return emergency_body(get_object_or_404(gatekeeper.visible_emergencies(request.auth), pk=record_id).pk)


class ThreatEliminatedIn(Schema):
    at: Moment | None = Field(None, description="Default: now.")


@router.post("/emergencies/{record_id}/threat-eliminated", response={200: EmergencyOut, **WRITE_ERRORS},
             operation_id="permits_emergencies_threat_eliminated",
             summary="Record that the direct threat is eliminated: the rest needs a permit (344 cl.12)")
def emergency_threat_eliminated(request, record_id: RecordId, payload: ThreatEliminatedIn,
                                idempotency_key: IdempotencyKey = None):
    def work():
        emergency = get_object_or_404(gatekeeper.visible_emergencies(request.auth), pk=record_id)
        services.emergency_threat_eliminated(by=request.auth, emergency=emergency, at=payload.at)
        return 200, emergency_body(emergency.pk)
    return idempotent(request, idempotency_key, work)


# --- drafts --------------------------------------------------------------------------------------------------------

class ApproverIn(Schema):
    kind: ApprovalKind
    approver: RecordId


class MeasureIn(Schema):
    code: MeasureCode
    text: _text(10_000, min_length=1)


class PermitIn(Schema):
    organisation: RecordId | None = Field(None, description="Default: the caller's organisation.")
    division: RecordId
    other_divisions: Ids = Field(default_factory=list)
    facility: RecordId | None = None
    work_type: RecordId
    contractor: RecordId | None = None
    certificate: RecordId | None = None
    emergency: RecordId | None = None
    performer: RecordId = Field(..., description="Item 1.")
    place: Place = Field(..., description="Item 2.")
    equipment: _text(500) = ""
    devices: Ids = Field(default_factory=list)
    scope_of_work: _text(10_000, min_length=1)
    admitting_persons: Ids = Field(default_factory=list, description="Item 3.")
    responsible_manager: RecordId = Field(..., description="Item 4.")
    issuer: RecordId | None = Field(None, description="Item 6. Default: the caller.")
    planned_start: Moment
    planned_end: Moment
    validity: Validity = Validity.SINGLE_SHIFT
    nearby: list[Nearby] = Field(default_factory=list, max_length=len(Nearby.choices))
    earthwork: bool = False
    approvers: list[ApproverIn] = Field(default_factory=list, max_length=50, description="Items 8, 8.1.")
    measures: list[MeasureIn] | None = Field(None, max_length=200,
                                             description="Item 5. Default: the work type's template.")


class PermitPatch(Schema):
    """A change of the draft: only the fields sent change. References that may be empty take null."""

    division: RecordId = None
    other_divisions: Ids = None
    facility: RecordId | None = None
    work_type: RecordId = None
    contractor: RecordId | None = None
    certificate: RecordId | None = None
    emergency: RecordId | None = None
    performer: RecordId = None
    place: Place = None
    equipment: _text(500) = None
    devices: Ids = None
    scope_of_work: _text(10_000, min_length=1) = None
    admitting_persons: Ids = None
    responsible_manager: RecordId = None
    issuer: RecordId = None
    planned_start: Moment = None
    planned_end: Moment = None
    validity: Validity = None
    nearby: list[Nearby] = Field(None, max_length=len(Nearby.choices))
    earthwork: bool = None
    approvers: list[ApproverIn] = Field(None, max_length=50)
    measures: list[MeasureIn] = Field(None, max_length=200)


REFERENCES = {"division": Division, "facility": HazardousFacility, "work_type": WorkType, "contractor": Contractor,
              "certificate": AdmissionCertificate, "emergency": EmergencyWork, "performer": Person,
              "responsible_manager": Person, "issuer": Person}
RELATIONS = {"admitting_persons": Person, "devices": TechnicalDevice, "other_divisions": Division}
SCALARS = ("place", "equipment", "scope_of_work", "planned_start", "planned_end", "validity", "nearby", "earthwork")


def _draft_values(refs: References, given: dict) -> tuple[dict, dict, list | None, list | None]:
    """Model field values, to-many relations, measures and approvers from the fields given."""
    values = {name: refs.one(name, model, given[name]) for name, model in REFERENCES.items() if name in given}
    values.update({name: given[name] for name in SCALARS if name in given})
    if "nearby" in values:
        values["nearby"] = [str(n) for n in dict.fromkeys(values["nearby"])]
    relations = {name: refs.many(name, model, given[name]) for name, model in RELATIONS.items() if name in given}
    measures = None
    if given.get("measures") is not None:
        measures = [(m["code"], m["text"]) for m in given["measures"]]
    approvers = None
    if given.get("approvers") is not None:
        # A person named twice for the same item is the same approval.
        pairs = list(dict.fromkeys((a["kind"], a["approver"]) for a in given["approvers"]))
        people = refs.many("approvers", Person, [pk for _kind, pk in pairs])
        by_pk = {p.pk: p for p in people}
        approvers = [(kind, by_pk[pk]) for kind, pk in pairs if pk in by_pk]
    return values, relations, measures, approvers


@router.post("/", response={201: PermitOut, **WRITE_ERRORS}, operation_id="permits_create",
             summary="Draw up a work permit (a draft)")
def permit_create(request, payload: PermitIn, idempotency_key: IdempotencyKey = None):
    def work():
        organisation_id = _organisation_for_new(request, payload.organisation, Permit,
                                                _("You are not allowed to draw up permits in this organisation."))
        given = payload.model_dump()
        if given["issuer"] is None:
            person = gatekeeper.person_of(request.auth)
            given["issuer"] = person.pk if person is not None else None
        refs = References(organisation_id)
        values, relations, measures, approvers = _draft_values(refs, given)
        refs.check()
        permit = services.permit_create(by=request.auth, permit=Permit(organisation_id=organisation_id, **values),
                                        admitting_persons=relations["admitting_persons"], devices=relations["devices"],
                                        other_divisions=relations["other_divisions"], approvers=approvers or (),
                                        measures=measures)
        return 201, permit_body(request.auth, permit.pk)
    return idempotent(request, idempotency_key, work)


@router.get("/{record_id}", response={200: PermitOut, **READ_ERRORS}, operation_id="permits_read",
            summary="A work permit: items 1-13, signatures, the caller's available actions")
def permit_read(request, record_id: RecordId):
    return json_response(200, permit_body(request.auth, _permit(request, record_id).pk))


@router.patch("/{record_id}", response={200: PermitOut, **WRITE_ERRORS}, operation_id="permits_update",
              summary=_untranslated(Act.UPDATE))
def permit_update(request, record_id: RecordId, payload: PermitPatch):
    def work():
        permit = _permit(request, record_id)
        refs = References(permit.organisation_id)
        values, relations, measures, approvers = _draft_values(refs, payload.model_dump(exclude_unset=True))
        refs.check()
        services.permit_update(by=request.auth, permit=permit, changes=values, measures=measures,
                               approvers=approvers, **relations)
        return 200, permit_body(request.auth, permit.pk)
    return idempotent(request, None, work)


class SigningTextQuery(Schema):
    act: Act
    subject: _text(100) | None = Field(None, description=(
        "What the act is about, where it is about something: the measure's id (complete_measure), the crew member's "
        "id (brief_member), the approval's id (approve; default: the caller's own), the reason (terminate). "
        "start_work and extend need none: the crew count and the shift are the server's."))


def _signing_subject(request, permit: Permit, act: str, subject: str | None):
    """What `services` passes as the signature's subject for this act, as the service will compute it now."""
    def required_id(model, **lookup):
        if not subject:
            raise ValidationError({"subject": [str(forms.Field.default_error_messages["required"])]})
        if not subject.isdigit() or int(subject) > MAX_ID:
            raise ValidationError({"subject": [str(forms.IntegerField.default_error_messages["invalid"])]})
        found = model.objects.filter(pk=int(subject), **lookup).first()
        if found is None:
            raise ValidationError({"subject": [_invalid_choice()]})
        return found

    if act == Act.COMPLETE_MEASURE:
        return required_id(PermitMeasure, permit=permit)
    if act == Act.BRIEF_MEMBER:
        return required_id(CrewMember, permit=permit)
    if act == Act.APPROVE:
        if subject:
            return required_id(Approval, permit=permit)
        person = gatekeeper.person_of(request.auth)
        approval = permit.approvals.filter(approver=person, approved_at__isnull=True).first() if person else None
        if approval is None:
            raise ValidationError({"subject": [str(forms.Field.default_error_messages["required"])]})
        return approval
    if act == Act.START_WORK:
        return {"crew": permit.crew.filter(removed_at__isnull=True).count()}
    if act == Act.EXTEND:
        return {"shift_start": shift_to_extend_for(permit.organisation_id, timezone.now()).start.isoformat()}
    if act == Act.TERMINATE:
        if subject not in TerminationReason.values:
            raise ValidationError({"subject": [_invalid_choice()]})
        return {"reason": subject}
    return None


@router.get("/{record_id}/signing-text", response={200: SigningTextOut, **READ_ERRORS},
            operation_id="permits_signing_text", summary="The text a signature covers for an act, for ЭЦП clients")
def permit_signing_text(request, record_id: RecordId, query: Query[SigningTextQuery]):
    permit = _permit(request, record_id)
    subject = _signing_subject(request, permit, query.act, query.subject)
    text = signing_text(permit, query.act, subject=subject)
    return {"act": str(query.act), "about": signing_content(permit, query.act, subject=subject)["about"],
            "text": text, "base64": signing_content_base64(text)}


# --- actions -------------------------------------------------------------------------------------------------------

class CancelIn(Schema):
    reason: _text(10_000, min_length=1)
    signature: SignatureIn | None = Field(None, description="Needed once the permit is issued.")


class JointMeasuresIn(Schema):
    others: Annotated[list[RecordId], Field(min_length=1, max_length=50)]
    measures: _text(10_000, min_length=1)


class AirSampleIn(Schema):
    place: _text(300, min_length=1)
    taken_at: Moment
    substance: _text(200, min_length=1)
    value: Quantity
    limit: Quantity
    unit: _text(30) = "mg/m³"
    measured_by: RecordId | None = Field(None, description="Default: the caller.")


class AdmitIn(Schema):
    signature: SignatureIn
    measures_checked: bool = False
    performer_briefed: bool = False
    copy_handed_over: bool = False


class CrewAddIn(Schema):
    person: RecordId


class CosignedIn(Schema):
    signature: SignatureIn
    cosignature: SignatureIn | None = Field(None, description="The work performer's (the crew member's for a briefing).")


class ReadmitIn(CosignedIn):
    conditions_unchanged: bool = False


class ExtendIn(CosignedIn):
    shift_performer: RecordId | None = Field(None, description="The performer of the incoming shift; default: the "
                                                               "present one. He gives the cosignature.")
    crew_count: Annotated[int, Field(ge=0, le=10_000)]
    measures_checked: bool = Field(False, description="The admitting person checked the measures and briefed the "
                                                      "performer at the place of work (344 cl.22); required.")
    conditions_unchanged: bool = False


class SuspendIn(CosignedIn):
    reason: _text(10_000, min_length=1)


class ResumeIn(CosignedIn):
    measures_rechecked: Ids = Field(default_factory=list)


class TerminateIn(Schema):
    signature: SignatureIn
    reason: TerminationReason
    note: Text = ""


class ReportLostIn(Schema):
    signature: SignatureIn
    note: Text = ""


class HandBackIn(Schema):
    signature: SignatureIn
    workplace_cleared: bool = False
    people_withdrawn: bool = False
    completed_at: Moment | None = None


class CloseIn(Schema):
    signature: SignatureIn
    admitting_absent: bool = False


def _signed(request, payload) -> dict:
    return {"by": request.auth, "credentials": _credentials(payload.signature, "signature")}


def _cosigned(request, payload) -> dict:
    return {**_signed(request, payload), "performer_credentials": _credentials(payload.cosignature, "cosignature")}


def _operation(path: str, act: Act, name: str):
    return router.post(path, response=PERMIT_ACTION, operation_id=f"permits_{name}", summary=_untranslated(act))


@_operation("/{record_id}/issue", Act.ISSUE, "issue")
def permit_issue(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_issue(
        permit=permit, **_signed(request, payload)))


@_operation("/{record_id}/cancel", Act.CANCEL, "cancel")
def permit_cancel(request, record_id: RecordId, payload: CancelIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_cancel(
        permit=permit, reason=payload.reason, **_signed(request, payload)))


@_operation("/{record_id}/measures/{measure_id}/complete", Act.COMPLETE_MEASURE, "measure_complete")
def measure_complete(request, record_id: RecordId, measure_id: RecordId, payload: SignedIn,
                     idempotency_key: IdempotencyKey = None):
    def call(permit):
        measure = get_object_or_404(PermitMeasure, pk=measure_id, permit=permit)
        services.measure_complete(measure=measure, **_signed(request, payload))
    return _permit_action(request, record_id, idempotency_key, call)


@_operation("/{record_id}/joint-measures", Act.ADD_JOINT_MEASURES, "joint_measures")
def joint_measures(request, record_id: RecordId, payload: JointMeasuresIn, idempotency_key: IdempotencyKey = None):
    def call(permit):
        refs = References(permit.organisation_id)
        others = refs.many("others", Permit, payload.others)
        refs.check()
        services.joint_measures_agree(permit=permit, others=others, by=request.auth, measures=payload.measures)
    return _permit_action(request, record_id, idempotency_key, call)


@_operation("/{record_id}/air-samples", Act.RECORD_AIR_SAMPLE, "air_sample")
def air_sample(request, record_id: RecordId, payload: AirSampleIn, idempotency_key: IdempotencyKey = None):
    def call(permit):
        refs = References(permit.organisation_id)
        if payload.measured_by is None:
            measured_by = gatekeeper.person_of(request.auth)
            if measured_by is None:
                refs.errors["measured_by"] = [str(forms.Field.default_error_messages["required"])]
        else:
            measured_by = refs.one("measured_by", Person, payload.measured_by)
        refs.check()
        services.air_sample_record(permit=permit, by=request.auth, place=payload.place, taken_at=payload.taken_at,
                                   substance=payload.substance, value=payload.value, limit=payload.limit,
                                   unit=payload.unit, measured_by=measured_by)
    return _permit_action(request, record_id, idempotency_key, call)


@_operation("/{record_id}/approve", Act.APPROVE, "approve")
def permit_approve(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_approve(
        permit=permit, **_signed(request, payload)))


@_operation("/{record_id}/admit", Act.ADMIT, "admit")
def permit_admit(request, record_id: RecordId, payload: AdmitIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_admit(
        permit=permit, measures_checked=payload.measures_checked, performer_briefed=payload.performer_briefed,
        copy_handed_over=payload.copy_handed_over, **_signed(request, payload)))


@_operation("/{record_id}/accept-workplace", Act.ACCEPT_WORKPLACE, "accept_workplace")
def permit_accept_workplace(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_accept_workplace(
        permit=permit, **_signed(request, payload)))


@_operation("/{record_id}/crew", Act.ADD_MEMBER, "crew_add")
def crew_add(request, record_id: RecordId, payload: CrewAddIn, idempotency_key: IdempotencyKey = None):
    def call(permit):
        refs = References(permit.organisation_id)
        person = refs.one("person", Person, payload.person)
        refs.check()
        services.crew_add(permit=permit, by=request.auth, person=person)
    return _permit_action(request, record_id, idempotency_key, call)


@_operation("/{record_id}/crew/{member_id}/remove", Act.REMOVE_MEMBER, "crew_remove")
def crew_remove(request, record_id: RecordId, member_id: RecordId, idempotency_key: IdempotencyKey = None):
    def call(permit):
        member = get_object_or_404(CrewMember, pk=member_id, permit=permit)
        services.crew_remove(member=member, by=request.auth)
    return _permit_action(request, record_id, idempotency_key, call)


@_operation("/{record_id}/crew/{member_id}/brief", Act.BRIEF_MEMBER, "crew_brief")
def crew_brief(request, record_id: RecordId, member_id: RecordId, payload: CosignedIn,
               idempotency_key: IdempotencyKey = None):
    def call(permit):
        member = get_object_or_404(CrewMember, pk=member_id, permit=permit)
        services.crew_brief(member=member, by=request.auth, credentials=_credentials(payload.signature, "signature"),
                            member_credentials=_credentials(payload.cosignature, "cosignature"))
    return _permit_action(request, record_id, idempotency_key, call)


@_operation("/{record_id}/start", Act.START_WORK, "start")
def permit_start(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_start_work(
        permit=permit, **_signed(request, payload)))


@_operation("/{record_id}/pause", Act.PAUSE, "pause")
def permit_pause(request, record_id: RecordId, payload: CosignedIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_pause(
        permit=permit, **_cosigned(request, payload)))


@_operation("/{record_id}/hand-over-shift", Act.HAND_OVER_SHIFT, "hand_over_shift")
def permit_hand_over_shift(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_hand_over_shift(
        permit=permit, **_signed(request, payload)))


@_operation("/{record_id}/readmit", Act.READMIT, "readmit")
def permit_readmit(request, record_id: RecordId, payload: ReadmitIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_readmit(
        permit=permit, conditions_unchanged=payload.conditions_unchanged, **_cosigned(request, payload)))


@_operation("/{record_id}/extend", Act.EXTEND, "extend")
def permit_extend(request, record_id: RecordId, payload: ExtendIn, idempotency_key: IdempotencyKey = None):
    def call(permit):
        refs = References(permit.organisation_id)
        if payload.shift_performer is None:
            shift_performer = Person.objects.get(pk=gatekeeper.current_performer_id(permit))
        else:
            shift_performer = refs.one("shift_performer", Person, payload.shift_performer)
        refs.check()
        services.permit_extend(permit=permit, shift_performer=shift_performer, crew_count=payload.crew_count,
                               measures_checked=payload.measures_checked,
                               conditions_unchanged=payload.conditions_unchanged, **_cosigned(request, payload))
    return _permit_action(request, record_id, idempotency_key, call)


@_operation("/{record_id}/suspend", Act.SUSPEND, "suspend")
def permit_suspend(request, record_id: RecordId, payload: SuspendIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_suspend(
        permit=permit, reason=payload.reason, **_cosigned(request, payload)))


@_operation("/{record_id}/resume", Act.RESUME, "resume")
def permit_resume(request, record_id: RecordId, payload: ResumeIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_resume(
        permit=permit, measures_rechecked=payload.measures_rechecked, **_cosigned(request, payload)))


@_operation("/{record_id}/terminate", Act.TERMINATE, "terminate")
def permit_terminate(request, record_id: RecordId, payload: TerminateIn, idempotency_key: IdempotencyKey = None):
    """Answers the terminated permit; `replaced_by` is the new draft drawn up in its place (344 cl.25)."""
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_terminate(
        permit=permit, reason=payload.reason, note=payload.note, **_signed(request, payload)))


@_operation("/{record_id}/report-lost", Act.REPORT_LOST, "report_lost")
def permit_report_lost(request, record_id: RecordId, payload: ReportLostIn, idempotency_key: IdempotencyKey = None):
    """Answers the void permit; `replaced_by` is the new draft drawn up in its place (344 cl.26)."""
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_report_lost(
        permit=permit, note=payload.note, **_signed(request, payload)))


@_operation("/{record_id}/hand-back", Act.HAND_BACK, "hand_back")
def permit_hand_back(request, record_id: RecordId, payload: HandBackIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_hand_back(
        permit=permit, workplace_cleared=payload.workplace_cleared, people_withdrawn=payload.people_withdrawn,
        completed_at=payload.completed_at, **_signed(request, payload)))


@_operation("/{record_id}/close", Act.CLOSE, "close")
def permit_close(request, record_id: RecordId, payload: CloseIn, idempotency_key: IdempotencyKey = None):
    return _permit_action(request, record_id, idempotency_key, lambda permit: services.permit_close(
        permit=permit, admitting_absent=payload.admitting_absent, **_signed(request, payload)))

