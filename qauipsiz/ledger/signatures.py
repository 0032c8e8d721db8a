"""The signing act: the one way anything in Qauipsiz is signed. Work permits call it for every signature.

    with transaction.atomic():
        assert_unsigned(permit, purpose="permits.permit.item9_admission")
        signature = sign(organisation_id=permit.organisation_id, by=request.user, role=acting_role,
                         obj=permit, purpose="permits.permit.item9_admission", content=content,
                         competence_role=CompetenceRole.ADMITTING_PERSON, division=permit.division,
                         **form.credentials())

Signing is an explicit act at that moment: the signer re-enters their password, or their signing PIN, or signs the
canonical content with their qualified electronic signature (ЭЦП) through NCALayer. The signature keeps the signer,
the role they acted in, their competence at that moment (appointment orders, valid trainings), the time, and the
SHA-256 of exactly the content signed; it is appended to the ledger in the same transaction. A signed item can no
longer be edited (344 cl.5: no corrections or erasures): services call `assert_unsigned` before every change.

`content` should name what is signed (the record's type, id and number, the purpose) as well as its substance, so that
the signed text stands on its own when read years later. It is signed as canonical JSON (`signing_content`); NCALayer is
given that text as base64 of its UTF-8 bytes.

Refusals raise `SignatureRefused` (a ValidationError: forms show it, the API answers 422) and write nothing. Who may
sign what is the caller's decision; this module checks the credential, the competence and the ЭЦП.
"""

import base64
import datetime
import json
import logging
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.lockout import clear_credential_failures, locked_minutes, record_credential_failure
from qauipsiz.accounts.pins import check_pin
from qauipsiz.core.competence import assess

from .canonical import canonical_json, sha256_hex
from .cms import CmsStatus, decode_cms, load_trusted_roots, verify_detached_cms
from .gost import NcaNodeVerifier
from .models import CmsVerdict, Signature, SignatureMethod
from .services import _require_transaction, append, insert_after_append, snapshot

logger = logging.getLogger(__name__)

SIGNED_ACTION = "ledger.signature.signed"
PURPOSE_PATTERN = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")


class SignatureRefused(ValidationError):
    """The signature was not made, for `reasons` (translated). `field` names the credential at fault, if one is."""

    def __init__(self, reasons: str | list[str], *, field: str | None = None):
        self.reasons = [str(reasons)] if isinstance(reasons, str) else [str(reason) for reason in reasons]
        self.field = field
        super().__init__(_("The signature was refused: %(reasons)s") % {"reasons": "; ".join(self.reasons)},
                         code="signature_refused")


# --- What is signed -------------------------------------------------------------------------------------------------


def signing_content(obj_or_dict: models.Model | dict) -> str:
    """The canonical JSON text that is signed: of a dict as given, of a record as the ledger snapshots it."""
    data = snapshot(obj_or_dict) if isinstance(obj_or_dict, models.Model) else obj_or_dict
    return canonical_json(data)


def signing_content_base64(obj_or_dict: models.Model | dict | str) -> str:
    """What NCALayer is given to sign: base64 of the canonical text's UTF-8 bytes (text is taken as already canonical)."""
    text = obj_or_dict if isinstance(obj_or_dict, str) else signing_content(obj_or_dict)
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def signature_snapshot(signature: Signature) -> dict:
    """Every field of the signature as its ledger entry keeps it (the entry itself aside: it is made from this)."""
    data = {}
    for field in Signature._meta.concrete_fields:
        if field.name == "ledger_entry":
            continue
        value = field.value_from_object(signature)
        if isinstance(field, models.BinaryField):
            value = base64.b64encode(bytes(value or b"")).decode("ascii")
        elif isinstance(value, uuid.UUID):
            value = str(value)
        data[field.attname] = value
    return data


# --- Reading signatures ---------------------------------------------------------------------------------------------


def signatures_of(obj: models.Model) -> models.QuerySet:
    """The signatures on a record, oldest first. Found by type and id: they outlive the record."""
    return Signature.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related(
        "signer_user", "signer_person").order_by("signed_at", "id")


def is_signed(obj: models.Model, purpose: str | None = None) -> bool:
    signatures = signatures_of(obj)
    if purpose is not None:
        signatures = signatures.filter(purpose=purpose)
    return signatures.exists()


def assert_unsigned(obj: models.Model, purpose: str | None = None) -> None:
    """Refuse a change to a signed item (344 cl.5: a permit is filled in without corrections or erasures)."""
    if is_signed(obj, purpose):
        raise ValidationError(_("This item is signed and can no longer be changed (344 cl.5: no corrections or "
                                "erasures)."), code="signed")


