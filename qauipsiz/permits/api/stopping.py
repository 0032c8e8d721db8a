"""Stopping the work: suspend and resume (344 cl.27), terminate (cl.25), report lost (cl.26), hand back (item 13),
close (cl.11).
"""

from ninja import Field, Schema

from qauipsiz.core.api import RecordId
from qauipsiz.ledger.api import SignatureIn

from .. import services
from ..acts import Act
from ..choices import TerminationReason
from .common import (
    CosignedIn,
    IdempotencyKey,
    Ids,
    Moment,
    Text,
    cosigned,
    permit_action,
    permit_operation,
    signed,
    text_type,
)


class SuspendIn(CosignedIn):
    reason: text_type(10_000, min_length=1)


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


@permit_operation("/{record_id}/suspend", Act.SUSPEND, "suspend")
def permit_suspend(request, record_id: RecordId, payload: SuspendIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_suspend(
        permit=permit, reason=payload.reason, **cosigned(request, payload)))


@permit_operation("/{record_id}/resume", Act.RESUME, "resume")
def permit_resume(request, record_id: RecordId, payload: ResumeIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_resume(
        permit=permit, measures_rechecked=payload.measures_rechecked, **cosigned(request, payload)))


@permit_operation("/{record_id}/terminate", Act.TERMINATE, "terminate")
def permit_terminate(request, record_id: RecordId, payload: TerminateIn, idempotency_key: IdempotencyKey = None):
    """Answers the terminated permit; `replaced_by` is the new draft drawn up in its place (344 cl.25)."""
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_terminate(
        permit=permit, reason=payload.reason, note=payload.note, **signed(request, payload)))


@permit_operation("/{record_id}/report-lost", Act.REPORT_LOST, "report_lost")
def permit_report_lost(request, record_id: RecordId, payload: ReportLostIn, idempotency_key: IdempotencyKey = None):
    """Answers the void permit; `replaced_by` is the new draft drawn up in its place (344 cl.26)."""
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_report_lost(
        permit=permit, note=payload.note, **signed(request, payload)))


@permit_operation("/{record_id}/hand-back", Act.HAND_BACK, "hand_back")
def permit_hand_back(request, record_id: RecordId, payload: HandBackIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_hand_back(
        permit=permit, workplace_cleared=payload.workplace_cleared, people_withdrawn=payload.people_withdrawn,
        completed_at=payload.completed_at, **signed(request, payload)))


@permit_operation("/{record_id}/close", Act.CLOSE, "close")
def permit_close(request, record_id: RecordId, payload: CloseIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_close(
        permit=permit, admitting_absent=payload.admitting_absent, **signed(request, payload)))
