"""Storing a file with a production-control record (the permits' attachments, permits/attachments.py, made general):
checked, hashed, stored under its hash, ledgered with its hash by the caller, in the caller's transaction."""

import hashlib
import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def check_upload(upload, *, field: str = "file") -> None:
    if upload is None:
        raise ValidationError({field: _("Choose a file.")})
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError({field: _("The file is %(size)s; at most %(limit)s may be attached.") % {
            "size": filesizeformat(upload.size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}})
    if upload.size == 0:
        raise ValidationError({field: _("The file is empty.")})


def _digest(upload) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def store(row, upload, *, title: str = ""):
    """Fill the `StoredFile` row from the upload and save it (the caller has checked it and ledgers the row)."""
    # Browsers may send a path ("C:\\fakepath\\act.pdf"): only the last part is the file's name. A NUL in the name or
    # the type a client sent can be neither stored in PostgreSQL nor in a file's path: dropped, not a 500.
    filename = (PurePath(str(upload.name).replace("\\", "/").replace("\x00", "")).name.strip() or "file")[:300]
    row.filename, row.size, row.sha256 = filename, upload.size, _digest(upload)
    row.title = (title or "").strip()[:300] or filename
    row.content_type = ((getattr(upload, "content_type", "") or "").replace("\x00", "")
                        or mimetypes.guess_type(filename)[0]
                        or "application/octet-stream")[:100]
    path = row.file.field.generate_filename(row, filename)
    storage = row.file.storage
    if storage.exists(path):
        row.file.name = path  # the same content is already stored: named by its hash, it is the same file
    else:
        row.file.save(filename, upload, save=False)
    row.save()
    return row


def download(row) -> FileResponse:
    try:
        handle = row.file.storage.open(row.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=row.filename, content_type=row.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