# --- Wrong passwords and PINs ---------------------------------------------------------------------------------------
# Counted by `qauipsiz.accounts.lockout`: the same count guards the signing-PIN page, below the ledger.


def check_not_locked(user, *, field: str | None = None) -> None:
    minutes = locked_minutes(user)
    if minutes:
        raise SignatureRefused(_("too many wrong passwords or PINs: try again in %(minutes)s minutes") % {
            "minutes": minutes}, field=field)


# --- Signing --------------------------------------------------------------------------------------------------------


def _person_of(user):
    return getattr(user, "person", None)  # None when the account is linked to no person of the register


def _check_password(user, password: str) -> None:
    check_not_locked(user, field="password")
    if not user.check_password(password):
        record_credential_failure(user)
        raise SignatureRefused(_("the password is not correct"), field="password")
    clear_credential_failures(user)


def _check_pin(user, pin: str) -> None:
    if not user.signing_pin:
        raise SignatureRefused(_("you have not set a signing PIN: set one under \"Signing PIN\" in your menu, or sign "
                                 "with your password"), field="pin")
    check_not_locked(user, field="pin")
    if not check_pin(pin, user.signing_pin, rehash=lambda encoded: _store_pin(user, encoded)):
        record_credential_failure(user)
        raise SignatureRefused(_("the signing PIN is not correct"), field="pin")
    clear_credential_failures(user)


def _store_pin(user, encoded: str) -> None:
    """The PIN hashed anew (Argon2id at the present parameters) after a correct use of an older hash."""
    type(user).objects.filter(pk=user.pk).update(signing_pin=encoded)
    user.signing_pin = encoded


def _trusted_roots():
    """The configured trust anchors, or none and why not. Read at every signature: replacing the files needs no restart."""
    directory = settings.QAUIPSIZ_TRUSTED_ROOTS_DIR
    none = _("no trusted root certificates are configured (QAUIPSIZ_TRUSTED_ROOTS_DIR), so no qualified electronic "
             "signature can be accepted")
    if not directory:
        return [], none
    try:
        roots = load_trusted_roots(directory)
    except NotADirectoryError:
        return [], none
    except (ValueError, OSError) as exc:
        logger.error("the trusted root certificates cannot be read: %s", exc)
        return [], _("the trusted root certificates cannot be read: %(error)s") % {"error": exc}
    return (roots, None) if roots else ([], none)


def _check_cms(cms: str | bytes, text: str, *, iin: str, at: datetime.datetime):
    roots, problem = _trusted_roots()
    if problem:
        raise SignatureRefused(problem, field="cms")
    url = settings.QAUIPSIZ_GOST_VERIFIER_URL
    verifier = NcaNodeVerifier(url, timeout=settings.QAUIPSIZ_GOST_VERIFIER_TIMEOUT) if url else None
    result = verify_detached_cms(cms, text.encode("utf-8"), signer_iin=iin, trusted_roots=roots, at=at,
                                 gost_verifier=verifier)
    if result.status == CmsStatus.INVALID:
        raise SignatureRefused(result.reasons, field="cms")
    return result


@dataclass(frozen=True)
class VerifiedCredential:
    """A signer's credential, checked before the act's transaction opens (`verify_credential`).

    The password or PIN hash and the ЭЦП's certificate path are the costly part of a signature; checked here, no row
    is locked while they run. For an ЭЦП `text` is the content it was verified over: `sign` refuses any other.
    """

    user: object
    method: str
    cms: str | bytes | None = None
    text: str | None = None
    result: object = None


def _method(password, pin, cms) -> str:
    given = [name for name, value in (("password", password), ("pin", pin), ("cms", cms)) if value]
    if len(given) != 1:
        raise SignatureRefused(_("sign with exactly one of: your password, your signing PIN or your qualified "
                                 "electronic signature"))
    return SignatureMethod(given[0])


def _check_signer(by) -> None:
    if by is None or not getattr(by, "is_authenticated", False) or not by.is_active:
        raise SignatureRefused(_("only an active user can sign"))


def verify_credential(by, *, content: dict | None = None, password: str | None = None, pin: str | None = None,
                      cms: str | bytes | None = None) -> VerifiedCredential:
    """Check `by`'s password or PIN (counting wrong ones towards the lockout) or ЭЦП over `content`, outside any
    transaction. Raises SignatureRefused."""
    method = _method(password, pin, cms)
    _check_signer(by)
    if method == SignatureMethod.PASSWORD:
        _check_password(by, password)
        return VerifiedCredential(user=by, method=method)
    if method == SignatureMethod.PIN:
        _check_pin(by, pin)
        return VerifiedCredential(user=by, method=method)
    person = _person_of(by)
    if person is None:
        raise SignatureRefused(_("your account is not linked to a person in the register, so the IIN in your "
                                 "certificate cannot be matched"), field="cms")
    text = canonical_json(content)
    result = _check_cms(cms, text, iin=person.iin, at=timezone.now())
    return VerifiedCredential(user=by, method=method, cms=cms, text=text, result=result)


