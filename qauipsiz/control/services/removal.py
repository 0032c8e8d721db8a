"""Removal from work for training not passed in time (315 cl.4.7, cl.4.10, cl.27.4).

- the official proposes (`removal_propose`): the person's lapsed trainings are attached from the register, and a
  proposal resting on none is refused;
- the head decides with a signature: removed from a date (`removal_approve`) or rejected with the reason
  (`removal_reject`);
- the head or an official lifts it with a signature (`removal_lift`), only once every lapsed training is renewed;
- while in force the person is competent in no role (`removal_bar`, one of `Domain.competence_bars`): every signature
  and every permit guard that asks `core.competence` refuses with the removal's reason.
"""

import datetime
import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role
from qauipsiz.acts.perform import perform
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core import competence
from qauipsiz.core.models import Person
from qauipsiz.ledger import services as ledger

from ..acts import CONTROL, REMOVAL_APPROVE, REMOVAL_LIFT, REMOVAL_REJECT
from ..choices import RemovalStatus
from ..models import Removal
from ..removal_selectors import lapses_of


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _render_bar(number, day) -> str:
    return gettext("removed from work from %(date)s (removal from work No. %(number)s) for training not passed in "
                   "time") % {"date": _date(day), "number": number}


_bar_reason = lazy(_render_bar, str)


def removal_bar(person, day: datetime.date) -> list:
    """315 cl.27.4: a person removed from work may not act in any role until the removal is lifted. Within a
    `competence.remembered()` block (every act, every bulk answer) the organisation's removals in force that day are
    read once; outside one, the person's."""
    memo = competence.memo()
    if memo is None:
        found = [r for r in Removal.objects.filter(person_id=person.pk, removed_from__lte=day).exclude(
            status__in=[RemovalStatus.PROPOSED, RemovalStatus.REJECTED]) if r.in_force_on(day)]
    else:
        key = ("control.removals", person.organisation_id, day)
        if key not in memo:
            by_person: dict[int, list] = {}
            for removal in Removal.objects.filter(organisation_id=person.organisation_id, removed_from__lte=day,
                                                  status=RemovalStatus.REMOVED):
                by_person.setdefault(removal.person_id, []).append(removal)
            memo[key] = by_person
        found = memo[key].get(person.pk, [])
    return [_bar_reason(removal.pk, removal.removed_from) for removal in found]


def _writes(func):
    """`@transactions.atomic` with the ledger's entries appended at the end, so the chain head is locked last."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        with ledger.deferred():
            return func(*args, **kwargs)
    return transactions.atomic(run)


def lapsed_now(person: Person, day: datetime.date | None = None) -> list[dict]:
    """The person's required trainings lapsed (or never passed) on `day`, as kept with the removal."""
    day = day or timezone.localdate()
    return [{"type": lapse.training_type.code,
             "name": {"kk": lapse.training_type.name_kk, "ru": lapse.training_type.name_ru,
                      "en": lapse.training_type.name_en},
             "valid_until": lapse.valid_until.isoformat() if lapse.valid_until else None,
             "document": lapse.document_number, "roles": lapse.roles}
            for lapse in lapses_of([person], day, 0) if lapse.state in ("lapsed", "missing")]


@_writes
def removal_propose(*, by, person: Person, reason: str) -> Removal:
    """315 cl.4.7: the official proposes to the head to remove from work a person who did not pass training in time."""
    role = acting_role(by, Action.ADD, Removal, person.organisation_id)
    if not role:
        raise PermissionDenied(_("Your roles do not allow this."))
    person = Person.objects.select_for_update(no_key=True).get(pk=person.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if Removal.objects.filter(person=person, status__in=[RemovalStatus.PROPOSED, RemovalStatus.REMOVED]).exists():
        raise ActionRefused(_("%(person)s already has an open removal from work.") % {"person": person.full_name})
    lapsed = lapsed_now(person)
    if not lapsed:
        raise ActionRefused(_("Every training required for the roles of %(person)s is valid: there is no ground "
                              "to remove them from work (315 cl.4.7).") % {"person": person.full_name})
    removal = Removal(organisation_id=person.organisation_id, division_id=person.division_id, person=person,
                      reason=reason[:4000], lapsed=lapsed, proposed_by=by)
    removal.save()
    ledger.append(organisation_id=removal.organisation_id, by=by, role=role, action="control.removal.proposed",
                  obj=removal)
    return removal


def _log(context, event: str) -> None:
    ledger.append(organisation_id=context.record.organisation_id, by=context.by, role=context.role,
                  action=f"control.removal.{event}", obj=context.record)


def removal_approve(*, record: Removal, by, credentials: dict, removed_from: datetime.date) -> Removal:
    """315 cl.27.4: the head removes the person from work from `removed_from` (today or later)."""
    if not isinstance(removed_from, datetime.date):
        raise ValidationError({"removed_from": _("Give the date.")})
    if removed_from < timezone.localdate():
        raise ValidationError({"removed_from": _("A removal from work cannot start in the past.")})

    def change(context):
        removal = context.record
        removal.status, removal.removed_from = RemovalStatus.REMOVED, removed_from
        removal.decided_at, removal.decided_by = timezone.now(), by
        removal.save(update_fields=["status", "removed_from", "decided_at", "decided_by"])
        _log(context, "removed")
        return removal

    return perform(REMOVAL_APPROVE, domain=CONTROL, record=record, by=by, credentials={"credentials": credentials},
                   change=change, subject=lambda r: {"removal_from": f"{removed_from:%d.%m.%Y}"})


def removal_reject(*, record: Removal, by, credentials: dict, reason: str) -> Removal:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})

    def change(context):
        removal = context.record
        removal.status, removal.rejection_reason = RemovalStatus.REJECTED, reason[:4000]
        removal.decided_at, removal.decided_by = timezone.now(), by
        removal.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by"])
        _log(context, "rejected")
        return removal

    return perform(REMOVAL_REJECT, domain=CONTROL, record=record, by=by, credentials={"credentials": credentials},
                   change=change, subject=lambda r: {"removal_rejection": reason})


def lift_problems(removal: Removal, day: datetime.date | None = None) -> list[str]:
    """Why the removal cannot be lifted yet: each training it rested on, or that the person's roles now require, still
    lapsed (315 cl.27.4: removed until trained)."""
    day = day or timezone.localdate()
    return [_("the training \"%(training)s\" is not renewed") % {"training": lapse.training_type.name}
            for lapse in lapses_of([removal.person], day, 0) if lapse.state in ("lapsed", "missing")]


def removal_lift(*, record: Removal, by, credentials: dict) -> Removal:
    """The removal is lifted once the training is renewed; refused with the reason otherwise."""
    def guard(context):
        problems = lift_problems(context.record)
        if problems:
            raise ActionRefused(_("The removal from work cannot be lifted: %(problems)s.") % {
                "problems": "; ".join(problems)})

    def change(context):
        removal = context.record
        removal.status, removal.lifted_on, removal.lifted_by = RemovalStatus.LIFTED, timezone.localdate(), by
        removal.save(update_fields=["status", "lifted_on", "lifted_by"])
        _log(context, "lifted")
        return removal

    return perform(REMOVAL_LIFT, domain=CONTROL, record=record, by=by, credentials={"credentials": credentials},
                   guard=guard, change=change)
