"""Export an organisation's ledger as a self-contained file, with the standalone script that checks it."""

import datetime
import json
import shutil
from pathlib import Path

from django.utils import timezone

from .canonical import canonical_json
from .models import GENESIS_HASH, ChainHead, LedgerEntry
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
    first = rows[0] if rows else None
    return {
        "format": FORMAT,
        "organisation": {"id": organisation.pk, "bin": organisation.bin, "name": organisation.name},
        "exported_at": canonical_json(timezone.now()).strip('"'),
        "range": {"from": since.isoformat() if since else None, "to": until.isoformat() if until else None},
        # The export is checked from here: the hash of the entry before the first one exported.
        "anchor": {"seq": first["seq"] - 1, "hash": first["prev_hash"]} if first else head_data,
        "head": head_data,
        "complete_to_head": bool(not rows or rows[-1]["seq"] == head_data["seq"]),
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
