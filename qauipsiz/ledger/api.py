"""API shapes for signing, for the endpoints that sign (work permits and the like):

    @router.post("/permits/{permit_id}/admit", response={200: PermitOut, **WRITE_ERRORS})
    def admit(request, permit_id: int, signature: SignatureIn):
        ... sign(..., **signature.credentials())

`SignatureIn.credentials()` refuses anything but exactly one credential with a ValidationError, which the API answers
with 422 in its usual error shape; so does a refused signature (`SignatureRefused`).
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema

from .cms import MAX_CMS_BYTES


class SignatureIn(Schema):
    """The signer's confirmation: exactly one of the password, the signing PIN, or a detached CMS (base64 or PEM)."""

    password: str | None = Field(None, max_length=4096)
    pin: str | None = Field(None, max_length=8)
    cms: str | None = Field(None, max_length=2 * MAX_CMS_BYTES)

    def credentials(self) -> dict:
        """The keyword arguments for `signatures.sign()`."""
        given = {name: value for name, value in (("password", self.password), ("pin", self.pin), ("cms", self.cms))
                 if value}
        if len(given) != 1:
            raise ValidationError(_("Give exactly one of: password, pin, cms."), code="signature_credentials")
        return given


class SignatureOut(Schema):
    id: uuid.UUID
    signed_at: datetime.datetime
    signer_user: int = Field(..., alias="signer_user_id")
    signer_person: int | None = Field(None, alias="signer_person_id")
    signer_name: str
    role: str
    competence_role: str
    competence: dict
    object_type: str
    object_id: str
    object_repr: str
    purpose: str
    content_hash: str
    method: str
    cms_status: str
    cms_reasons: list[str]
    certificate_subject: str
    certificate_serial: str
    certificate_iin: str
    certificate_not_before: datetime.datetime | None
    certificate_not_after: datetime.datetime | None
    ledger_seq: int = Field(..., alias="ledger_entry.seq")
