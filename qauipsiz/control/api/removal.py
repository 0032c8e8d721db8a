"""The API of examinations and removal from work (315 cl.4.6, cl.4.7, cl.26.5, cl.27.4), with the pages' permissions:
lists and records through the gatekeeper (another organisation's record answers 404), writes through the services.
The removal acts' endpoints come from their registrations (control/registered.py)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from qauipsiz.accounts.api import ErrorOut
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import may_act_on_type, organisations_for, visible_to
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.api import RecordId
from qauipsiz.core.models import BuildingStructure, Person, TechnicalDevice

from ..choices import ExaminationKind, ExaminationResult
from ..inputs import Day, text_type
from ..models import Examination, Removal
from ..removal_selectors import examinations, soon_days, training_lapses
from ..services.examinations import examination_create, examination_update
from ..services.removal import removal_propose

router = Router(tags=["control: examinations and removal from work"])

READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorOut}


class ControlExaminationOut(Schema):
    id: int
    kind: str
    device_id: int | None
    building_id: int | None
    object: str
    facility_id: int
    division_id: int
    due_on: datetime.date
    done_on: datetime.date | None
    result: str
    conclusion_number: str
    expert_organisation: str
    next_due_on: datetime.date | None
    state: str


class ControlExaminationIn(Schema):
    device_id: RecordId | None = None
    building_id: RecordId | None = None
    kind: ExaminationKind
    due_on: Day
    done_on: Day | None = None
    result: ExaminationResult | None = None
    conclusion_number: text_type(100) = ""
    expert_organisation: text_type(300) = ""
    next_due_on: Day | None = None
    note: text_type(4000) = ""


class ControlExaminationResultIn(Schema):
    done_on: Day
    result: ExaminationResult
    conclusion_number: text_type(100) = ""
    expert_organisation: text_type(300) = ""
    next_due_on: Day | None = None


class ControlRemovalOut(Schema):
    id: int
    person_id: int
    person: str
    status: str
    reason: str
    lapsed: list[dict]
    removed_from: datetime.date | None
    rejection_reason: str
    lifted_on: datetime.date | None


class ControlRemovalIn(Schema):
    person_id: RecordId
    reason: text_type(4000, required=True)


class ControlLapseOut(Schema):
    person_id: int
    person: str
    division: str
    training_type: str
    roles: list[str]
    valid_until: datetime.date | None
    state: str


def examination_out(examination: Examination) -> dict:
    return {"id": examination.pk, "kind": examination.kind, "device_id": examination.device_id,
            "building_id": examination.building_id, "object": str(examination.subject),
            "facility_id": examination.facility_id, "division_id": examination.division_id,
            "due_on": examination.due_on, "done_on": examination.done_on, "result": examination.result,
            "conclusion_number": examination.conclusion_number,
            "expert_organisation": examination.expert_organisation, "next_due_on": examination.next_due_on,
            "state": examination.state_on(timezone.localdate(), soon_days())}


def removal_out(removal: Removal) -> dict:
    return {"id": removal.pk, "person_id": removal.person_id, "person": removal.person.full_name,
            "status": removal.status, "reason": removal.reason, "lapsed": removal.lapsed,
            "removed_from": removal.removed_from, "rejection_reason": removal.rejection_reason,
            "lifted_on": removal.lifted_on}


def _errors(error: ValidationError) -> dict:
    return {"detail": "; ".join(error.messages)}


@router.get("/examinations", response={200: list[ControlExaminationOut], **READ_ERRORS},
            operation_id="control_examinations_list")
def list_examinations(request, state: str = "", kind: str = ""):
    if not may_act_on_type(request.auth, Action.VIEW, Examination):
        return 403, {"detail": _("Your roles do not allow this.")}
    rows = examinations(request.auth, state=state if state in ("overdue", "due_soon", "open", "done") else "",
                        kind=kind if kind in ExaminationKind.values else "")
    return 200, [examination_out(e) for e in rows[:500]]


@router.get("/examinations/{examination_id}", response={200: ControlExaminationOut, **READ_ERRORS},
            operation_id="control_examinations_get")
def get_examination(request, examination_id: RecordId):
    examination = get_object_or_404(visible_to(request.auth, Examination).select_related("device", "building"),
                                     pk=examination_id)
    return 200, examination_out(examination)


def _object(user, model, pk):
    if pk is None:
        return None
    found = visible_to(user, model).filter(pk=pk).first()
    if found is None:
        raise ValidationError(_("Choose a record of your organisation."))
    return found


@router.post("/examinations", response={201: ControlExaminationOut, **WRITE_ERRORS},
             operation_id="control_examinations_create")
def create_examination(request, payload: ControlExaminationIn):
    organisation = organisations_for(request.auth, Action.ADD, Examination).first()
    if organisation is None:
        return 403, {"detail": _("Your roles do not allow this.")}
    try:
        examination = examination_create(
            by=request.auth, organisation=organisation,
            device=_object(request.auth, TechnicalDevice, payload.device_id),
            building=_object(request.auth, BuildingStructure, payload.building_id),
            kind=payload.kind, due_on=payload.due_on, done_on=payload.done_on,
            result=payload.result or "", conclusion_number=payload.conclusion_number,
            expert_organisation=payload.expert_organisation, next_due_on=payload.next_due_on, note=payload.note)
    except PermissionDenied as error:
        return 403, {"detail": str(error) or _("Your roles do not allow this.")}
    except ValidationError as error:
        return 422, _errors(error)
    return 201, examination_out(examination)


@router.post("/examinations/{examination_id}/result",
             response={200: ControlExaminationOut, **WRITE_ERRORS},
             operation_id="control_examinations_result")
def record_result(request, payload: ControlExaminationResultIn,
                  examination_id: RecordId):
    examination = get_object_or_404(visible_to(request.auth, Examination), pk=examination_id)
    try:
        examination = examination_update(by=request.auth, examination=examination, **payload.dict())
    except PermissionDenied as error:
        return 403, {"detail": str(error) or _("Your roles do not allow this.")}
    except ValidationError as error:
        return 422, _errors(error)
    return 200, examination_out(examination)


@router.get("/removals", response={200: list[ControlRemovalOut], **READ_ERRORS}, operation_id="control_removals_list")
def list_removals(request, status: str = ""):
    if not may_act_on_type(request.auth, Action.VIEW, Removal):
        return 403, {"detail": _("Your roles do not allow this.")}
    rows = visible_to(request.auth, Removal).select_related("person")
    if status:
        rows = rows.filter(status=status)
    return 200, [removal_out(r) for r in rows[:500]]


@router.get("/removals/{removal_id}", response={200: ControlRemovalOut, **READ_ERRORS},
            operation_id="control_removals_get")
def get_removal(request, removal_id: RecordId):
    return 200, removal_out(get_object_or_404(visible_to(request.auth, Removal).select_related("person"),
                                              pk=removal_id))


@router.post("/removals", response={201: ControlRemovalOut, **WRITE_ERRORS}, operation_id="control_removals_propose")
def propose_removal(request, payload: ControlRemovalIn):
    person = get_object_or_404(visible_to(request.auth, Person), pk=payload.person_id)
    try:
        removal = removal_propose(by=request.auth, person=person, reason=payload.reason)
    except PermissionDenied as error:
        return 403, {"detail": str(error) or _("Your roles do not allow this.")}
    except ActionRefused as error:
        return 409, {"detail": str(error)}
    except ValidationError as error:
        return 422, _errors(error)
    return 201, removal_out(removal)


@router.get("/training-lapses", response={200: list[ControlLapseOut], **READ_ERRORS},
            operation_id="control_training_lapses")
def list_lapses(request, state: str = ""):
    organisation = organisations_for(request.auth, Action.VIEW, Removal).first()
    if organisation is None:
        return 403, {"detail": _("Your roles do not allow this.")}
    rows = training_lapses(request.auth, organisation.pk, state=state if state in ("lapsed", "lapsing") else "")
    return 200, [{"person_id": lapse.person.pk, "person": lapse.person.full_name,
                  "division": str(lapse.person.division or ""), "training_type": lapse.training_type.code,
                  "roles": lapse.roles, "valid_until": lapse.valid_until, "state": lapse.state}
                 for lapse in rows[:1000]]
