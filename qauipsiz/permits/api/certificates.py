"""Admission certificates (Annex 3, 344 cl.17-18)."""

from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from pydantic import model_validator

from qauipsiz.acts.idempotency import idempotent, json_response
from qauipsiz.core.api import MAX_ID, MAX_LIMIT, RecordId
from qauipsiz.core.models import Contractor, Division, Person
from qauipsiz.ledger.canonical import canonical_json
from qauipsiz.ledger.signatures import signing_content_base64

from .. import gatekeeper, services
from ..choices import CertificateStatus
from ..models import AdmissionCertificate, CertificateMeasure
from .common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Day,
    IdempotencyKey,
    References,
    SignedIn,
    Year,
    credentials_of,
    organisation_for_new,
    page_of,
    router,
    text_type,
)
from .schemas import (
    CERTIFICATE_RELATED,
    CertificateOut,
    CertificatePage,
    SigningTextOut,
    certificate_body,
    certificate_data,
)


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
    count, items = page_of(queryset, filters.limit, filters.offset)
    page = CertificatePage.model_validate({"count": count, "items": [certificate_data(c) for c in items]})
    return json_response(200, page.model_dump(mode="json"))


class CertificateMeasureIn(Schema):
    text: text_type(10_000, min_length=1)
    deadline: Day
    executor: text_type(300, min_length=1)
    executor_person: RecordId | None = Field(None, description="The person who signs it done (Annex 3); none: the "
                                                               "head of the shop or the contractor's representative.")
    before_start: bool = Field(False, description="Due before the start of work: the contractor's permits under the "
                                                  "certificate are not admitted while it is open (Annex 3).")


class CertificateIn(Schema):
    organisation: RecordId | None = Field(None, description="Default: the caller's organisation.")
    drawn_up_on: Day
    division: RecordId = Field(..., description="The shop (site) handed over.")
    shop_head: RecordId
    contractor: RecordId
    contractor_rep: RecordId
    site_bounds: text_type(10_000, min_length=1)
    work_name: text_type(10_000, min_length=1)
    starts_on: Day
    ends_on: Day
    crossed_by_communications: bool = False
    machines_working: bool = False
    measures: list[CertificateMeasureIn] = Field(default_factory=list, max_length=200)


@router.post("/certificates", response={201: CertificateOut, **WRITE_ERRORS}, operation_id="permits_certificates_create",
             summary="Draw up an admission certificate (Annex 3, 344 cl.17-18)")
def certificate_create(request, payload: CertificateIn, idempotency_key: IdempotencyKey = None):
    def work():
        organisation_id = organisation_for_new(
            request, payload.organisation, AdmissionCertificate,
            _("You are not allowed to draw up admission certificates here."))
        refs = References(organisation_id)
        values = {"division": refs.one("division", Division, payload.division),
                  "shop_head": refs.one("shop_head", Person, payload.shop_head),
                  "contractor": refs.one("contractor", Contractor, payload.contractor),
                  "contractor_rep": refs.one("contractor_rep", Person, payload.contractor_rep)}
        executors = [refs.one("measures", Person, m.executor_person) if m.executor_person is not None else None
                     for m in payload.measures]
        refs.check()
        certificate = AdmissionCertificate(
            organisation_id=organisation_id, drawn_up_on=payload.drawn_up_on, site_bounds=payload.site_bounds,
            work_name=payload.work_name, starts_on=payload.starts_on, ends_on=payload.ends_on,
            crossed_by_communications=payload.crossed_by_communications, machines_working=payload.machines_working,
            **values)
        certificate = services.certificate_create(
            by=request.auth, certificate=certificate,
            measures=[(m.text, m.deadline, m.executor, person, m.before_start)
                      for m, person in zip(payload.measures, executors, strict=True)])
        return 201, certificate_body(certificate.pk)
    return idempotent(request, idempotency_key, work)


@router.get("/certificates/{record_id}", response={200: CertificateOut, **READ_ERRORS},
            operation_id="permits_certificates_read", summary="An admission certificate with its signatures")
