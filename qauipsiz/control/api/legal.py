"""Change notices of legal acts (315 cl.4.11) under /api/v1/control/legal/, with the pages' permissions."""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import may_act_on_type, visible_to
from qauipsiz.core.api import MAX_ID, MAX_LIMIT, ErrorOut, RecordId
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.core.models import ClauseEdition, Division, HazardousFacility

from ..inputs import text_type
from ..models.legal import ChangeNotice
from ..services.legal import acknowledge_change, send_change_notice, sending_organisations
from ..views.legal import acknowledgeable, notices_of, own_receipts

router = Router(tags=["control-legal"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class LegalChangeRecipientOut(Schema):
    id: int
    person: int
    person_name: str
    acknowledged_at: datetime.datetime | None


class LegalChangeNoticeOut(Schema):
    id: int
    organisation: int
    edition: int
    clause: str
    repealed: bool
    in_force_from: datetime.date
    access_roles: list[str]
    appointment_roles: list[str]
    division: int | None
    facility: int | None
    message: str
    sent_by_name: str
    sent_at: datetime.datetime
    recipients_count: int
    acknowledged_count: int


class LegalChangeNoticeDetailOut(LegalChangeNoticeOut):
    recipients: list[LegalChangeRecipientOut]


class LegalChangeNoticePage(Schema):
    count: int
    items: list[LegalChangeNoticeOut]


class LegalChangeReceiptOut(Schema):
    id: int
    notice: int
    clause: str
    repealed: bool
    in_force_from: datetime.date
    text: str
    sent_at: datetime.datetime
    acknowledged_at: datetime.datetime | None


class LegalChangeReceiptPage(Schema):
    count: int
    items: list[LegalChangeReceiptOut]


class LegalChangeFilters(Schema):
    pending: bool = Field(False, description="Only notices that someone has not acknowledged yet.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


class LegalChangeNoticeIn(Schema):
    organisation: RecordId | None = Field(None, description="Default: the caller's organisation.")
    edition: RecordId
    access_roles: Annotated[list[Literal[tuple(Role.values)]], Field(max_length=len(Role.values) * 2)] = []
    appointment_roles: Annotated[list[Literal[tuple(AppointmentRole.values)]],
                                 Field(max_length=len(AppointmentRole.values) * 2)] = []
    division: RecordId | None = None
    facility: RecordId | None = None
    message: text_type(10_000) = ""


def _notice_data(notice) -> dict:
    edition = notice.edition
    return {"id": notice.pk, "organisation": notice.organisation_id, "edition": edition.pk,
            "clause": str(edition.clause), "repealed": edition.repealed, "in_force_from": edition.in_force_from,
            "access_roles": notice.access_roles, "appointment_roles": notice.appointment_roles,
            "division": notice.division_id, "facility": notice.facility_id, "message": notice.message,
            "sent_by_name": notice.sent_by_name, "sent_at": notice.sent_at,
            "recipients_count": notice.recipients_count, "acknowledged_count": notice.acknowledged_count}


def _receipt_data(receipt) -> dict:
    edition = receipt.notice.edition
    return {"id": receipt.pk, "notice": receipt.notice_id, "clause": str(edition.clause),
            "repealed": edition.repealed, "in_force_from": edition.in_force_from, "text": edition.text,
            "sent_at": receipt.notice.sent_at, "acknowledged_at": receipt.acknowledged_at}


@router.get("/notices", response={200: LegalChangeNoticePage, **ERRORS}, operation_id="control_legal_notices_list",
            summary="List the notices of changes to legal acts (315 cl.4.11)")
def notice_list(request, filters: Query[LegalChangeFilters]):
    if not may_act_on_type(request.auth, Action.VIEW, ChangeNotice):
        raise PermissionDenied(_("You are not allowed to view notices of changes to legal acts."))
    notices = notices_of(request.auth)
    if filters.pending:
        notices = notices.filter(recipients__acknowledged_at__isnull=True).distinct()
    items = list(notices[filters.offset:filters.offset + filters.limit])
    return {"count": notices.count(), "items": [_notice_data(n) for n in items]}


@router.get("/notices/{notice_id}", response={200: LegalChangeNoticeDetailOut, **ERRORS},
            operation_id="control_legal_notices_read", summary="A notice with who acknowledged it and who has not")
def notice_read(request, notice_id: RecordId):
    notice = get_object_or_404(notices_of(request.auth), pk=notice_id)
    recipients = notice.recipients.select_related("person").order_by("person__last_name", "person__first_name", "pk")
    return {**_notice_data(notice), "recipients": [
        {"id": r.pk, "person": r.person_id, "person_name": r.person.full_name, "acknowledged_at": r.acknowledged_at}
        for r in recipients]}


@router.post("/notices", response={201: LegalChangeNoticeOut, **ERRORS}, operation_id="control_legal_notices_send",
             summary="Send a change of a clause to the workers it concerns (315 cl.4.11)")
def notice_send(request, payload: LegalChangeNoticeIn):
    organisations = sending_organisations(request.auth)
    if not organisations.exists():
        raise PermissionDenied(_("Only a production-control official sends notices of changes to legal acts "
                                 "(315 cl.4.11)."))
    if payload.organisation is not None:
        organisation = get_object_or_404(organisations, pk=payload.organisation)
    elif organisations.count() == 1:
        organisation = organisations.get()
    else:
        raise ValidationError({"organisation": _("Choose the organisation.")})
    edition = get_object_or_404(visible_to(request.auth, ClauseEdition).select_related("clause__act"),
                                pk=payload.edition)
    division = (get_object_or_404(visible_to(request.auth, Division), pk=payload.division)
                if payload.division else None)
    facility = (get_object_or_404(visible_to(request.auth, HazardousFacility).select_related("division"),
                                  pk=payload.facility) if payload.facility else None)
    notice = send_change_notice(by=request.auth, organisation=organisation, edition=edition,
                                access_roles=payload.access_roles, appointment_roles=payload.appointment_roles,
                                division=division, facility=facility, message=payload.message)
    return 201, _notice_data(notices_of(request.auth).get(pk=notice.pk))


@router.get("/my", response={200: LegalChangeReceiptPage, **ERRORS}, operation_id="control_legal_my_list",
            summary="The caller's own changes to acknowledge")
def my_list(request, filters: Query[LegalChangeFilters]):
    receipts = own_receipts(request.auth)
    if filters.pending:
        receipts = receipts.filter(acknowledged_at__isnull=True)
    items = list(receipts[filters.offset:filters.offset + filters.limit])
    return {"count": receipts.count(), "items": [_receipt_data(r) for r in items]}


@router.post("/my/{receipt_id}/acknowledge", response={200: LegalChangeReceiptOut, **ERRORS},
             operation_id="control_legal_my_acknowledge", summary="Acknowledge a change sent to the caller")
def my_acknowledge(request, receipt_id: RecordId):
    receipt = acknowledgeable(request.auth, receipt_id)
    acknowledge_change(by=request.auth, recipient=receipt)
    return _receipt_data(own_receipts(request.auth).get(pk=receipt.pk))
