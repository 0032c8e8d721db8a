"""XLSX export of any register list, with the list's current filters."""

import datetime

from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
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


def build_workbook(resource: Resource, queryset) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=force_str(resource.verbose_name_plural)[:31])
    header = [force_str(h) for h in resource.headers()]
    sheet.append(header)
    # iterator() streams rows; Django honours prefetch_related with it when a chunk size is given.
    for obj in queryset.iterator(chunk_size=500):
        sheet.append([cell_value(c.value(obj)) for c in resource.columns])
    return workbook


def xlsx_response(resource: Resource, queryset) -> HttpResponse:
    workbook = build_workbook(resource, queryset)
    response = HttpResponse(content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{resource.slug}-{stamp}.xlsx"'
    workbook.save(response)
    return response

