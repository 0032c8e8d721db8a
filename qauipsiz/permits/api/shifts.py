"""Breaks and shifts: the daily break and re-admission (344 cl.23, cl.28), the shift hand-over (cl.24), the extension
for the next shift (item 12).
"""

from typing import Annotated

from ninja import Field

from qauipsiz.core.api import RecordId
from qauipsiz.core.models import Person

from .. import gatekeeper, services
from ..acts import Act
from .common import CosignedIn, IdempotencyKey, References, SignedIn, cosigned, permit_action, permit_operation, signed


class ReadmitIn(CosignedIn):
    conditions_unchanged: bool = False


class ExtendIn(CosignedIn):
    shift_performer: RecordId | None = Field(None, description="The performer of the incoming shift; default: the "
                                                               "present one. He gives the cosignature.")
    crew_count: Annotated[int, Field(ge=0, le=10_000)]
    measures_checked: bool = Field(False, description="The admitting person checked the measures and briefed the "
                                                      "performer at the place of work (344 cl.22); required.")
    conditions_unchanged: bool = False


@permit_operation("/{record_id}/pause", Act.PAUSE, "pause")
def permit_pause(request, record_id: RecordId, payload: CosignedIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_pause(
        permit=permit, **cosigned(request, payload)))


@permit_operation("/{record_id}/hand-over-shift", Act.HAND_OVER_SHIFT, "hand_over_shift")
def permit_hand_over_shift(request, record_id: RecordId, payload: SignedIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_hand_over_shift(
        permit=permit, **signed(request, payload)))


@permit_operation("/{record_id}/readmit", Act.READMIT, "readmit")
def permit_readmit(request, record_id: RecordId, payload: ReadmitIn, idempotency_key: IdempotencyKey = None):
    return permit_action(request, record_id, idempotency_key, lambda permit: services.permit_readmit(
        permit=permit, conditions_unchanged=payload.conditions_unchanged, **cosigned(request, payload)))


@permit_operation("/{record_id}/extend", Act.EXTEND, "extend")
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
                               conditions_unchanged=payload.conditions_unchanged, **cosigned(request, payload))
    return permit_action(request, record_id, idempotency_key, call)
