"""Typed refusals of an act. Each maps to one answer: pages show the message, the API answers with its status.

- `ActionRefused` (409): the act is not possible in the record's present state, or a guard of the regulation refuses it;
- `django.core.exceptions.PermissionDenied` (403): the user may not perform it;
- `django.core.exceptions.ValidationError` (422): the input is wrong (a signature refused included);
- `CosignerRefused` (422, a ValidationError): the signature of a co-signer was refused; it names which one, so that the
  page shows the refusal in that signer's block.
"""

from django.core.exceptions import ValidationError

from qauipsiz.ledger.signatures import SignatureRefused


class ActionRefused(Exception):
    """The act is not possible in the record's present state (answered 409). The message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class CosignerRefused(SignatureRefused):
    """A co-signer's signature was refused (a `SignatureRefused`, with the words of the refusal it wraps). `prefix` is
    the signer's field prefix (the co-signer's form), `person` the person who was to sign, `field` the credential at
    fault, `error` the refusal."""

    def __init__(self, error: ValidationError, *, prefix: str, person=None):
        self.error = error
        self.prefix = prefix
        self.person = person
        self.field = getattr(error, "field", None)
        self.reasons = getattr(error, "reasons", error.messages)
        # Not SignatureRefused.__init__: the words stay those of the refusal wrapped, already complete.
        ValidationError.__init__(self, error.messages, code=getattr(error, "code", None) or "cosigner_refused")
