"""Recompute every chain and compare every ledgered record with its last snapshot (`qauipsiz verify`).

What it catches: an entry whose content or fields were altered (its hashes no longer match), entries removed,
inserted or re-ordered (numbers skip or repeat and the links to the previous entry break), entries cut from the end
(the chain head no longer matches), and records changed, deleted or created outside the system (their current state
differs from their last snapshot, or they have none). Signatures likewise: each must still hash to its signed content
and equal, field for field, the snapshot in the ledger entry that recorded it.
"""

import functools
import json
import operator
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from qauipsiz.domains import organisation_lookups, organisation_of, organisation_path, state_checked

from .canonical import canonical_json, sha256_hex
from .digest import token_covers
from .models import GENESIS_HASH, ChainHead, Digest, LedgerEntry, Signature
from .services import compute_entry_hash, snapshot
from .signatures import SIGNED_ACTION, signature_snapshot


@dataclass(frozen=True)
class Problem:
    organisation_id: int
    message: str
    seq: int | None = None
    object_type: str = ""
    object_id: str = ""

    def __str__(self) -> str:
        where = _("entry #%(seq)s") % {"seq": self.seq} if self.seq is not None else _("chain")
        record = f" [{self.object_type}:{self.object_id}]" if self.object_type else ""
        return f"{where}{record}: {self.message}"


def verify_chain(organisation_id: int) -> Iterator[Problem]:
    expected_seq, expected_prev, last = 1, GENESIS_HASH, None
    entries = LedgerEntry.objects.filter(organisation_id=organisation_id).order_by("seq")
    for entry in entries.iterator(chunk_size=2000):
        where = {"organisation_id": organisation_id, "seq": entry.seq, "object_type": entry.object_type,
                 "object_id": entry.object_id}
        if entry.seq != expected_seq:
            yield Problem(message=_("number %(seq)s where %(expected)s was expected: entries were removed, inserted "
                                    "or re-ordered") % {"seq": entry.seq, "expected": expected_seq}, **where)
        if sha256_hex(entry.content) != entry.content_hash:
            yield Problem(message=_("the recorded content was altered"), **where)
        if compute_entry_hash(entry) != entry.entry_hash:
            yield Problem(message=_("the entry was altered"), **where)
        if entry.prev_hash != expected_prev:
            yield Problem(message=_("it does not follow the previous entry: an entry before it was removed, inserted, "
                                    "altered or re-ordered"), **where)
        expected_seq, expected_prev, last = entry.seq + 1, entry.entry_hash, entry
    head = ChainHead.objects.filter(organisation_id=organisation_id).first()
    head_seq, head_hash = (head.seq, head.entry_hash) if head else (0, GENESIS_HASH)
    last_seq, last_hash = (last.seq, last.entry_hash) if last else (0, GENESIS_HASH)
    if (head_seq, head_hash) != (last_seq, last_hash):
        yield Problem(organisation_id=organisation_id, message=_(
            "the chain ends at entry #%(last)s but its head says #%(head)s: entries were removed from the end or the "
            "head was altered") % {"last": last_seq, "head": head_seq})


def last_snapshots(organisation_id: int) -> dict[tuple[str, str], tuple[int, str]]:
    last = {}
    rows = LedgerEntry.objects.filter(organisation_id=organisation_id, object_type__in=list(state_checked())).order_by(
        "seq").values_list("object_type", "object_id", "seq", "content")
    for object_type, object_id, seq, content in rows.iterator(chunk_size=2000):
        last[(object_type, object_id)] = (seq, content)
    return last


def in_books(model, label: str, organisation_id: int):
    """The records of `label` in the organisation's books, by any of the registered paths (`organisation_lookups`)."""
    lookups = organisation_lookups(label, organisation_id)
    if len(lookups) == 1:
        return model._default_manager.filter(**lookups[0])
    return model._default_manager.filter(functools.reduce(operator.or_, (Q(**lookup) for lookup in lookups))).distinct()


def _of_no_organisation(label: str, obj) -> bool:
    """A record of one organisation path that now leads to none (an act moved into the national library)."""
    return "|" not in organisation_path(label) and organisation_of(obj) is None


def verify_states(organisation_id: int) -> Iterator[Problem]:
    last = last_snapshots(organisation_id)
    for label in sorted(state_checked()):
        model = apps.get_model(label)
        current = {str(obj.pk): obj for obj in in_books(model, label, organisation_id)}
        recorded = {object_id: value for (object_type, object_id), value in last.items() if object_type == label}
        # A record the chain holds is checked against it even if it left these books since (a user account with no
        # role here any more); only one gone from the database is "deleted".
        left = [object_id for object_id in recorded if object_id not in current]
        for start in range(0, len(left), 500):
            # A record now of no organisation (an act moved into the national library) is in nobody's books.
            current.update({str(obj.pk): obj for obj in model._default_manager.filter(pk__in=left[start:start + 500])
                            if not _of_no_organisation(label, obj)})
        for object_id, obj in current.items():
            where = {"organisation_id": organisation_id, "object_type": label, "object_id": object_id}
            if object_id not in recorded:
                yield Problem(message=_("%(record)s has no ledger entry: it was created outside the system")
                              % {"record": obj}, **where)
                continue
            seq, content = recorded[object_id]
            if content == "null":
                yield Problem(seq=seq, message=_("%(record)s was removed according to the ledger but exists again")
                              % {"record": obj}, **where)
            elif canonical_json(snapshot(obj)) != content:
                yield Problem(seq=seq, message=_("%(record)s differs from its last ledger entry: it was changed "
                                                 "outside the system") % {"record": obj}, **where)
        for object_id, (seq, content) in recorded.items():
            if object_id not in current and content != "null":
                yield Problem(organisation_id=organisation_id, seq=seq, object_type=label, object_id=object_id,
                              message=_("the record was deleted outside the system"))


