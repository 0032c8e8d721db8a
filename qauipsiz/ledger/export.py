"""Export an organisation's ledger as a self-contained file, with the standalone script that checks it."""

import datetime
import json
import shutil
from pathlib import Path

from django.utils import timezone

from .canonical import canonical_json
from .models import GENESIS_HASH, ChainHead, Digest, LedgerEntry
from .services import entry_fields

FORMAT = "qauipsiz-ledger/1"
VERIFIER = Path(__file__).with_name("standalone_verify.py")


def export_data(organisation, *, since: datetime.date | None = None, until: datetime.date | None = None) -> dict:
    entries = LedgerEntry.objects.filter(organisation=organisation).order_by("seq")
    if since:
        entries = entries.filter(recorded_at__date__gte=since)
    if until:
        entries = entries.filter(recorded_at__date__lte=until)
    rows = [{**entry_fields(e), "content": e.content, "entry_hash": e.entry_hash} for e in entries.iterator()]
    head = ChainHead.objects.filter(organisation=organisation).first()
    head_data = {"seq": head.seq, "hash": head.entry_hash} if head else {"seq": 0, "hash": GENESIS_HASH}
    digest = Digest.objects.filter(organisation=organisation).order_by("-seq", "-created_at").first()
    first = rows[0] if rows else None
    return {
        "format": FORMAT,
        "organisation": {"id": organisation.pk, "bin": organisation.bin, "name": organisation.name},
        "exported_at": canonical_json(timezone.now()).strip('"'),
        "range": {"from": since.isoformat() if since else None, "to": until.isoformat() if until else None},
        # The export is checked from here: the hash of the entry before the first one exported.
        "anchor": {"seq": first["seq"] - 1, "hash": first["prev_hash"]} if first else head_data,
        "head": head_data,
        # What the export claims, from what was asked and not from what was found: without an end date it runs to
        # the head, and the verifier refuses it if its entries stop short (the last entries deleted behind the
        # application's back, the head left as it was).
        "complete_to_head": until is None,
        # The latest digest, taken and sent out of the system earlier: the exported chain must pass through it.
        "latest_digest": {"seq": digest.seq, "hash": digest.entry_hash,
                          "created_at": canonical_json(digest.created_at).strip('"')} if digest else None,
        "entries": rows,
    }


def write_export(organisation, output: Path, **dates) -> Path:
    """Write the export and, beside it, `verify_ledger.py`; returns the script's path."""
    data = export_data(organisation, **dates)
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    script = output.with_name("verify_ledger.py")
    shutil.copyfile(VERIFIER, script)
    script.chmod(0o755)
    return script
