"""XLSX export of any register list, with the list's current filters."""

import datetime

from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import capfirst
from openpyxl import Workbook

from .resources import Resource

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def xlsx_download(workbook: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(response)
    return response


def build_workbook(resource: Resource, queryset) -> Workbook:
    # iterator() streams rows; Django honours prefetch_related with it when a chunk size is given.
    rows = ([c.value(obj) for c in resource.columns] for obj in queryset.iterator(chunk_size=500))
    return table_workbook(resource.verbose_name_plural, resource.headers(), rows)


def xlsx_response(resource: Resource, queryset) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_download(build_workbook(resource, queryset), f"{resource.slug}-{stamp}.xlsx")