def verify_digests(organisation_id: int) -> Iterator[Problem]:
    """Every digest taken earlier must still match the entry it pinned; where one does not, the first entry whose hash
    differs from what the digest covered is named too (a consistent rewrite recomputes every hash after it)."""
    hashes = dict(LedgerEntry.objects.filter(organisation_id=organisation_id).values_list("seq", "entry_hash"))
    intact_up_to = 0  # the last digest, in the chain's order, that still matches
    for digest in Digest.objects.filter(organisation_id=organisation_id, seq__gt=0).order_by("seq", "created_at"):
        when = formats.date_format(timezone.localtime(digest.created_at), "SHORT_DATETIME_FORMAT")
        if hashes.get(digest.seq) != digest.entry_hash:
            yield Problem(organisation_id=organisation_id, seq=digest.seq, message=_(
                "the history up to the digest of %(when)s was rewritten: the entry no longer has the hash %(hash)s")
                % {"when": when, "hash": digest.entry_hash})
            first = next((seq for seq, covered in digest.covers if hashes.get(seq) != covered), None)
            if first is not None:
                yield Problem(organisation_id=organisation_id, seq=first, message=_(
                    "the first entry whose hash differs from what the digest of %(when)s covers: the history was "
                    "rewritten from here on") % {"when": when})
            else:  # a digest taken before digests kept what they cover
                yield Problem(organisation_id=organisation_id, seq=digest.seq, message=_(
                    "the rewrite lies after entry #%(seq)s, the last digest that still matches") % {
                    "seq": intact_up_to})
        else:
            intact_up_to = max(intact_up_to, digest.seq)
        if digest.tsa_token and not token_covers(bytes(digest.tsa_token), digest.text):
            yield Problem(organisation_id=organisation_id, seq=digest.seq, message=_(
                "the time-stamp of the digest of %(when)s does not cover it") % {"when": when})


def _signature_problem(signature: Signature, message: str, seq: int | None = None) -> Problem:
    """A broken signature, filed under the record it signs (which may be gone by now) and naming the signature."""
    return Problem(organisation_id=signature.organisation_id, seq=seq, object_type=signature.object_type,
                   object_id=signature.object_id, message=message)


def _batches(queryset, size: int = 500):
    batch = []
    for item in queryset.iterator(chunk_size=size):
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _json_object(text: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _check_signature(signature: Signature, entry: LedgerEntry | None) -> Iterator[Problem]:
    values = {"id": signature.pk}
    if sha256_hex(signature.content) != signature.content_hash:
        yield _signature_problem(signature, _("signature %(id)s: the signed content no longer matches its hash: the "
                                              "content or the hash was altered") % values)
    if entry is None:
        yield _signature_problem(signature, _("signature %(id)s has no ledger entry: it was written outside the "
                                              "system") % values)
        return
    if (entry.organisation_id, entry.action, entry.object_type, entry.object_id) != (
            signature.organisation_id, SIGNED_ACTION, "ledger.signature", str(signature.pk)):
        yield _signature_problem(signature, _("signature %(id)s points to a ledger entry that does not record it: it "
                                              "was written or altered outside the system") % values, entry.seq)
        return
    current = signature_snapshot(signature)
    if canonical_json(current) != entry.content:
        recorded = _json_object(entry.content)
        changed = sorted(name for name in current.keys() | recorded.keys()
                         if canonical_json(current.get(name)) != canonical_json(recorded.get(name)))
        yield _signature_problem(signature, _("signature %(id)s differs from its ledger entry (%(fields)s): it was "
                                              "altered outside the system") % {**values, "fields": ", ".join(changed)},
                                 entry.seq)


def verify_signatures(organisation_id: int) -> Iterator[Problem]:
    """Every signature still hashes to its content and equals its ledger entry; no recorded signature is missing."""
    seen = set()
    # No join to the entries: a signature whose entry pointer was forged to a missing row must still be read.
    signatures = Signature.objects.filter(organisation_id=organisation_id).order_by("signed_at", "id")
    for batch in _batches(signatures):
        entries = LedgerEntry.objects.in_bulk([s.ledger_entry_id for s in batch])
        for signature in batch:
            seen.add(str(signature.pk))
            yield from _check_signature(signature, entries.get(signature.ledger_entry_id))
    recorded = LedgerEntry.objects.filter(organisation_id=organisation_id, action=SIGNED_ACTION).order_by("seq")
    for entry in recorded.only("seq", "object_id", "content").iterator(chunk_size=2000):
        if entry.object_id not in seen:
            content = _json_object(entry.content)
            yield Problem(organisation_id=organisation_id, seq=entry.seq, object_type=str(content.get("object_type", "")),
                          object_id=str(content.get("object_id", "")),
                          message=_("signature %(id)s was deleted outside the system") % {"id": entry.object_id})


def verify_organisation(organisation_id: int) -> list[Problem]:
    return [*verify_chain(organisation_id), *verify_states(organisation_id), *verify_digests(organisation_id),
            *verify_signatures(organisation_id)]


def organisations_with_ledgers() -> list[int]:
    Organisation = apps.get_model("core", "Organisation")
    ids = set(Organisation.objects.values_list("pk", flat=True))
    ids |= set(ChainHead.objects.values_list("organisation_id", flat=True))
    ids |= set(LedgerEntry.objects.values_list("organisation_id", flat=True).distinct())
    return sorted(ids)
