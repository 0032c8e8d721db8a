"""Retention, holds and purges: records are kept as long as the law says, never purged while held, and a purge is
itself a ledger event that leaves a tombstone (344 cl.14-15).

Each domain app registers a `RetentionRule` for the record types it lets purge (permits: a year after closure), in its
`register_domain(...)` call. The rule says when a record becomes purgeable, which rows go with it, and which records
the retention page lists. `purge` then, in one transaction:
- refuses unless the rule allows it now and no hold is active;
- appends a "gone" entry for every row removed, so that `qauipsiz verify` expects their absence;
- deletes the rows and writes a `Tombstone` (its own ledger entry), which records what existed and the hash of its
  last snapshot. The chain itself is never touched: it still verifies, and still proves the history up to the purge.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import roles_of
from qauipsiz.domains import domains, organisation_of

from . import services as ledger
from .canonical import canonical_json, sha256_hex
from .models import Hold, LedgerEntry, Tombstone

# Only these roles decide that a record may go: the head (who answers for the archive) and system administrators.
PURGING_ROLES = frozenset({Role.HEAD, Role.SYSADMIN})
HOLDING_ROLES = frozenset({Role.HEAD, Role.PC_OFFICIAL, Role.SYSADMIN})


class PurgeRefused(ValidationError):
    pass


@dataclass(frozen=True)
class RetentionRule:
    """How long a record type is kept, and what goes with it when purged."""

    # Why the record may not be purged yet at `now` ([] when it may): lazily translated reasons.
    blockers: Callable[[models.Model, datetime.datetime], list[str]]
    # The rows removed with the record, children first; each is a saved model instance.
    rows: Callable[[models.Model], list[models.Model]]
    # A few fields to keep on the tombstone (number, dates), JSON-serialisable.
    summary: Callable[[models.Model], dict]
    # The legal basis, as the tombstone states it (lazily translated).
    basis: object
    # Called before the rows are deleted; what it returns is given to `after`.
    before: Callable[[models.Model], object] | None = None
    # Called after the rows are deleted, inside the transaction (re-ledger records whose links changed, remove files).
    after: Callable[[models.Model, object, object], None] | None = None
    # For the retention page. `name` is the hold form's field and the purge URL's name (`<name>-purge`), `slug` the
    # purge URL's segment; `holdable(organisation_id)` are the records a hold may be set on, `ended(organisation_id)`
    # those whose retention may have run out (the page keeps the purgeable ones); `ended_at(obj)` when each ended.
    name: str = ""
    slug: str = ""
    record_label: object = ""
    purgeable_title: object = ""
    nothing_purgeable: object = ""
    explanation: object = ""
    holdable: Callable[[int], models.QuerySet] | None = None
    ended: Callable[[int], models.QuerySet] | None = None
    ended_at: Callable[[models.Model], object] | None = None


# Rules given by `register` (the older call); the domains give theirs in `register_domain(...)`.
RULES: dict[str, RetentionRule] = {}


def register(label: str, rule: RetentionRule) -> None:
    RULES[label] = rule


def rules() -> dict[str, RetentionRule]:
    """Every retention rule, by the label of the model it governs."""
    found = dict(RULES)
    for domain in domains():
        found.update(domain.retention_rules)
    return found


def _label(obj: models.Model) -> str:
    return obj._meta.label_lower


def active_holds(obj: models.Model):
    return Hold.objects.filter(object_type=_label(obj), object_id=str(obj.pk), released_at__isnull=True)


def _require_role(by, organisation_id: int, roles: frozenset, message: str) -> str:
    from qauipsiz.core.models import Organisation

    if getattr(by, "is_superuser", False):
        return "superuser"
    held = roles_of(by, Organisation(pk=organisation_id)) & roles
    if not held:
        raise PermissionDenied(message)
    return sorted(held)[0]


@transactions.atomic
def hold_set(*, by, obj: models.Model, kind: str, reason: str, reference: str = "", permanent: bool = False,
             act_role: str = "") -> Hold:
    """Keep a record from purging: an investigation of an accident or injury during the work (344 cl.15), or a legal
    hold. `permanent`: the law keeps the record for good, and the hold is never released (cl.15 ¶2). `act_role`: the
    hold comes with an act its service already allowed `by` to perform in that role (a termination for an emergency
    holds the permit, whoever the admitting person is), so the holding roles are not asked for."""
    organisation_id = organisation_of(obj)
    role = act_role or _require_role(by, organisation_id, HOLDING_ROLES, _(
        "Only the head, a production-control official or a system administrator sets holds."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    hold = Hold.objects.create(organisation_id=organisation_id, object_type=_label(obj), object_id=str(obj.pk),
                               object_repr=str(obj)[:300], kind=Hold.Kind(kind), reason=reason.strip(),
                               reference=reference.strip(), permanent=permanent, set_at=timezone.now(), set_by=by)
    ledger.append(organisation_id=organisation_id, by=by, role=role, action="ledger.hold.set", obj=hold)
    return hold


@transactions.atomic
def hold_release(*, by, hold: Hold, reason: str) -> Hold:
    hold = Hold.objects.select_for_update(no_key=True).get(pk=hold.pk)
    role = _require_role(by, hold.organisation_id, HOLDING_ROLES, _("Only the head, a production-control official or "
                                                                    "a system administrator releases holds."))
    if hold.released_at is not None:
        raise ValidationError(_("The hold was already released."))
    if hold.permanent:
        raise ValidationError(_("This hold is permanent and is never released: the record stays in the archive "
                                "with the investigation materials (344 cl.15)."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    hold.released_at, hold.released_by, hold.release_reason = timezone.now(), by, reason.strip()
    hold.save(update_fields=["released_at", "released_by", "release_reason"])
    ledger.append(organisation_id=hold.organisation_id, by=by, role=role, action="ledger.hold.released", obj=hold)
    return hold


def purge_blockers(obj: models.Model, now: datetime.datetime | None = None) -> list[str]:
    """Why `obj` may not be purged now; empty when it may."""
    rule = rules().get(_label(obj))
    if rule is None:
        return [_("Records of this type are never purged.")]
    reasons = list(rule.blockers(obj, now or timezone.now()))
    for hold in active_holds(obj):
        reasons.append(_("a hold is set (%(kind)s: %(reason)s)") % {"kind": hold.get_kind_display(),
                                                                      "reason": hold.reason})
    return reasons


def _last_content_hash(obj: models.Model) -> str:
    entry = (LedgerEntry.objects.filter(object_type=_label(obj), object_id=str(obj.pk)).order_by("-seq")
             .only("content_hash").first())
    return entry.content_hash if entry else sha256_hex(canonical_json(ledger.snapshot(obj)))


@transactions.atomic
def purge(*, by, obj: models.Model) -> Tombstone:
    """Purge a record whose retention has run out; refused (and nothing changed) while any blocker remains."""
    model = type(obj)
    obj = model._default_manager.select_for_update(no_key=True).get(pk=obj.pk)
    organisation_id = organisation_of(obj)
    role = _require_role(by, organisation_id, PURGING_ROLES,
                         _("Only the head of the organisation or a system administrator purges records."))
    blockers = purge_blockers(obj)
    if blockers:
        raise PurgeRefused(_("%(record)s cannot be purged: %(reasons)s.") % {"record": obj,
                                                                              "reasons": "; ".join(blockers)})
    rule = rules()[_label(obj)]
    rows = rule.rows(obj)
    context = rule.before(obj) if rule.before is not None else None
    tombstone = Tombstone(organisation_id=organisation_id, object_type=_label(obj), object_id=str(obj.pk),
                          object_repr=str(obj)[:300], summary=rule.summary(obj), last_content_hash=_last_content_hash(obj),
                          purged_at=timezone.now(), purged_by=by if getattr(by, "is_authenticated", False) else None,
                          reason=str(rule.basis))
    for row in [*rows, obj]:
        ledger.append(organisation_id=organisation_id, by=by, role=role, action=f"{_label(row)}.purged", obj=row,
                      gone=True)
    for row in rows:
        type(row)._default_manager.filter(pk=row.pk).delete()
    model._default_manager.filter(pk=obj.pk).delete()
    tombstone.save()
    ledger.append(organisation_id=organisation_id, by=by, role=role, action="ledger.tombstone.created", obj=tombstone)
    if rule.after is not None:
        rule.after(obj, by, context)
    return tombstone


def purgeable(model: type[models.Model] | None, queryset=None,
              now: datetime.datetime | None = None) -> list[models.Model]:
    """The records of a type (or of `queryset`) that could be purged now (for the retention page and `qauipsiz purge`)."""
    queryset = model._default_manager.all() if queryset is None else queryset
    return [obj for obj in queryset if not purge_blockers(obj, now)]
