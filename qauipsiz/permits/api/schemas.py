"""The answers of the permit endpoints: their schemas and how a record becomes one."""

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from qauipsiz.ledger.api import SignatureOut
from qauipsiz.ledger.signatures import signatures_of

from .. import gatekeeper
from ..choices import ENDED_STATUSES, OPEN_STATUSES, AttachmentKind, NamingKind
from ..models import AdmissionCertificate, EmergencyWork, Permit
from ..services.guards import air_problems_now
from ..services.joint import agreements_of, unresolved_overlaps
from ..shifts import next_extension_at

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


class JointSignatureOut(Schema):
    signatory: PersonOut
    contractor: RefOut | None = Field(..., description="The contractor signed for; null: the customer.")
    signed_at: datetime.datetime | None


class JointAgreementOut(Schema):
    """344 cl.7: joint measures of several organisations at one site, agreed once every party has signed."""

    id: int
    status: Literal["proposed", "agreed", "withdrawn"]
    measures: str
    permits: list[int]
    proposed_at: datetime.datetime
    proposed_by: PersonOut
    agreed_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    withdrawal_reason: str
    signatures: list[JointSignatureOut]


class AirSampleOut(Schema):
    """Item 5.4."""

    id: int
    place: str
    taken_at: datetime.datetime
    substance: str
    value: str
    limit: str
    unit: str
    gas_group: str = Field(..., description="The gas contamination group (item 5.4): I, II, III; empty on a sample "
                                            "recorded before it was asked.")
    measured_by: PersonOut
    passed: bool = Field(..., description="Within its limit; false: outside it, and admission is blocked until a "
                                          "passing sample of the substance at the place.")
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


AttachmentKindName = Literal[tuple(AttachmentKind.values)]  # type: ignore[valid-type] - an enum in the schema


class AttachmentOut(Schema):
    id: int
    kind: AttachmentKindName
    title: str
    filename: str
    content_type: str
    size: int
    sha256: str
    added_at: datetime.datetime


def attachment_data(a) -> dict:
    return {"id": a.pk, "kind": a.kind, "title": a.title, "filename": a.filename, "content_type": a.content_type,
            "size": a.size, "sha256": a.sha256, "added_at": a.added_at}


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
    location: RefOut | None = Field(..., description="The unit or area of the facility (344 cl.7).")
    work_type: RefOut
    contractor: RefOut | None
    performer: PersonOut
    place: str
    scope_of_work: str
    planned_start: datetime.datetime
    planned_end: datetime.datetime
    valid_until: datetime.datetime | None


class NamingOut(Schema):
    """344 cl.29, item 12: a person the issuer named after issue."""

    id: int
    kind: str
    person: PersonOut
    replaced: PersonOut | None
    named_at: datetime.datetime
    named_by: PersonOut


class PermitOut(PermitSummaryOut):
    """The whole permit (Annex 1, items 1-13), its signatures, and what the caller may do with it now."""

    other_divisions: list[RefOut]
    certificate: int | None
    site_not_handed_over: bool = Field(..., description="344 cl.18: the customer's permit for a site that cannot be "
                                                        "handed over; the contractor's people work under it.")
    emergency: int | None
    replaces: int | None
    replaced_by: int | None
    equipment: str
    devices: list[RefOut]
    admitting_persons: list[PersonOut]
    shift_performers: list[PersonOut] = Field(..., description="The work performers the issuer named for the shifts "
                                                               "(344 cl.29); with the performer, the only ones who "
                                                               "accept a shift (item 12).")
    namings: list[NamingOut] = Field(..., description="Admitting persons replaced or added and shift performers named "
                                                      "after issue (344 cl.29, item 12), in order: who was admitting "
                                                      "when.")
    responsible_manager: PersonOut
    issuer: PersonOut
    validity: str
    stored_status: str = Field(..., description="The status as stored: `status` reads `lapsed` as soon as the permit "
                                                "is past its validity, this one after the scheduled lapse (344 cl.6).")
    next_extension_at: datetime.datetime | None = Field(
        ..., description="When the next extension for a shift may be made (344 cl.6, PERMIT_EXTENSION_WINDOW_MINUTES "
                         "before the validity ends); null when the permit is not extended (one shift, not admitted, "
                         "ended, or valid to its planned end).")
    nearby: list[str]
    earthwork: bool
    measures: list[MeasureOut]
    joint_agreements: list[JointAgreementOut]
    unresolved_overlaps: list[int] = Field(..., description="344 cl.7: issued permits of other organisations at the "
                                                            "same site and time without joint measures signed by all.")
    air_samples: list[AirSampleOut]
    air_problems: list[str] = Field(..., description="What keeps the air analysis (item 5.4) from admitting now, in "
                                                     "words: a reading outside its limit, a sample too old or taken "
                                                     "before issue. Empty when nothing does.")
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


