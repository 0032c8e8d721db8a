"""`perform()`: the one way a signed act is carried out, for every domain.

    credentials checked (every signer, before any transaction or lock)
    → transaction: lock the record → gate (role, party, status) → the act's guards → signatures → change
    → ledger entries appended together, the organisation's ledger head locked last → notices on commit

The costly part of a signature (a password or PIN hash, an ЭЦП's certificate path) runs before the transaction, so no
row is locked while it does. Legal weight stays: each signature is still one person's act over the content: for an ЭЦП
the content the signer was shown is rebuilt under the lock and must be identical, else the act is refused as changed
meanwhile; a password or PIN signs the content as it stands under the lock.

A domain supplies an `ActDomain`: how its records are locked and gated, who its co-signers are, what is signed, and who
is told. A service then is its guard and its change:

    perform(ACTS[Act.ADMIT], domain=PERMITS, record=permit, by=user, credentials={"credentials": credentials},
            guard=check_admission, change=admit)
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.core import competence
from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.canonical import canonical_json
from qauipsiz.ledger.signatures import SignatureMethod, VerifiedCredential, sign, verify_credential

from .declarations import ActDeclaration, Signer, value_of
from .refusals import ActionRefused, CosignerRefused

SYSTEM_ROLE = "system"


@dataclass
class ActContext:
    """What the guards and the change of one act see: the locked record, the acting user and role, and `values` the
    guard leaves for the change."""

    declaration: ActDeclaration
    record: Any
    by: Any
    role: str
    values: dict = field(default_factory=dict)
    signatures: list = field(default_factory=list)


class ActDomain(Protocol):
    """What `perform()` asks of a domain about the records its acts are performed on."""

    def lock(self, record, declaration: ActDeclaration): ...  # re-read with its row locked (as given, if new)

    def gate(self, user, declaration: ActDeclaration, record) -> str: ...  # the role acted in, or raise

    def signer_person(self, record, name: str): ...  # the person of the record called `name` (a co-signer)

    def signer_person_id(self, record, name: str) -> int: ...  # only its id (to see it is still the same person)

    def signer_role(self, record, person) -> str: ...  # the role a co-signer signs in

    def content(self, record, declaration: ActDeclaration, subject) -> dict: ...  # what is signed

    def sign_scope(self, record) -> tuple[int, Any, str]: ...  # organisation id, division, purpose prefix

    def notify(self, record, declaration: ActDeclaration, notice) -> None: ...  # tell, once the act commits


@dataclass
class _Signing:
    signer: Signer
    user: Any
    person: Any
    verified: VerifiedCredential | None
    refusal: ValidationError | None = None


def _changed() -> ActionRefused:
    return ActionRefused(_("The record changed while you were signing: look at it again and sign anew."))


def _needed(declaration: ActDeclaration, record) -> list[Signer]:
    return [s for s in declaration.signers if s.when is None or s.when(record)]


def _cosigner_user(person):
    if person is None or person.user_id is None or not person.user.is_active:
        raise ValidationError(_("%(person)s has no active login and cannot sign.") % {"person": person})
    return person.user


def _verify(declaration, domain, record, by, credentials, people, subject) -> list[_Signing]:
    """Every signer's credential, checked before the transaction; a co-signer's refusal names that signer.

    A signer the record needs only in some states (`Signer.when`) is checked whenever credentials are given for it: the
    caller's copy of the record may be older than the row, which is read again under the lock. Its refusal is kept, and
    raised only if the locked record needs the signature.
    """
    signings, content = [], None
    needed = _needed(declaration, record)
    for signer in declaration.signers:
        given = credentials.get(signer.credentials) or {}
        if signer not in needed and not given:
            continue
        person = None
        try:
            if signer.is_cosigner:
                person = people.get(signer.person) or domain.signer_person(record, signer.person)
                user = _cosigner_user(person)
                if not given:
                    raise ValidationError(_("%(person)s must sign as well.") % {"person": person})
            else:
                user = by
            if given.get("cms") and content is None:
                content = domain.content(record, declaration, subject(record) if subject else None)
            verified = verify_credential(user, content=content, **given)
        except ValidationError as error:
            refusal = CosignerRefused(error, prefix=signer.field_prefix, person=person) if signer.is_cosigner else error
            if signer in needed:
                raise refusal from error
            signings.append(_Signing(signer=signer, user=None, person=person, verified=None, refusal=refusal))
            continue
        signings.append(_Signing(signer=signer, user=user, person=person, verified=verified))
    return signings


def _still_needed(declaration, record, signings: list[_Signing]) -> list[_Signing]:
    """The signings the locked record needs; refused as changed when one of them was not given."""
    by_signer = {s.signer: s for s in signings}
    kept = []
    for signer in _needed(declaration, record):
        signing = by_signer.get(signer)
        if signing is None:
            raise _changed()
        if signing.refusal is not None:
            raise signing.refusal
        kept.append(signing)
    return kept


def perform(declaration: ActDeclaration, *, domain: ActDomain, record, by, credentials: dict | None = None,
            change: Callable[[ActContext], Any], guard: Callable[[ActContext], None] | None = None,
            subject: Callable[[Any], Any] | None = None, people: dict | None = None, system: bool = False):
    """Carry out one act on `record` as `by`; return what `change` returns. Raises ActionRefused, PermissionDenied,
    ValidationError (CosignerRefused for a co-signer) and changes nothing when refused.

    - `credentials`: each signer's credentials by the signer's `credentials` keyword (`{"credentials": {...},
      "performer_credentials": {...}}`);
    - `people`: co-signers the caller names (the incoming shift's performer), by the signer's `person`;
    - `subject(record)`: what the act is about, as the signed content names it;
    - `system`: an act of the system (a scheduled job), which no gate applies to.
    """
    credentials, people = credentials or {}, people or {}
    signings = _verify(declaration, domain, record, by, credentials, people, subject)

    # The signatures were verified above, outside the transaction: a retry after a deadlock does not check them again.
    @transactions.atomic
    def act():
        with ledger.deferred(), competence.remembered():
            locked = domain.lock(record, declaration)
            role = SYSTEM_ROLE if system else domain.gate(by, declaration, locked)
            context = ActContext(declaration=declaration, record=locked, by=by, role=role)
            if guard is not None:
                guard(context)
            needed = _still_needed(declaration, locked, signings)
            if needed:
                _sign_all(context, domain, needed, people, subject)
            result = change(context)
            for notice in declaration.notices:
                if notice.when is None or notice.when(locked, result):
                    for target in (notice.targets(locked, result) if notice.targets else [locked]):
                        domain.notify(target, declaration, notice)
            return locked, result

    locked, result = act()
    # What the lock fetched along stays with the act: a caller keeping the record must not read stale links from it.
    getattr(locked, "_prefetched_objects_cache", {}).clear()
    return result


def _sign_all(context: ActContext, domain: ActDomain, signings: list[_Signing], people: dict, subject) -> None:
    record, declaration = context.record, context.declaration
    # The guard may have found the subject already (under the lock); else it is worked out as before the lock.
    about = context.values["subject"] if "subject" in context.values else (subject(record) if subject else None)
    content = domain.content(record, declaration, about)
    text = canonical_json(content)
    organisation_id, division, prefix = domain.sign_scope(record)
    for signing in signings:
        signer = signing.signer
        if signer.is_cosigner:
            person = signing.person
            if signer.person not in people and domain.signer_person_id(record, signer.person) != person.pk:
                raise _changed()  # another person is now the one to co-sign
            role = domain.signer_role(record, person)
        else:
            role = context.role
        if signing.verified.method == SignatureMethod.CMS and signing.verified.text != text:
            raise _changed()
        try:
            context.signatures.append(sign(
                organisation_id=organisation_id, by=signing.user, role=role, obj=record,
                purpose=f"{prefix}.{value_of(signer.purpose, context)}", content=content,
                competence_role=value_of(signer.competence_role, context), division=division,
                verified=signing.verified))
        except ValidationError as error:
            if signer.is_cosigner:
                raise CosignerRefused(error, prefix=signer.field_prefix, person=signing.person) from error
            raise
