"""Canonical JSON: one byte sequence for one content, so that its SHA-256 can be recomputed by anyone.

Keys sorted, no insignificant whitespace, UTF-8 (not \\u escapes), dates and times in ISO 8601 (times in UTC),
decimals as strings. The standalone verifier (`standalone_verify.py`) re-implements exactly this with the standard
library only; the two must stay in step.
"""

import datetime
import hashlib
import json
import uuid
from decimal import Decimal


def _default(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in ledger content")
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not serialisable in ledger content: {type(value).__name__}")


def canonical_json(data) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