class RegisterPeriodOut(Schema):
    """An admission period of a register line; a kept line (`kept`) has kept only its kind and times."""

    id: int | None
    kind: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    admitted_by: PersonOut | None


class RegisterRowOut(Schema):
    """One row of the register of work permits (Annex 2), as the register page and its PDF and XLSX print it: the
    columns in the caller's language (`initial`, `readmissions`, `display_number`, `issuer_name`, `nature`), and the
    permit's own records. A purged permit's row is the line the book kept (`kept`, 344 cl.13): it has its columns,
    its number, its periods' times and its status, and no permit records (those are null or empty)."""

    permit: int = Field(..., description="The permit's id; for a kept line, the id the purged permit had.")
    kept: bool = Field(..., description="The permit was purged after its retention; the register kept its line.")
    number: int
    year: int
    display_number: str
    initial: list[str] = Field(..., description="The initial admission, start and end, as printed (column 1).")
    readmissions: list[str] = Field(..., description="Each re-admission, start and end, as printed (column 2).")
    issuer_name: str = Field(..., description="The person issuing the permit, as printed (column 4).")
    nature: str = Field(..., description="The nature of the work: work type, scope and place, as printed (column 5).")
    issued_at: datetime.datetime | None
    division: RefOut | None
    place: str
    scope_of_work: str
    work_type: RefOut | None
    issuer: PersonOut | None
    performer: PersonOut | None
    admitting_persons: list[PersonOut]
    periods: list[RegisterPeriodOut]
    completed_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    status: str = Field(..., description="As people read it now: `lapsed` the moment the validity passes (344 cl.6).")
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
    required_documents: list[AttachmentKindName] = Field(
        description="The kinds of attachment a permit of this type is issued only with (344 cl.4, cl.8).")
    measures: list[TemplateMeasureOut]


class WorkTypePage(Schema):
    count: int
    items: list[WorkTypeOut]


class CertificateMeasureOut(Schema):
    id: int
    number: int
    text: str
    deadline: datetime.date
    executor: str
    executor_person: PersonOut | None = Field(..., description="The person who signs it done; null: a party signs.")
    before_start: bool = Field(..., description="Due before the start of work: holds the admission of the "
                                                "contractor's permits under the certificate (Annex 3).")
    done_at: datetime.datetime | None
    done_by: PersonOut | None


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
    cancelled_at: datetime.datetime | None
    cancel_reason: str
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


# --- building the answers ------------------------------------------------------------------------------------------

def ref(obj) -> dict | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def location_ref(location) -> dict | None:
    return None if location is None else {"id": location.pk, "name": location.full_name}


def person_data(person) -> dict | None:
    return None if person is None else {"id": person.pk, "name": person.full_name, "position": person.position}


def summary_data(permit: Permit) -> dict:
    return {
        "id": permit.pk, "organisation": permit.organisation_id, "number": permit.number, "year": permit.year,
        "display_number": permit.display_number, "status": permit.effective_status,
        "status_display": permit.get_effective_status_display(), "division": ref(permit.division),
        "facility": ref(permit.facility), "location": location_ref(permit.location), "work_type": ref(permit.work_type),
        "contractor": ref(permit.contractor), "performer": person_data(permit.performer), "place": permit.place,
        "scope_of_work": permit.scope_of_work, "planned_start": permit.planned_start,
        "planned_end": permit.planned_end, "valid_until": permit.valid_until,
    }


