"""The Regulation on production control (315 cl.5-6) and its effectiveness criteria (cl.6.5) under
/api/v1/control/regulation/, with the pages' permissions; the approval is the act endpoint
`POST /api/v1/control/regulation/{record_id}/approve` (registered.py)."""

from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema, Status

from qauipsiz.accounts.api import ErrorOut
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import can, may_act_on_type, organisation_for_adding, organisations_for, visible_to
from qauipsiz.core.api import NO_NUL, RecordId
from qauipsiz.core.i18n import current_language

from ..choices import CriterionDirection, CriterionMeasure, CriterionUnit
from ..models import EffectivenessCriterion, Regulation
from ..regulation_content import text_in
from ..regulation_texts import LANGUAGES
from ..services import regulation as services

router = Router(tags=["control"])
Section = Annotated[str, Path(..., max_length=30, pattern=r"^[0-9a-z.]+$")]


def _text(max_length: int):
    """Text of at most `max_length` characters without NUL (which the database refuses)."""
    return Field("", max_length=max_length, pattern=NO_NUL)

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 400: ErrorOut, 409: ErrorOut}


class RegulationSummaryOut(Schema):
    id: int
    organisation: int
    version: int
    status: str
    based_on: int | None
    approved_at: str | None = Field(None, description="Local time, dd.mm.yyyy HH:MM.")
    approved_by: str
    pdf_sha256: dict[str, str] = Field(..., description="SHA-256 of the approved PDF in each language.")


class RegulationBlockOut(Schema):
    kind: str
    title: str
    key: str = ""
    text: str = ""
    items: list[str] = []
    header: list[str] = []
    rows: list[list[str]] = []


class RegulationSectionOut(Schema):
    number: str
    title: str
    blocks: list[RegulationBlockOut]


class RegulationOut(RegulationSummaryOut):
    language: str
    title: str
    sections: list[RegulationSectionOut]


class RegulationStartIn(Schema):
    organisation: RecordId


class RegulationNarrativeIn(Schema):
    kk: str = _text(services.NARRATIVE_MAX)
    ru: str = _text(services.NARRATIVE_MAX)
    en: str = _text(services.NARRATIVE_MAX)


class RegulationLanguageIn(Schema):
    language: Literal["", "kk", "ru", "en"] = Field("", description="Default: the caller's language.")


class RegulationApproveIn(Schema):
    pass


def summary(regulation: Regulation) -> dict:
    from qauipsiz.documents.marks import user_label, when

    return {"id": regulation.pk, "organisation": regulation.organisation_id, "version": regulation.version,
            "status": regulation.status, "based_on": regulation.based_on_id,
            "approved_at": when(regulation.approved_at) or None, "approved_by": user_label(regulation.approved_by),
            "pdf_sha256": regulation.pdf_sha256 or {}}


def regulation_body(user, pk: int, language: str | None = None) -> dict:
    regulation = get_object_or_404(visible_to(user, Regulation).select_related("organisation", "approved_by"), pk=pk)
    language = language if language in LANGUAGES else current_language()
    doc = text_in(regulation, language)
    return {**summary(regulation), "language": language, "title": doc["title"], "sections": doc["sections"]}


@router.get("/regulation", response={200: list[RegulationSummaryOut], **READ}, operation_id="control_regulation_list",
            summary="The versions of the Regulation on production control (315 cl.5-6)")
def regulation_list(request):
    if not may_act_on_type(request.auth, Action.VIEW, Regulation):
        raise PermissionDenied
    versions = visible_to(request.auth, Regulation).select_related("approved_by").order_by("organisation_id", "-version")
    return Status(200, [summary(regulation) for regulation in versions])


@router.get("/regulation/{regulation_id}", response={200: RegulationOut, **READ}, operation_id="control_regulation_get",
            summary="One version with its sections (a draft as generated now, an approved one as frozen)")
