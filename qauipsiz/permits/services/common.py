"""What every permit service shares: the permits' side of `qauipsiz.acts.perform` (how a permit is locked, gated,
co-signed, signed and told about) and the small helpers of the changes (periods, the ledger, the current performer)."""

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch
from django.utils import timezone

from qauipsiz.acts.perform import perform
from qauipsiz.core.models import Person
from qauipsiz.domains import organisation_of
from qauipsiz.ledger import services as ledger

from .. import notices
from ..acts import ACTS, transition
from ..choices import MeasureCode
from ..content import signing_content
from ..gatekeeper import check_action, current_performer_id
from ..models import AdmissionPeriod, Permit

Credentials = dict  # {"password": ...} | {"pin": ...} | {"cms": ...}: exactly one, checked by `verify_credential`


def _now() -> datetime.datetime:
    return timezone.now()


def current_performer(permit: Permit) -> Person:
    """The performer responsible now (cl.29: of the latest extended shift), with his login: the one who co-signs."""
    return Person.objects.select_related("user").get(pk=current_performer_id(permit))


def _performer_id(permit: Permit) -> int:
    """`current_performer_id`, asked once per locked permit: the co-signer check and the co-signer's role both need it."""
    if not hasattr(permit, "_acting_performer_id"):
        permit._acting_performer_id = current_performer_id(permit)
    return permit._acting_performer_id


def _role_of_person(person: Person, permit: Permit) -> str:
    if any(p.pk == person.pk for p in permit.admitting_persons.all()):
        return "admitting_person"
    if person.pk in (permit.performer_id, _performer_id(permit)):
        return "work_performer"
    return "crew_member"


class PermitActs:
    """The permits' answers to `perform()` (see `qauipsiz.acts.perform.ActDomain`)."""

    def lock(self, permit: Permit, declaration) -> Permit:
        # Only the permit row: locking the joined division or organisation would queue every permit of the division.
        # The people and the links come along (apart from the lock): the gate, the signed content and the ledger
        # snapshot all read them.
        queryset = (Permit.objects.select_for_update(no_key=True, of=("self",))
                    .select_related("division", "organisation", "work_type", "performer", "issuer",
                                    "responsible_manager")
                    .prefetch_related(Prefetch("admitting_persons", queryset=Person.objects.order_by("pk")),
                                      "devices", "other_divisions"))
        if declaration.signers:
            queryset = queryset.prefetch_related("measures", "air_samples", "approvals", "crew")
        return queryset.get(pk=permit.pk)

    def gate(self, user, declaration, permit: Permit) -> str:
        return check_action(user, declaration.code, permit)

    def signer_person(self, permit: Permit, name: str) -> Person:
        if name == "performer":
            return current_performer(permit)
        raise LookupError(f"the permit names no co-signer {name!r}: the service gives it")

    def signer_person_id(self, permit: Permit, name: str) -> int:
        if name == "performer":
            return _performer_id(permit)
        raise LookupError(f"the permit names no co-signer {name!r}: the service gives it")

    def signer_role(self, permit: Permit, person: Person) -> str:
        return _role_of_person(person, permit)

    def content(self, permit: Permit, declaration, subject) -> dict:
        return signing_content(permit, declaration.code, subject=subject)

    def sign_scope(self, permit: Permit):
        return permit.organisation_id, permit.division, "permits.permit"

    def notify(self, permit: Permit, declaration, notice) -> None:
        notices.tell(permit, declaration.code)


PERMITS = PermitActs()


def perform_act(act: str, *, permit: Permit, by, change, guard=None, credentials: Credentials | None = None,
                subject=None, **more):
    """`perform()` one act of the permit table; `more` carries the co-signers' credentials and `people`."""
    people = more.pop("people", None)
    return perform(ACTS[act], domain=PERMITS, record=permit, by=by, change=change, guard=guard,
                   credentials={"credentials": credentials, **more}, subject=subject, people=people,
                   system=by is None)


def _log(*, by, role: str, event: str, obj) -> None:
    ledger.append(organisation_id=organisation_of(obj), by=by, role=role,
                  action=f"{obj._meta.label_lower}.{event}", obj=obj)


def _move(*, permit: Permit, act: str, by, role: str, fields: Iterable[str] = ()) -> None:
    """Apply the act's target status (if any), save the named fields and ledger the permit."""
    step = transition(act)
    changed = set(fields)
    if step.target is not None and permit.status != step.target:
        permit.status = step.target
        changed.add("status")
    permit.save(update_fields=[*sorted(changed), "updated_at"])
    _log(by=by, role=role, event=act, obj=permit)


def _open_period(permit: Permit) -> AdmissionPeriod | None:
    return permit.periods.filter(ended_at__isnull=True).order_by("-started_at").first()


def _end_period(*, permit: Permit, by, role: str, at=None) -> None:
    period = _open_period(permit)
    if period is not None:
        period.ended_at = at or _now()
        period.save(update_fields=["ended_at"])
        _log(by=by, role=role, event="ended", obj=period)


def _start_period(*, permit: Permit, by, role: str, kind: str, admitted_by: Person) -> None:
    period = AdmissionPeriod.objects.create(permit=permit, kind=kind, started_at=_now(), admitted_by=admitted_by)
    _log(by=by, role=role, event="started", obj=period)


def _active_crew(permit: Permit):
    return permit.crew.filter(removed_at__isnull=True).select_related("person")


def in_form_order(measures: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Item 5 in the order of the form (5.1 ... 5.10, not 5.1, 5.10, 5.2), rows of one item in the order given."""
    order = {code: index for index, code in enumerate(MeasureCode.values)}
    return sorted(measures, key=lambda row: order[MeasureCode(row[0])])