SUMMARY_RELATED = ("division", "facility", "location__parent", "work_type", "contractor", "performer")


def signatures_data(obj) -> list:
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
    namings = list(permit.namings.select_related("person", "replaced", "named_by"))
    active = [m for m in crew if m.removed_at is None]
    briefed = sum(1 for m in active if m.briefed_at is not None)
    data = {
        **summary_data(permit),
        "other_divisions": [ref(d) for d in permit.other_divisions.all()],
        "certificate": permit.certificate_id, "site_not_handed_over": permit.site_not_handed_over,
        "emergency": permit.emergency_id, "replaces": permit.replaces_id,
        "replaced_by": replaced_by, "equipment": permit.equipment,
        "devices": [ref(d) for d in permit.devices.all()],
        "admitting_persons": [person_data(p) for p in permit.admitting_persons.all()],
        "shift_performers": [person_data(n.person) for n in namings if n.kind == NamingKind.SHIFT_PERFORMER],
        "namings": [{"id": n.pk, "kind": n.kind, "person": person_data(n.person), "replaced": person_data(n.replaced),
                     "named_at": n.named_at, "named_by": person_data(n.named_by)} for n in namings],
        "responsible_manager": person_data(permit.responsible_manager), "issuer": person_data(permit.issuer),
        "validity": permit.validity, "stored_status": permit.status, "next_extension_at": next_extension_at(permit),
        "nearby": [str(n) for n in permit.nearby or []], "earthwork": permit.earthwork,
        "measures": [{"id": m.pk, "code": m.code, "position": m.position, "text": m.text,
                      "joint_agreement": m.joint_id, "done_by": person_data(m.done_by), "done_at": m.done_at}
                     for m in permit.measures.select_related("done_by")],
        "joint_agreements": [joint_agreement_data(a) for a in agreements_of(permit)],
        "unresolved_overlaps": [p.pk for p in unresolved_overlaps(permit)] if permit.status not in ENDED_STATUSES
        else [],
        "air_samples": [{"id": s.pk, "place": s.place, "taken_at": s.taken_at, "substance": s.substance,
                         "value": str(s.value), "limit": str(s.limit), "unit": s.unit, "gas_group": s.gas_group,
                         "measured_by": person_data(s.measured_by), "passed": s.passed, "recorded_at": s.recorded_at}
                        for s in permit.air_samples.select_related("measured_by")],
        "air_problems": air_problems_now(permit) if permit.status in OPEN_STATUSES else [],
        "approvals": [{"id": a.pk, "kind": a.kind, "approver": person_data(a.approver), "approved_at": a.approved_at}
                      for a in permit.approvals.select_related("approver")],
        "crew": [{"id": m.pk, "person": person_data(m.person), "added_at": m.added_at, "briefed_at": m.briefed_at,
                  "briefed_by": person_data(m.briefed_by), "removed_at": m.removed_at} for m in crew],
        "crew_counts": {"active": len(active), "briefed": briefed, "not_briefed": len(active) - briefed,
                        "removed": len(crew) - len(active)},
        "extensions": [{"id": e.pk, "extended_at": e.extended_at, "shift_start": e.shift_start,
                        "shift_end": e.shift_end, "handed_over_by": person_data(e.handed_over_by),
                        "accepted_by": person_data(e.accepted_by), "crew_count": e.crew_count,
                        "admitted_by": person_data(e.admitted_by)}
                       for e in permit.extensions.select_related("handed_over_by", "accepted_by", "admitted_by")],
        "periods": periods_data(permit),
        "attachments": [attachment_data(a) for a in permit.attachments.all()],
        **{name: getattr(permit, name) for name in (
            "issued_at", "admitted_at", "accepted_at", "started_at", "paused_at", "pause_kind", "suspended_at",
            "completed_at", "closed_at", "ended_at", "termination_reason", "end_note", "created_at", "updated_at")},
        "signatures": signatures_data(permit),
        "available_actions": [str(a) for a in gatekeeper.available_actions(user, permit)],
    }
    return PermitOut.model_validate(data).model_dump(mode="json")