def sign(*, organisation_id: int, by, role: str, obj: models.Model, purpose: str, content: dict,
         competence_role: str | None = None, division=None, password: str | None = None, pin: str | None = None,
         cms: str | bytes | None = None, verified: VerifiedCredential | None = None) -> Signature:
    """Sign `content` about `obj` as `by`, acting as `role` (and, if given, as the competent `competence_role` for
    work in `division`), with exactly one of `password`, `pin` or `cms` (a detached CMS over `signing_content`), or
    with a credential `verified` beforehand by `verify_credential`.

    Runs inside the caller's transaction, so that the signature, its ledger entry and the change it accompanies are
    stored together or not at all. Raises SignatureRefused, writing nothing, when the signature cannot be made.
    """
    _require_transaction()
    if obj.pk is None:
        raise ValueError("only a saved record can be signed")
    if getattr(obj, "organisation_id", organisation_id) != organisation_id:
        raise ValueError("the record belongs to another organisation")
    if not PURPOSE_PATTERN.fullmatch(purpose) or len(purpose) > Signature._meta.get_field("purpose").max_length:
        raise ValueError(f"the purpose must be a dotted code such as permits.permit.item9_admission, not {purpose!r}")
    if len(role) > Signature._meta.get_field("role").max_length:
        raise ValueError(f"role too long: {role!r}")

    text = canonical_json(content)
    if verified is None:
        method = _method(password, pin, cms)
        _check_signer(by)
    else:
        if verified.user != by:
            raise ValueError("the credential was verified for another user")
        method, cms = verified.method, verified.cms
        if method == SignatureMethod.CMS and verified.text != text:
            raise SignatureRefused(_("the content changed after it was signed: reload it and sign again"), field="cms")
    person = _person_of(by)
    now = timezone.now()

    # The credential first, so that every wrong password or PIN is counted whatever else is wrong.
    if verified is None and method == SignatureMethod.PASSWORD:
        _check_password(by, password)
    elif verified is None and method == SignatureMethod.PIN:
        _check_pin(by, pin)

    evidence = {}
    if competence_role:
        if person is None:
            raise SignatureRefused(_("your account is not linked to a person in the register, so your competence "
                                     "cannot be checked"))
        if person.organisation_id != organisation_id:
            raise SignatureRefused(_("%(person)s is not a person of this organisation, so their competence here cannot "
                                     "be checked") % {"person": person.full_name})
        competence, found = assess(person, competence_role, now, division=division)
        if not competence:
            raise SignatureRefused(competence.explain())
        # Through JSON and back: the value kept is exactly what the database will give back to `qauipsiz verify`.
        evidence = _json_value(found)

    result = verified.result if verified is not None else None
    if method == SignatureMethod.CMS and result is None:
        if person is None:
            raise SignatureRefused(_("your account is not linked to a person in the register, so the IIN in your "
                                     "certificate cannot be matched"), field="cms")
        result = _check_cms(cms, text, iin=person.iin, at=now)

    signature = Signature(
        id=uuid.uuid4(), organisation_id=organisation_id, signed_at=now, signer_user=by, signer_person=person,
        signer_name=(person.full_name if person else by.get_full_name() or by.username)[:300], role=role,
        competence_role=competence_role or "", competence=evidence, object_type=obj._meta.label_lower,
        object_id=str(obj.pk), object_repr=str(obj)[:300], purpose=purpose, content=text,
        content_hash=sha256_hex(text), method=method,
    )
    if result is not None:
        certificate = result.signer
        signature.cms = decode_cms(cms)
        signature.cms_status = CmsVerdict.VALID if result.status == CmsStatus.VALID else CmsVerdict.NOT_VERIFIED
        signature.cms_reasons = [str(reason) for reason in result.reasons]
        signature.certificate_subject = certificate.subject
        signature.certificate_serial = certificate.serial_hex
        signature.certificate_iin = certificate.iin or ""
        signature.certificate_not_before = certificate.not_before
        signature.certificate_not_after = certificate.not_after
    # The entry first, carrying the whole signature; then the signature, pointing to it. Neither row is updated later.
    signature.ledger_entry = append(organisation_id=organisation_id, by=by, role=role, action=SIGNED_ACTION,
                                    obj=signature, content=signature_snapshot(signature))
    insert_after_append(signature)
    return signature


def _json_value(value):
    return json.loads(canonical_json(value))
