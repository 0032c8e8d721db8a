"""Import of a draft plan's items from XLSX or CSV, with a preview, and the plan's XLSX export (315 cl.4.1, cl.4.5).

The file is read by core's importer (`core.importers.read_table`) and kept between the preview and the confirmation
by `core.import_store`, as the register's imports are. Columns are matched by their code (`measure`) or their label
in Kazakh, Russian or English, so the plan's own export imports as is. The responsible person is named by IIN or
full name, the division by code or name, the facility by registration number or name, within the organisation.
Each row is checked by the same service as the page (`services.plans.item_add`'s checks), so an import can do nothing
the page could not; the confirmation plans the file again and writes all good rows in one transaction.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.core.exports import table_workbook
from qauipsiz.core.importers import _normalise, read_table
from qauipsiz.core.models import Division, HazardousFacility, Person
from qauipsiz.ledger import services as ledger

from .models import PlanItem, PlanVersion
from .plan_selectors import items_of
from .services import plans as services

COLUMNS = ("position", "measure", "period_start", "deadline", "responsible", "division", "facility")
SLUG = "control-plan-items"


def _labels(name: str) -> set[str]:
    labels = {_normalise(name)}
    verbose = PlanItem._meta.get_field(name).verbose_name
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            labels.add(_normalise(str(verbose)))
    return labels


def header_map(header: list) -> tuple[dict[int, str], list[str]]:
    aliases = {label: name for name in COLUMNS for label in _labels(name)}
    mapping, unknown = {}, []
    for index, cell in enumerate(header):
        name = aliases.get(_normalise(cell))
        if name:
            mapping[index] = name
        elif _normalise(cell):
            unknown.append(str(cell))
    return mapping, unknown


@dataclass
class Row:
    number: int
    values: dict
    action: str = "create"
    reasons: list[str] = field(default_factory=list)
    label: str = ""


@dataclass
class ItemsPlan:
    """What the file would add to the draft, row by row (the shape `core.import_store` keeps)."""

    version: PlanVersion
    rows: list[Row]
    unknown_columns: list[str]
    slug: str = SLUG

    @property
    def organisation_id(self) -> int:
        return self.version.organisation_id

    @property
    def good(self) -> list[Row]:
        return [r for r in self.rows if r.action == "create"]


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _find(queryset, text: str, fields: tuple[str, ...]):
    folded = _normalise(text)
    matches = [obj for obj in queryset if any(_normalise(getattr(obj, f)) == folded for f in fields)]
    return matches[0] if len(matches) == 1 else None


def _lookups(people, divisions, facilities):
    names = ("name_kk", "name_ru", "name_en")
    return (("responsible", people, ("iin", "full_name")), ("division", divisions, ("code", *names)),
            ("facility", facilities, ("registration_number", *names)))


def plan_items(*, version: PlanVersion, table: list[list]) -> ItemsPlan:
    """Read the table against the draft, writing nothing."""
    mapping, unknown = header_map(table[0])
    organisation_id = version.organisation_id
    people = list(Person.objects.filter(organisation_id=organisation_id, is_active=True))
    divisions = list(Division.objects.filter(organisation_id=organisation_id, is_active=True))
    facilities = list(HazardousFacility.objects.filter(organisation_id=organisation_id, is_active=True))
    rows = []
    if "measure" not in mapping.values() or "deadline" not in mapping.values():
        raise ValidationError(_("The file has no columns for the measure and its deadline."))
    for number, cells in enumerate(table[1:], start=2):
        raw = {name: cells[index] if index < len(cells) else None for index, name in mapping.items()}
        row, values = Row(number=number, values={}), {}
        row.label = str(raw.get("measure") or "")[:80]
        for name in ("period_start", "deadline"):
            try:
                values[name] = _date(raw.get(name))
            except ValueError:
                row.reasons.append(_("%(column)s: not a date (dd.mm.yyyy): %(value)s") % {
                    "column": PlanItem._meta.get_field(name).verbose_name, "value": raw.get(name)})
        values["measure"] = str(raw.get("measure") or "").strip()
        if raw.get("position") not in (None, ""):
            try:
                values["position"] = int(raw["position"])
            except (TypeError, ValueError):
                row.reasons.append(_("No.: not a number: %(value)s") % {"value": raw["position"]})
        for name, records, fields in _lookups(people, divisions, facilities):
            text = str(raw.get(name) or "").strip()
            if not text:
                values[name] = None
                continue
            values[name] = _find(records, text, fields)
            if values[name] is None:
                row.reasons.append(_("%(column)s: no single record of the organisation is named %(value)s") % {
                    "column": PlanItem._meta.get_field(name).verbose_name, "value": text})
        if not row.reasons:
            try:
                services.check_content(version, values)
            except ValidationError as error:
                row.reasons.extend(str(m) for messages in error.message_dict.values() for m in messages)
        row.values = values
        if row.reasons:
            row.action = "reject"
        rows.append(row)
    return ItemsPlan(version=version, rows=rows, unknown_columns=unknown)


def read(version: PlanVersion, data: bytes, filename: str) -> ItemsPlan:
    return plan_items(version=version, table=read_table(data, filename))


@transactions.atomic
def apply(*, by, version: PlanVersion, data: bytes, filename: str) -> int:
    """Plan the file again and add its good rows to the draft, in one transaction; the number of items added."""
    with ledger.deferred():
        planned = read(version, data, filename)
        for row in planned.good:
            services.item_add(by=by, version=version, **row.values)
        return len(planned.good)


def export_workbook(version: PlanVersion):
    """The version's items as a sheet, headed with the columns the import reads back."""
    header = [PlanItem._meta.get_field(name).verbose_name for name in COLUMNS] + [
        PlanItem._meta.get_field(name).verbose_name for name in ("status", "not_done_reason", "executed_on")]
    rows = ([item.position, item.measure, item.period_start, item.deadline,
             item.responsible.iin if item.responsible_id else "",
             (item.division.code or item.division.name) if item.division_id else "",
             (item.facility.registration_number or item.facility.name) if item.facility_id else "",
             item.get_status_display(), item.not_done_reason, item.executed_on] for item in items_of(version))
    return table_workbook(str(version)[:31], header, rows)
