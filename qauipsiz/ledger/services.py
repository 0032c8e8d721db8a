"""Writing to the ledger. The small interface every other app uses:

    append(organisation_id=..., by=user, role="...", action="core.person.created", obj=person)
    number_next(organisation_id=..., register="permit", year=2026)

Both must run inside the database transaction of the change they record, so that the change and its entry are stored
together or not at all; both lock a per-organisation row, so concurrent writers queue instead of forking the chain or
sharing a number.

An act of several entries (a signed act: signatures, the record, its children) collects them with `deferred()` and
appends them together when the block ends: the organisation's head row is then locked last, for the few statements of
the append, instead of from the first entry to the commit while the rest of the act runs.

    @transactions.atomic
    def act():
        with ledger.deferred():
            ...  # every append() and insert_after_append() here waits for the end of the block

The heads are the last locks a write takes (`qauipsiz.transactions` gives the order): whoever holds a head only
inserts and commits, and its deferred foreign-key checks take FOR KEY SHARE, which the FOR NO KEY UPDATE row locks of
the writers queued behind it never block.
"""

import contextlib
import datetime
import threading
from decimal import Decimal

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from .canonical import canonical_json, sha256_hex
from .models import GENESIS_HASH, ChainHead, LedgerEntry, NumberSeries

# Records whose current state must always equal their last snapshot in the ledger (checked by `qauipsiz verify`):
# each app names its own in its `register_domain(...)` call (`qauipsiz.domains.state_checked()`).
# Fields derived from others (kept by the services) or touched by the framework, left out of snapshots; secrets (the
# password and signing PIN hashes) never go into the ledger.
SNAPSHOT_EXCLUDE = {
    "core.division": {"path"},
    # What changes by itself as the account is used (the last login, the last second-factor step, the language chosen,
    # the signing PIN's hash renewed at its next use) is not the account's state.
    "accounts.user": {"last_login", "totp_last_step", "language", "signing_pin"},
}
# Kept as the SHA-256 of the value: a change of the password or the second factor shows, the secret does not (ledger
# exports go to inspectors).
SNAPSHOT_DIGESTED = {"accounts.user": {"password", "totp_secret"}}


class LedgerError(RuntimeError):
    pass


def snapshot(obj: models.Model) -> dict:
    """The record's content as the ledger keeps it: every stored field by column name, to-many links as sorted ids."""
    label = obj._meta.label_lower
    excluded = SNAPSHOT_EXCLUDE.get(label, set())
    digested = SNAPSHOT_DIGESTED.get(label, set())
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in excluded:
            continue
        value = field.value_from_object(obj)
        if isinstance(value, Decimal) and isinstance(field, models.DecimalField):
            # The same number reads back from the database with the column's scale: 52.3476 → 52.347600.
            value = f"{value:.{field.decimal_places}f}"
        elif isinstance(field, models.FileField):
            # The stored name: attachments are named by their content hash, so the name pins the content.
            value = value.name or ""
        elif isinstance(value, datetime.datetime) and timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        if field.name in digested:
            value = sha256_hex(value) if value else ""
        data[field.attname] = value
    # Links already fetched with prefetch_related are read from there (Django drops them when the links change).
    prefetched = getattr(obj, "_prefetched_objects_cache", {})
    for field in obj._meta.many_to_many:
        if field.name in prefetched:
            data[field.name] = sorted(related.pk for related in prefetched[field.name])
        else:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def entry_fields(entry: LedgerEntry) -> dict:
    """What an entry's hash covers. The standalone verifier builds the same dictionary from an export."""
    return {
        "organisation": entry.organisation_id,
        "seq": entry.seq,
        "recorded_at": canonical_json(entry.recorded_at).strip('"'),
        "action": entry.action,
        "actor_user": entry.actor_user_id,
        "actor_person": entry.actor_person_id,
        "actor_role": entry.actor_role,
        "actor_name": entry.actor_name,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "content_hash": entry.content_hash,
        "prev_hash": entry.prev_hash,
    }


def compute_entry_hash(entry: LedgerEntry) -> str:
    return sha256_hex(canonical_json(entry_fields(entry)))


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise LedgerError("ledger writes must happen inside the transaction of the change they record")


def _locked(model, **key):
    """The row for `key`, locked for this transaction; created first if it does not exist yet."""
    row = model.objects.select_for_update(no_key=True).filter(**key).first()
    if row is None:
        try:
            with transaction.atomic():
                model.objects.create(**key)
        except IntegrityError:
            pass  # another writer created it a moment ago: lock theirs
        row = model.objects.select_for_update(no_key=True).get(**key)
    return row