def joint_agreement_data(agreement) -> dict:
    return {"id": agreement.pk, "status": agreement.status, "measures": agreement.measures,
            "permits": sorted(p.pk for p in agreement.permits.all()), "proposed_at": agreement.proposed_at,
            "proposed_by": person_data(agreement.proposed_by), "agreed_at": agreement.agreed_at,
            "withdrawn_at": agreement.withdrawn_at, "withdrawal_reason": agreement.withdrawal_reason,
            "signatures": [{"signatory": person_data(s.signatory), "contractor": ref(s.contractor),
                            "signed_at": s.signed_at} for s in agreement.signatures.all()]}


def periods_data(permit: Permit) -> list[dict]:
    return [{"id": p.pk, "kind": p.kind, "started_at": p.started_at, "ended_at": p.ended_at,
             "admitted_by": person_data(p.admitted_by)} for p in permit.periods.select_related("admitted_by")]


def certificate_data(certificate: AdmissionCertificate) -> dict:
    return {
        "id": certificate.pk, "organisation": certificate.organisation_id, "number": certificate.number,
        "year": certificate.year, "status": certificate.status, "status_display": certificate.get_status_display(),
        "drawn_up_on": certificate.drawn_up_on, "division": ref(certificate.division),
        "shop_head": person_data(certificate.shop_head), "contractor": ref(certificate.contractor),
        "contractor_rep": person_data(certificate.contractor_rep), "site_bounds": certificate.site_bounds,
        "work_name": certificate.work_name, "starts_on": certificate.starts_on, "ends_on": certificate.ends_on,
        "crossed_by_communications": certificate.crossed_by_communications,
        "machines_working": certificate.machines_working, "shop_signed_at": certificate.shop_signed_at,
        "contractor_signed_at": certificate.contractor_signed_at,
        "cancelled_at": certificate.cancelled_at, "cancel_reason": certificate.cancel_reason,
        "measures": [{"id": m.pk, "number": m.number, "text": m.text, "deadline": m.deadline, "executor": m.executor,
                      "executor_person": person_data(m.executor_person), "before_start": m.before_start,
                      "done_at": m.done_at, "done_by": person_data(m.done_by)}
                     for m in certificate.measures.select_related("executor_person", "done_by")],
        "permits": sorted(p.pk for p in certificate.permits.all()),
        "signatures": signatures_data(certificate),
    }


CERTIFICATE_RELATED = ("division", "shop_head", "contractor", "contractor_rep")


def certificate_body(pk: int) -> dict:
    certificate = AdmissionCertificate.objects.select_related(*CERTIFICATE_RELATED).get(pk=pk)
    return CertificateOut.model_validate(certificate_data(certificate)).model_dump(mode="json")


def emergency_data(emergency: EmergencyWork) -> dict:
    return {
        "id": emergency.pk, "organisation": emergency.organisation_id, "division": ref(emergency.division),
        "facility": ref(emergency.facility), "description": emergency.description,
        "plan_reference": emergency.plan_reference, "started_at": emergency.started_at, "status": emergency.status,
        "status_display": emergency.get_status_display(), "threat_eliminated_at": emergency.threat_eliminated_at,
        "leader": person_data(emergency.leader), "permits": sorted(p.pk for p in emergency.permits.all()),
    }


EMERGENCY_RELATED = ("division", "facility", "leader")


def emergency_body(pk: int) -> dict:
    emergency = EmergencyWork.objects.select_related(*EMERGENCY_RELATED).get(pk=pk)
    return EmergencyOut.model_validate(emergency_data(emergency)).model_dump(mode="json")
