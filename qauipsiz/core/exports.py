"""Exports: XLSX of any register list with the list's current filters, and the one download helper that every file
the application hands out goes through (PDF, XLSX, DOCX), with file names in any language (RFC 5987)."""

import datetime
import io
import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import capfirst
from openpyxl import Workbook

from .resources import Resource

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {".pdf": PDF, ".xlsx": XLSX, ".docx": DOCX}


def cell_value(value):
    """Spreadsheet-friendly value: dates stay dates, times become local, records and lazy strings become text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool | int | float | datetime.date):
        return value
    if isinstance(value, Model):
        return str(value)
    return force_str(value)


def table_workbook(title, header, rows) -> Workbook:
    """One sheet: a header row, then the rows, every value made spreadsheet-friendly. Streams (write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=force_str(title)[:31])
    sheet.append([capfirst(force_str(h)) for h in header])  # as the list pages show them
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    return workbook


_NOT_PLAIN = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_filename(filename: str) -> str:
    """A plain-ASCII stand-in for `filename`, for the clients that do not read RFC 5987's filename*."""
    decomposed = unicodedata.normalize("NFKD", filename)  # é → e, № → No; Cyrillic letters have no ASCII form
    path = PurePosixPath(_NOT_PLAIN.sub("_", decomposed))
    stem = path.stem.strip("_-. ")
    return (stem if re.search(r"[A-Za-z0-9]", stem) else "document") + path.suffix


def content_disposition(filename: str, *, inline: bool = True) -> str:
    disposition = "inline" if inline else "attachment"
    fallback = ascii_filename(filename)
    if fallback == filename:
        return f'{disposition}; filename="{filename}"'
    # RFC 6266: browsers take filename* (UTF-8, %-encoded, RFC 5987); older clients fall back to filename.
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(content, filename: str, *, inline: bool = False, content_type: str | None = None) -> HttpResponse:
    """`content` handed to the browser as the file `filename` (any language): shown in place when `inline`, else
    saved. `content` is bytes or a document with save(stream) (an openpyxl Workbook, a docx document); the type comes
    from the name's extension (.pdf, .xlsx, .docx) unless given.

    Never cached: exports carry names and IINs, and plants share computers.
    """
    if not isinstance(content, bytes | bytearray):
        buffer = io.BytesIO()
        content.save(buffer)
        content = buffer.getvalue()
    suffix = PurePosixPath(filename).suffix.lower()
    response = HttpResponse(content, content_type=content_type or CONTENT_TYPES.get(suffix, "application/octet-stream"))
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "private, no-store"
    return response


# The names the callers used before there was one helper: the same function, not copies.
xlsx_download = download


def build_workbook(resource: Resource, queryset) -> Workbook:
    # iterator() streams rows; Django honours prefetch_related with it when a chunk size is given.
    rows = ([c.value(obj) for c in resource.columns] for obj in queryset.iterator(chunk_size=500))
    return table_workbook(resource.verbose_name_plural, resource.headers(), rows)


def xlsx_response(resource: Resource, queryset) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_download(build_workbook(resource, queryset), f"{resource.slug}-{stamp}.xlsx")