class _Pending(threading.local):
    """The entries (and the rows that point to them) of the `deferred()` block running in this thread, in order."""

    def __init__(self):
        self.depth = 0
        self.entries: list[LedgerEntry] = []
        self.rows: list[models.Model] = []


_pending = _Pending()


@contextlib.contextmanager
def deferred():
    """Collect the block's ledger entries and append them at its end, locking the head only then. Nested blocks join
    the outermost one. Must run inside the transaction (entered after `transaction.atomic()`); a block that raises
    appends nothing."""
    _require_transaction()
    _pending.depth += 1
    outermost = _pending.depth == 1
    try:
        yield
        if outermost:
            _flush()
    finally:
        _pending.depth -= 1
        if outermost:
            _pending.entries, _pending.rows = [], []


def _flush() -> None:
    entries, rows = _pending.entries, _pending.rows
    _pending.entries, _pending.rows = [], []
    by_organisation: dict[int, list[LedgerEntry]] = {}
    for entry in entries:
        by_organisation.setdefault(entry.organisation_id, []).append(entry)
    for organisation_id in sorted(by_organisation):  # always in the same order: two flushes never wait on each other
        head = _locked(ChainHead, organisation_id=organisation_id)
        recorded_at = timezone.now()
        for entry in by_organisation[organisation_id]:
            entry.seq, entry.recorded_at = head.seq + 1, recorded_at
            entry.prev_hash = head.entry_hash or GENESIS_HASH
            entry.entry_hash = compute_entry_hash(entry)
            head.seq, head.entry_hash = entry.seq, entry.entry_hash
        LedgerEntry.objects.bulk_create(by_organisation[organisation_id])
        head.save(update_fields=["seq", "entry_hash"])
    by_model: dict[type, list[models.Model]] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model, of_model in by_model.items():
        model.objects.bulk_create(of_model)


def insert_after_append(row: models.Model) -> None:
    """Insert `row`, which points to an entry just appended: now, or at the end of the `deferred()` block."""
    if _pending.depth:
        _pending.rows.append(row)
    else:
        row.save(force_insert=True)


def _actor(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None, None, ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    name = person.full_name if person else (user.get_full_name() or user.username)
    return user, person, name


def append(*, organisation_id: int, by, action: str, obj: models.Model | None = None, role: str = "",
           content=None, object_type: str = "", object_id: str = "", object_repr: str = "",
           gone: bool = False) -> LedgerEntry:
    """Append one event to the organisation's chain and return the entry.

    `obj` gives the record and, unless `content` is given, its snapshot (taken now); `gone=True` records that the
    record no longer exists (its content is then null). Inside `deferred()` the entry is returned unsaved: its place in
    the chain is given at the end of the block.
    """
    _require_transaction()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
        if content is None and not gone:
            content = snapshot(obj)
    user, person, name = _actor(by)
    content_text = canonical_json(None if gone else content)
    entry = LedgerEntry(
        organisation_id=organisation_id, action=action,
        actor_user=user, actor_person=person, actor_role=role, actor_name=name[:300],
        object_type=object_type, object_id=object_id, object_repr=object_repr[:300],
        content=content_text, content_hash=sha256_hex(content_text),
    )
    if _pending.depth:
        _pending.entries.append(entry)  # chained and saved at the end of the block
        return entry
    head = _locked(ChainHead, organisation_id=organisation_id)
    entry.seq, entry.recorded_at, entry.prev_hash = head.seq + 1, timezone.now(), head.entry_hash or GENESIS_HASH
    entry.entry_hash = compute_entry_hash(entry)
    entry.save()
    head.seq, head.entry_hash = entry.seq, entry.entry_hash
    head.save(update_fields=["seq", "entry_hash"])
    return entry


def number_next(*, organisation_id: int, register: str, year: int) -> int:
    """The next number of a register for the organisation and year: gapless, in the order numbers are taken."""
    _require_transaction()
    series = _locked(NumberSeries, organisation_id=organisation_id, register=register, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return series.last_number


def chains_recording(obj: models.Model) -> set[int]:
    """The organisations whose chain holds entries about `obj` (a user account is in the books of several)."""
    return set(LedgerEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
               .values_list("organisation_id", flat=True).distinct())