def regulation_get(request, regulation_id: RecordId, language: Query[RegulationLanguageIn]):
    return Status(200, regulation_body(request.auth, regulation_id, language.language))


@router.post("/regulation", response={201: RegulationOut, **WRITE}, operation_id="control_regulation_start",
             summary="Start a new draft (from the version in force)")
def regulation_start(request, payload: RegulationStartIn):
    organisation = organisation_for_adding(request.auth, Regulation, payload.organisation)
    regulation = services.regulation_start(organisation=organisation, by=request.auth)
    return Status(201, regulation_body(request.auth, regulation.pk))


@router.put("/regulation/{regulation_id}/wording/{section}", response={200: RegulationOut, **WRITE},
            operation_id="control_regulation_wording", summary="The organisation's wording of one section of a draft")
def regulation_wording(request, regulation_id: RecordId, section: Section, payload: RegulationNarrativeIn):
    regulation = get_object_or_404(visible_to(request.auth, Regulation), pk=regulation_id)
    if not can(request.auth, Action.CHANGE, regulation):
        raise PermissionDenied
    services.regulation_narrative_set(regulation=regulation, by=request.auth, section=section,
                                      texts=payload.model_dump())
    return Status(200, regulation_body(request.auth, regulation.pk))


class CriterionOut(Schema):
    id: int
    organisation: int
    name_kk: str
    name_ru: str
    name_en: str
    measure: CriterionMeasure
    description: str
    manual_value: Decimal | None
    target: Decimal
    unit: CriterionUnit
    direction: CriterionDirection
    position: int
    is_active: bool


class CriterionIn(Schema):
    organisation: RecordId
    name_kk: str = _text(300)
    name_ru: str = _text(300)
    name_en: str = _text(300)
    measure: CriterionMeasure
    description: str = _text(5000)
    manual_value: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    target: Decimal = Field(..., max_digits=12, decimal_places=2)
    unit: CriterionUnit
    direction: CriterionDirection
    position: int = Field(0, ge=0, le=32767)


def criterion_data(criterion: EffectivenessCriterion) -> dict:
    return {name: getattr(criterion, name) for name in (
        "id", "name_kk", "name_ru", "name_en", "measure", "description", "manual_value", "target", "unit",
        "direction", "position", "is_active")} | {"organisation": criterion.organisation_id}


@router.get("/regulation-criteria", response={200: list[CriterionOut], **READ},
            operation_id="control_regulation_criteria_list", summary="The effectiveness criteria (315 cl.6.5)")
def criteria_list(request):
    if not may_act_on_type(request.auth, Action.VIEW, EffectivenessCriterion):
        raise PermissionDenied
    return Status(200, [criterion_data(c) for c in visible_to(request.auth, EffectivenessCriterion)])


@router.post("/regulation-criteria", response={201: CriterionOut, **WRITE},
             operation_id="control_regulation_criterion_create", summary="Add an effectiveness criterion")
def criterion_create(request, payload: CriterionIn):
    organisation = get_object_or_404(organisations_for(request.auth, Action.ADD, EffectivenessCriterion),
                                     pk=payload.organisation)
    values = payload.model_dump(exclude={"organisation"})
    criterion = services.criterion_create(by=request.auth, instance=EffectivenessCriterion(
        organisation=organisation, **values))
    return Status(201, criterion_data(criterion))


@router.put("/regulation-criteria/{criterion_id}", response={200: CriterionOut, **WRITE},
            operation_id="control_regulation_criterion_update", summary="Change an effectiveness criterion")
def criterion_update(request, criterion_id: RecordId, payload: CriterionIn):
    criterion = get_object_or_404(visible_to(request.auth, EffectivenessCriterion), pk=criterion_id)
    if not can(request.auth, Action.CHANGE, criterion):
        raise PermissionDenied
    for name, value in payload.model_dump(exclude={"organisation"}).items():
        setattr(criterion, name, value)
    return Status(200, criterion_data(services.criterion_update(by=request.auth, instance=criterion)))
