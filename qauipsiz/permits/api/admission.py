"""From the draft to work: issue (item 6) or cancel, measures (item 7), joint measures (344 cl.7), air samples
(item 5.4), approvals (items 8, 8.1), admission (item 9), the workplace (item 10), the crew and the start
(item 11).

The input of these acts through the API; their endpoints come from their registration (`permits/registered.py`,
`qauipsiz.acts.endpoints`).
"""

from typing import Annotated

from ninja import Field, Schema

from qauipsiz.core.api import RecordId
from qauipsiz.ledger.api import SignatureIn

from ..choices import AirUnit, GasGroup
from .common import (
    Moment,
    Quantity,
    text_type,
)


class CancelIn(Schema):
    reason: text_type(10_000, min_length=1)
    signature: SignatureIn | None = Field(None, description="Needed once the permit is issued.")


class MeasuresCompleteIn(Schema):
    """Item 7, issue 11: the measures the caller carried out, signed at once with one signature."""

    measures: Annotated[list[RecordId], Field(min_length=1, max_length=100,
                                              description="The ids of the permit's measures carried out.")]
    signature: SignatureIn


class JointMeasuresIn(Schema):
    """344 cl.7: the proposal of joint measures, signed by the proposer (the issuer of this permit)."""

    others: Annotated[list[RecordId], Field(min_length=1, max_length=50)]
    measures: text_type(10_000, min_length=1)
    signature: SignatureIn


class JointWithdrawIn(Schema):
    reason: text_type(10_000, min_length=1)


class AirSampleIn(Schema):
    """Item 5.4: the place, the result and the gas contamination group; values are JSON numbers or strings with a
    decimal point."""

    place: text_type(300, min_length=1)
    taken_at: Moment
    substance: text_type(200, min_length=1)
    value: Quantity
    limit: Quantity
    unit: AirUnit = AirUnit.MG_PER_M3
    gas_group: GasGroup = Field(..., description="The gas contamination group (Annex 1 item 5.4).")
    measured_by: RecordId | None = Field(None, description="Default: the caller.")


class AdmitIn(Schema):
    signature: SignatureIn
    measures_checked: bool = False
    performer_briefed: bool = False
    copy_handed_over: bool = False


class CrewAddIn(Schema):
    person: RecordId
