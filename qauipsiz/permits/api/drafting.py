"""The draft: create, read, change (Annex 1), and the text a signature covers for an act."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from qauipsiz.acts.idempotency import idempotent, json_response
from qauipsiz.core.api import MAX_ID, RecordId
from qauipsiz.core.models import Contractor, Division, HazardousFacility, Location, Person, TechnicalDevice
from qauipsiz.ledger.signatures import signing_content_base64

from .. import copying, gatekeeper, services
from ..acts import Act
from ..choices import ApprovalKind, MeasureCode, Nearby, TerminationReason, Validity
from ..content import measures_subject, signing_content, signing_text
from ..models import AdmissionCertificate, Approval, CrewMember, EmergencyWork, Permit, PermitMeasure, WorkType
from ..shifts import extension_shift
from .common import (
    READ_ERRORS,
    WRITE_ERRORS,
    IdempotencyKey,
    Ids,
    Moment,
    Place,
    References,
    find_permit,
    invalid_choice,
    organisation_for_new,
    router,
    text_type,
    untranslated,
)
from .schemas import PermitOut, SigningTextOut, permit_body


class ApproverIn(Schema):
    kind: ApprovalKind
    approver: RecordId


class MeasureIn(Schema):
    code: MeasureCode
    text: text_type(10_000, min_length=1)


class PermitIn(Schema):
    organisation: RecordId | None = Field(None, description="Default: the caller's organisation.")
    division: RecordId
    other_divisions: Ids = Field(default_factory=list)
    facility: RecordId | None = None
    location: RecordId | None = Field(None, description="The unit or area of the facility (344 cl.7).")
    work_type: RecordId
    contractor: RecordId | None = None
    certificate: RecordId | None = None
    site_not_handed_over: bool = Field(False, description="344 cl.18: the site cannot be handed over by an admission "
                                                          "certificate; the customer issues, the contractor's people "
                                                          "work.")
    emergency: RecordId | None = None
    performer: RecordId = Field(..., description="Item 1.")
    place: Place = Field(..., description="Item 2.")
    equipment: text_type(500) = ""
    devices: Ids = Field(default_factory=list)
    scope_of_work: text_type(10_000, min_length=1)
    admitting_persons: Ids = Field(default_factory=list, description="Item 3.")
    shift_performers: Ids = Field(default_factory=list, description="The work performers of the other shifts, named by "
                                                                    "the issuer (344 cl.29): only they and the "
                                                                    "performer accept a shift (item 12).")
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
    location: RecordId | None = None
    work_type: RecordId = None
    contractor: RecordId | None = None
    certificate: RecordId | None = None
    site_not_handed_over: bool = None
    emergency: RecordId | None = None
    performer: RecordId = None
    place: Place = None
    equipment: text_type(500) = None
    devices: Ids = None
    scope_of_work: text_type(10_000, min_length=1) = None
    admitting_persons: Ids = None
    shift_performers: Ids = None
    responsible_manager: RecordId = None
    issuer: RecordId = None
    planned_start: Moment = None
    planned_end: Moment = None
    validity: Validity = None
    nearby: list[Nearby] = Field(None, max_length=len(Nearby.choices))
    earthwork: bool = None
    approvers: list[ApproverIn] = Field(None, max_length=50)
    measures: list[MeasureIn] = Field(None, max_length=200)


REFERENCES = {"division": Division, "facility": HazardousFacility, "location": Location, "work_type": WorkType,
              "contractor": Contractor, "certificate": AdmissionCertificate, "emergency": EmergencyWork, "performer": Person,
              "responsible_manager": Person, "issuer": Person}
RELATIONS = {"admitting_persons": Person, "devices": TechnicalDevice, "other_divisions": Division,
             "shift_performers": Person}
SCALARS = ("place", "equipment", "scope_of_work", "planned_start", "planned_end", "validity", "nearby", "earthwork",
           "site_not_handed_over")


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
        organisation_id = organisation_for_new(request, payload.organisation, Permit,
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
                                        measures=measures, shift_performers=relations["shift_performers"])
        return 201, permit_body(request.auth, permit.pk)
    return idempotent(request, idempotency_key, work)


@router.get("/{record_id}", response={200: PermitOut, **READ_ERRORS}, operation_id="permits_read",
            summary="A work permit: items 1-13, signatures, the caller's available actions")
def permit_read(request, record_id: RecordId):
    return json_response(200, permit_body(request.auth, find_permit(request, record_id).pk))


@router.get("/{record_id}/copy", response={200: PermitIn, **READ_ERRORS}, operation_id="permits_copy",
            summary="A new draft pre-filled from this permit, to send to the create endpoint")
def permit_copy(request, record_id: RecordId):
    """Issue 11, as "Copy to a new draft" on the permit's page: what describes the work and the people it names, its
    own item 5; not its period (it starts now, as long as the source's: set it), number, state, signatures, air
    samples or crew. 404 unless the caller sees the permit in his own organisation, 403 unless he may draw up
    permits there. Nothing is saved: POST the body to `/permits/`."""
    source = copying.source_for_copy(request.auth, record_id)
    body = PermitIn(**copying.draft_copy(source).api_body(timezone.now()))  # the create endpoint's own shape
    return json_response(200, body.model_dump(mode="json"))


@router.patch("/{record_id}", response={200: PermitOut, **WRITE_ERRORS}, operation_id="permits_update",
              summary=untranslated(Act.UPDATE))
def permit_update(request, record_id: RecordId, payload: PermitPatch):
    def work():
        permit = find_permit(request, record_id)
        refs = References(permit.organisation_id)
        values, relations, measures, approvers = _draft_values(refs, payload.model_dump(exclude_unset=True))
        refs.check()
        services.permit_update(by=request.auth, permit=permit, changes=values, measures=measures,
                               approvers=approvers, **relations)
        return 200, permit_body(request.auth, permit.pk)
    return idempotent(request, None, work)


class SigningTextQuery(Schema):
    act: Act
    subject: text_type(100) | None = Field(None, description=(
        "What the act is about, where it is about something: the measure's id (complete_measure), the measures' ids "
        "separated by commas (complete_measures), the crew member's "
        "id (brief_member), the approval's id (approve; default: the caller's own), the reason (terminate). "
        "start_work and extend need none: the crew count and the shift are the server's."))


def _measures_subject(permit: Permit, subject: str | None) -> dict:
    """Issue 11: the measures signed at once, "12,13,14", named as `services.measures_complete` names them."""
    parts = [part.strip() for part in (subject or "").split(",") if part.strip()]
    if not parts:
        raise ValidationError({"subject": [str(forms.Field.default_error_messages["required"])]})
    if not all(part.isdigit() and int(part) <= MAX_ID for part in parts):
        raise ValidationError({"subject": [str(forms.IntegerField.default_error_messages["invalid"])]})
    ids = {int(part) for part in parts}
    measures = list(PermitMeasure.objects.filter(permit=permit, pk__in=ids))
    if len(measures) != len(ids):
        raise ValidationError({"subject": [invalid_choice()]})
    return measures_subject(measures)


def _signing_subject(request, permit: Permit, act: str, subject: str | None):
    """What `services` passes as the signature's subject for this act, as the service will compute it now."""
    def required_id(model, **lookup):
        if not subject:
            raise ValidationError({"subject": [str(forms.Field.default_error_messages["required"])]})
        if not subject.isdigit() or int(subject) > MAX_ID:
            raise ValidationError({"subject": [str(forms.IntegerField.default_error_messages["invalid"])]})
        found = model.objects.filter(pk=int(subject), **lookup).first()
        if found is None:
            raise ValidationError({"subject": [invalid_choice()]})
        return found

    if act == Act.COMPLETE_MEASURE:
        return required_id(PermitMeasure, permit=permit)
    if act == Act.BRIEF_MEMBER:
        return required_id(CrewMember, permit=permit)
    if act == Act.COMPLETE_MEASURES:
        return _measures_subject(permit, subject)
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
        return {"shift_start": extension_shift(permit, timezone.now()).start.isoformat()}
    if act == Act.TERMINATE:
        if subject not in TerminationReason.values:
            raise ValidationError({"subject": [invalid_choice()]})
        return {"reason": subject}
    return None


@router.get("/{record_id}/signing-text", response={200: SigningTextOut, **READ_ERRORS},
            operation_id="permits_signing_text", summary="The text a signature covers for an act, for ЭЦП clients")
def permit_signing_text(request, record_id: RecordId, query: Query[SigningTextQuery]):
    permit = find_permit(request, record_id)
    subject = _signing_subject(request, permit, query.act, query.subject)
    text = signing_text(permit, query.act, subject=subject)
    return {"act": str(query.act), "about": signing_content(permit, query.act, subject=subject)["about"],
            "text": text, "base64": signing_content_base64(text)}
