"""Uploaded import files kept between the preview and the confirmation, for the user who uploaded them (issue 11).

The preview is read page by page, and the confirmation plans the file again (the register may have changed since), so
the file stays on the server under a random token: in `DATA_DIR/imports/`, readable by the application only, with a
sidecar of what the preview found (each row's outcome), so that turning a page neither re-uploads nor re-checks the
file. A token answers only the user who uploaded it; the file is removed when the import is applied, and any file
older than `IMPORT_KEEP_SECONDS` is removed at the next upload.
"""

import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

_TOKEN = re.compile(r"[0-9a-f]{32}")


class NotYours(Exception):
    """The token is another user's upload: the caller answers as if there were none (404)."""


@dataclass
class PendingImport:
    token: str
    slug: str
    organisation_id: int
    filename: str
    user_id: int
    rows: list[dict]  # number, action, label, reasons: what the preview found
    unknown_columns: list[str]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r["action"] == action)

    # For the page's totals (a template cannot pass an argument).
    count_create = property(lambda self: self.count("create"))
    count_update = property(lambda self: self.count("update"))
    count_unchanged = property(lambda self: self.count("unchanged"))
    count_reject = property(lambda self: self.count("reject"))

    @property
    def good_count(self) -> int:
        return self.count("create") + self.count("update")

    @property
    def path(self) -> Path:
        return _directory() / self.token

    def data(self) -> bytes:
        return self.path.read_bytes()


def _directory() -> Path:
    path = settings.DATA_DIR / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _write(path: Path, content: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def expire() -> None:
    """Remove the uploads nobody applied within the time kept."""
    limit = time.time() - settings.IMPORT_KEEP_SECONDS
    for path in _directory().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def save(*, user, plan, filename: str, data: bytes) -> PendingImport:
    expire()
    pending = PendingImport(
        token=uuid.uuid4().hex, slug=plan.slug, organisation_id=plan.organisation_id, filename=filename,
        user_id=user.pk, unknown_columns=list(plan.unknown_columns),
        rows=[{"number": r.number, "action": r.action, "label": r.label, "reasons": [str(x) for x in r.reasons]}
              for r in plan.rows])
    _write(pending.path, data)
    meta = {k: v for k, v in vars(pending).items() if k != "token"}
    _write(_directory() / f"{pending.token}.json", json.dumps(meta, ensure_ascii=False).encode())
    return pending


def load(token: str, user) -> PendingImport | None:
    """The user's pending import of that token; None when there is none (expired, applied); NotYours for another's."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    try:
        meta = json.loads((_directory() / f"{token}.json").read_text())
    except (FileNotFoundError, ValueError):
        return None
    if meta.get("user_id") != user.pk:
        raise NotYours
    pending = PendingImport(token=token, **meta)
    return pending if pending.path.exists() else None


def remove(pending: PendingImport) -> None:
    pending.path.unlink(missing_ok=True)
    (_directory() / f"{pending.token}.json").unlink(missing_ok=True)