def certificate_read(request, record_id: RecordId):
    certificate = get_object_or_404(gatekeeper.visible_certificates(request.auth), pk=record_id)
    return json_response(200, certificate_body(certificate.pk))


class CertificateSigningTextQuery(Schema):
    act: Literal["sign", "complete_measure", "cancel"] = "sign"
    measure: RecordId | None = Field(None, description="The measure, for `complete_measure`.")
    reason: text_type(2000) = Field("", description="The reason, for `cancel`: it is signed with it.")

    @model_validator(mode="after")
    def _needs(self):
        if self.act == "complete_measure" and self.measure is None:
            raise ValueError("measure is required for complete_measure")
        if self.act == "cancel" and not self.reason.strip():
            raise ValueError("reason is required for cancel")
        return self


@router.get("/certificates/{record_id}/signing-text", response={200: SigningTextOut, **READ_ERRORS},
            operation_id="permits_certificates_signing_text", summary="The text an ЭЦП signs for the certificate")
def certificate_signing_text(request, record_id: RecordId, query: Query[CertificateSigningTextQuery]):
    certificate = get_object_or_404(gatekeeper.visible_certificates(request.auth), pk=record_id)
    if query.act == "sign":
        content, about = services.certificate_content(certificate), None
    elif query.act == "complete_measure":
        measure = get_object_or_404(certificate.measures, pk=query.measure)
        content, about = services.certificate_act_content(certificate, query.act, measure), {"measure": measure.pk}
    else:
        content, about = services.certificate_act_content(certificate, query.act, query.reason.strip()), None
    text = canonical_json(content)
    return {"act": query.act, "about": about, "text": text, "base64": signing_content_base64(text)}


@router.post("/certificates/{record_id}/sign", response={200: CertificateOut, **WRITE_ERRORS},
             operation_id="permits_certificates_sign",
             summary="Sign the certificate: the head of the shop, then the contractor's representative")
def certificate_sign(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    def work():
        certificate = get_object_or_404(gatekeeper.visible_certificates(request.auth), pk=record_id)
        services.certificate_sign(certificate=certificate, by=request.auth,
                                  credentials=credentials_of(payload.signature, "signature"))
        return 200, certificate_body(certificate.pk)
    return idempotent(request, idempotency_key, work)


@router.post("/certificates/{record_id}/measures/{measure_id}/complete", response={200: CertificateOut, **WRITE_ERRORS},
             operation_id="permits_certificates_measure_complete",
             summary="Sign a measure of the certificate as carried out (Annex 3)")
def certificate_measure_complete(request, record_id: RecordId, measure_id: RecordId, payload: SignedIn,
                                 idempotency_key: IdempotencyKey = None):
    def work():
        certificate = get_object_or_404(gatekeeper.visible_certificates(request.auth), pk=record_id)
        measure = get_object_or_404(CertificateMeasure, pk=measure_id, certificate=certificate)
        services.certificate_measure_complete(measure=measure, by=request.auth,
                                              credentials=credentials_of(payload.signature, "signature"))
        return 200, certificate_body(certificate.pk)
    return idempotent(request, idempotency_key, work)


class CertificateCancelIn(SignedIn):
    reason: text_type(2000, min_length=1)


@router.post("/certificates/{record_id}/cancel", response={200: CertificateOut, **WRITE_ERRORS},
             operation_id="permits_certificates_cancel",
             summary="Cancel the certificate with a reason (Annex 3): it then covers no permit")
def certificate_cancel(request, record_id: RecordId, payload: CertificateCancelIn, idempotency_key: IdempotencyKey = None):
    def work():
        certificate = get_object_or_404(gatekeeper.visible_certificates(request.auth), pk=record_id)
        services.certificate_cancel(certificate=certificate, by=request.auth, reason=payload.reason,
                                    credentials=credentials_of(payload.signature, "signature"))
        return 200, certificate_body(certificate.pk)
    return idempotent(request, idempotency_key, work)
