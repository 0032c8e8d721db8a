"""From the draft to work: issue (item 6) or cancel, measures (item 7), joint measures (344 cl.7), air samples
(item 5.4), approvals (items 8, 8.1), admission (item 9), the workplace (item 10), the crew and the start
(item 11).
"""

from typing import Annotated

from django import forms
from django.shortcuts import get_object_or_404
from ninja import Field, Schema

from qauipsiz.core.api import RecordId
from qauipsiz.core.models import Person
from qauipsiz.ledger.api import SignatureIn

from .. import gatekeeper, services
from ..acts import Act
from ..models import CrewMember, Permit, PermitMeasure
from .common import (
    CosignedIn,
    IdempotencyKey,
    Moment,
    Quantity,
    References,
    SignedIn,
    credentials_of,
    permit_action,
    permit_operation,
    signed,
    text_type,
)


class CancelIn(Schema):
    reason: text_type(10_000, min_length=1)
    signature: SignatureIn | None = Field(None, description="Needed once the permit is issued.")


class JointMeasuresIn(Schema):
    others: Annotated[list[RecordId], Field(min_length=1, max_length=50)]
    measures: text_type(10_000, min_length=1)


class AirSampleIn(Schema):
    place: text_type(300, min_length=1)
    taken_at: Moment
    substance: text_type(200, min_length=1)
    value: Quantity
    limit: Quantity
    unit: text_type(30) = "mg/m³"
    measured_by: RecordId | None = Field(None, description="Default: the caller.")


class AdmitIn(Schema):
    signature: SignatureIn
    measures_checked: bool = False
    performer_briefed: bool = False
    copy_handed_over: bool = False


class CrewAddIn(Schema):
    person: RecordId


@permit_operation("/{record_id}/issue", Act.ISSUE, "issue")
def permit_issue(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_issue(
        permit=permit, **signed(request, payload)))


@permit_operation("/{record_id}/cancel", Act.CANCEL, "cancel")
def permit_cancel(request, record_id: RecordId, payload: CancelIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_cancel(
        permit=permit, reason=payload.reason, **signed(request, payload)))


@permit_operation("/{record_id}/measures/{measure_id}/complete", Act.COMPLETE_MEASURE, "measure_complete")
def measure_complete(request, record_id: RecordId, measure_id: RecordId, payload: SignedIn,
                     idempotency_key: IdempotencyKey = None):
    def call(permit):
        measure = get_object_or_404(PermitMeasure, pk=measure_id, permit=permit)
        services.measure_complete(measure=measure, **signed(request, payload))
    return permit_action(request, record_id, idempotency_key, call)


@permit_operation("/{record_id}/joint-measures", Act.ADD_JOINT_MEASURES, "joint_measures")
def joint_measures(request, record_id: RecordId, payload: JointMeasuresIn, idempotency_key: IdempotencyKey = None):
    def call(permit):
        refs = References(permit.organisation_id)
        others = refs.many("others", Permit, payload.others)
        refs.check()
        services.joint_measures_agree(permit=permit, others=others, by=request.auth, measures=payload.measures)
    return permit_action(request, record_id, idempotency_key, call)


@permit_operation("/{record_id}/air-samples", Act.RECORD_AIR_SAMPLE, "air_sample")
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
    return permit_action(request, record_id, idempotency_key, call)


@permit_operation("/{record_id}/approve", Act.APPROVE, "approve")
def permit_approve(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_approve(
        permit=permit, **signed(request, payload)))


@permit_operation("/{record_id}/admit", Act.ADMIT, "admit")
def permit_admit(request, record_id: RecordId, payload: AdmitIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_admit(
        permit=permit, measures_checked=payload.measures_checked, performer_briefed=payload.performer_briefed,
        copy_handed_over=payload.copy_handed_over, **signed(request, payload)))


@permit_operation("/{record_id}/accept-workplace", Act.ACCEPT_WORKPLACE, "accept_workplace")
def permit_accept_workplace(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_accept_workplace(
        permit=permit, **signed(request, payload)))


@permit_operation("/{record_id}/crew", Act.ADD_MEMBER, "crew_add")
def crew_add(request, record_id: RecordId, payload: CrewAddIn, idempotency_key: IdempotencyKey = None):
    def call(permit):
        refs = References(permit.organisation_id)
        person = refs.one("person", Person, payload.person)
        refs.check()
        services.crew_add(permit=permit, by=request.auth, person=person)
    return permit_action(request, record_id, idempotency_key, call)


@permit_operation("/{record_id}/crew/{member_id}/remove", Act.REMOVE_MEMBER, "crew_remove")
def crew_remove(request, record_id: RecordId, member_id: RecordId, idempotency_key: IdempotencyKey = None):
    def call(permit):
        member = get_object_or_404(CrewMember, pk=member_id, permit=permit)
        services.crew_remove(member=member, by=request.auth)
    return permit_action(request, record_id, idempotency_key, call)


@permit_operation("/{record_id}/crew/{member_id}/brief", Act.BRIEF_MEMBER, "crew_brief")
def crew_brief(request, record_id: RecordId, member_id: RecordId, payload: CosignedIn,
               idempotency_key: IdempotencyKey = None):
    def call(permit):
        member = get_object_or_404(CrewMember, pk=member_id, permit=permit)
        services.crew_brief(member=member, by=request.auth, credentials=credentials_of(payload.signature, "signature"),
                            member_credentials=credentials_of(payload.cosignature, "cosignature"))
    return permit_action(request, record_id, idempotency_key, call)


@permit_operation("/{record_id}/start", Act.START_WORK, "start")
def permit_start(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_start_work(
        permit=permit, **signed(request, payload)))
