"""Stopping the work: suspend and resume (344 cl.27), terminate (cl.25), report lost (cl.26), hand back (item 13),
close (cl.11).

The input of these acts through the API; their endpoints come from their registration (`permits/registered.py`,
`qauipsiz.acts.endpoints`).
"""

from ninja import Field, Schema

from qauipsiz.ledger.api import SignatureIn

from ..choices import TerminationReason
from .common import (
    CosignedIn,
    Ids,
    Moment,
    Text,
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
