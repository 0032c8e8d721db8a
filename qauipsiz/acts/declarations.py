"""An act declared as data: what a domain writes once per act, and what `perform()` and the pages read.

    ISSUE = ActDeclaration(code="issue", label=_("Issue (item 6)"), sources={DRAFT}, target=ISSUED,
                           party=Party.ISSUER, roles=ISSUING_ROLES,
                           signers=(Signer(purpose="item6_issued", competence_role=CompetenceRole.PERMIT_ISSUER),),
                           notices=(Notice(message=..., audience="prepare"),))

A signer is one person's signature over the act's content: the main signer is the user performing the act
(`person="actor"`); a co-signer is a person of the record the domain names (`person="performer"`, `"member"`, ...),
who signs on the same device with their own credentials, given under the service keyword `credentials`.
Purposes and competence roles that depend on the record are functions of the act's context (see `perform`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ACTOR = "actor"


@dataclass(frozen=True)
class Signer:
    """One signature of an act.

    - `purpose`: the signature's purpose code within the record type (`item9_admitted`), or a function of the context;
    - `competence_role`: the competence the signer must hold (None: none is checked), or a function of the context;
    - `person`: `"actor"` for the user performing the act, else the name of a person of the record the domain resolves;
    - `credentials`: the keyword under which the service receives this signer's credentials;
    - `field_prefix`: where pages and the API show this signer's refusal (the co-signer's form prefix), "" for the main
      signer;
    - `when`: a function of the record saying whether this signature is needed at all (default: always);
    - `label`: what the co-signer signs as, shown above their block ("Work performer"); default: the domain's
      `signer_role` of the person.
    """

    purpose: str | Callable[[Any], str]
    competence_role: str | None | Callable[[Any], str | None] = None
    person: str = ACTOR
    credentials: str = "credentials"
    field_prefix: str = ""
    when: Callable[[Any], bool] | None = None
    label: Any = ""

    @property
    def is_cosigner(self) -> bool:
        return self.person != ACTOR


@dataclass(frozen=True)
class Notice:
    """Who is told what after the act commits. `audience` names a group of the record's people the domain knows;
    `when(record, result)` may restrict it (default: always); `targets(record, result)` the records told about."""

    message: str
    audience: str
    when: Callable[[Any, Any], bool] | None = None
    targets: Callable[[Any, Any], list] | None = None


@dataclass(frozen=True)
class ActDeclaration:
    """One act of a record's life: in which statuses, by whom, signed by whom, told to whom, and where it leads."""

    code: str
    label: str
    sources: frozenset
    target: str | None  # None: the status does not change
    party: str
    roles: frozenset
    signers: tuple[Signer, ...] = ()
    notices: tuple[Notice, ...] = ()
    extra: dict = field(default_factory=dict)
    # What happened, in the past tense, for the records of it (history, printed marks): `label` names the button.
    done_label: Any = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "roles", frozenset(self.roles))

    @property
    def done(self) -> Any:
        """The act as a record of what happened ("Work terminated, permit withdrawn"), else its label."""
        return self.done_label or self.label

    @property
    def cosigners(self) -> tuple[Signer, ...]:
        return tuple(s for s in self.signers if s.is_cosigner)


def value_of(declared, context):
    """A declared value that is either given as is or computed from the act's context."""
    return declared(context) if callable(declared) else declared
