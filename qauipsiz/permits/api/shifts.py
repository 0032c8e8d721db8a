"""Breaks and shifts: the daily break and re-admission (344 cl.23, cl.28), the shift hand-over (cl.24), the extension
for the next shift (item 12).

The input of these acts through the API; their endpoints come from their registration (`permits/registered.py`,
`qauipsiz.acts.endpoints`).
"""

from typing import Annotated

from ninja import Field

from qauipsiz.core.api import RecordId

from .common import CosignedIn, SignedIn

CONDITIONS_CHANGED = ("The conditions of the work have changed (item 12, 344 cl.6): the act is refused, the permit "
                      "holds only while they are unchanged and a new permit is needed.")


class ReadmitIn(CosignedIn):
    conditions_unchanged: bool = False
    conditions_changed: bool = Field(False, description=CONDITIONS_CHANGED)


class ExtendIn(CosignedIn):
    shift_performer: RecordId | None = Field(None, description="The performer of the incoming shift; default: the "
                                                               "present one. He gives the cosignature.")
    crew_count: Annotated[int, Field(ge=0, le=10_000)]
    measures_checked: bool = Field(False, description="The admitting person checked the measures and briefed the "
                                                      "performer at the place of work (344 cl.22); required.")
    conditions_unchanged: bool = False
    conditions_changed: bool = Field(False, description=CONDITIONS_CHANGED)


class NameAdmittingIn(SignedIn):
    """344 cl.29, item 12: the issuer replaces a named admitting person, or adds one for a shift."""

    person: RecordId = Field(..., description="The admitting person named: competent as one for the permit's division "
                                              "(344 cl.19, cl.20).")
    replaces: RecordId | None = Field(None, description="The admitting person he replaces; null: he is added.")


class NameShiftPerformerIn(SignedIn):
    """344 cl.29: the issuer names a work performer for the shifts (who then may accept a shift, item 12)."""

    person: RecordId
