"""Import of people, trainings, facilities and devices from XLSX or CSV.

Two steps, as a careful clerk would want them: `plan_import` reads the file and says, row by row, what would be created
or updated and why a row is rejected, without writing anything; on confirmation the same file is planned again (the
register may have changed meanwhile) and `services.import_apply` writes all good rows in one transaction. Every row is
validated by the same form as the page, so an import can do nothing the page could not.

Columns are matched by field code (`iin`) or by the column's label in Kazakh, Russian or English, so a sheet exported
from the list page, or the template offered for download, imports as is.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.forms.models import model_to_dict
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook, load_workbook

from . import models
from .i18n import LANGUAGE_ORDER, language_of, translated_fields
from .import_batch import ImportBatch, existing_records, resolve_all
from .resources import RESOURCES, Resource


class ImportFileError(Exception):
    """The file as a whole cannot be imported (not a spreadsheet, too big, no recognisable columns)."""


@dataclass(frozen=True)
class Lookup:
    """How a column that names another record is resolved: by which fields, within the target organisation."""

    model: type
    fields: tuple[str, ...]
    translated: tuple[str, ...] = ()
    # Fields of the related model whose labels also name this column (a trainings sheet headed "IIN").
    header_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportSpec:
    slug: str
    key: tuple[str, ...]  # fields that identify an existing record to update
    lookups: dict[str, Lookup] = field(default_factory=dict)

    @property
    def resource(self) -> Resource:
        return RESOURCES[self.slug]

    @property
    def columns(self) -> list[str]:
        return [f for f in self.resource.form._meta.fields if f != "organisation"]


DIVISION = Lookup(models.Division, ("code",), ("name",))
SPECS = {
    "people": ImportSpec("people", key=("iin",), lookups={
        "division": DIVISION, "contractor": Lookup(models.Contractor, ("bin",), ("name",))}),
    "trainings": ImportSpec("trainings", key=("person", "training_type", "document_number"), lookups={
        "person": Lookup(models.Person, ("iin",), header_fields=("iin",)),
        "training_type": Lookup(models.TrainingType, ("code",), ("name",))}),
    "facilities": ImportSpec("facilities", key=("registration_number",), lookups={"division": DIVISION}),
    "devices": ImportSpec("devices", key=("registration_number",), lookups={
        "facility": Lookup(models.HazardousFacility, ("registration_number",), ("name",))}),
}


@dataclass
class PlannedRow:
    number: int  # row number in the file, counting the header as row 1
    values: dict
    action: str = "create"  # create | update | unchanged | reject
    reasons: list[str] = field(default_factory=list)
    existing_id: int | None = None
    label: str = ""
    form: object = None  # the validated form, kept for `services.import_apply`

    @property
    def action_label(self):
        return ACTIONS[self.action]


@dataclass
class ImportPlan:
    slug: str
    organisation_id: int
    rows: list[PlannedRow]
    unknown_columns: list[str]

    @property
    def good_rows(self) -> list[PlannedRow]:
        """The rows an import writes: new records and changed ones (an unchanged record is left as it is)."""
        return [r for r in self.rows if r.action in ("create", "update")]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def count_create(self) -> int:
        return self.count("create")

    @property
    def count_update(self) -> int:
        return self.count("update")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def count_reject(self) -> int:
        return self.count("reject")


ACTIONS = {"create": pgettext_lazy("import row", "create"), "update": pgettext_lazy("import row", "update"),
           "unchanged": pgettext_lazy("import row", "unchanged"), "reject": pgettext_lazy("import row", "rejected")}


# --- Reading the file ------------------------------------------------------------------------------------------------

def read_table(data: bytes, filename: str) -> list[list]:
    """Rows of cells from an XLSX or CSV file; raises ImportFileError with a reason a person can act on."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(_("The file is too large: %(size)s MB; at most %(limit)s MB can be imported at once.")
                              % {"size": round(len(data) / 1048576, 1),
                                 "limit": round(settings.IMPORT_MAX_BYTES / 1048576, 1)})
    if data[:4] == b"PK\x03\x04":
        rows = _read_xlsx(data)
    elif filename.lower().endswith((".csv", ".txt")):
        rows = _read_csv(data)
    else:
        raise ImportFileError(_("The file is not an XLSX or CSV spreadsheet."))
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise ImportFileError(_("The file has no rows."))
    if len(rows) - 1 > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(_("The file has %(rows)s rows; at most %(limit)s can be imported at once.")
                              % {"rows": len(rows) - 1, "limit": settings.IMPORT_MAX_ROWS})
    return rows


def _read_xlsx(data: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ImportFileError(_("The file is not an XLSX or CSV spreadsheet.")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > settings.IMPORT_MAX_ROWS + 1:
            break  # enough to say the file is too long, without reading it all
    workbook.close()
    return rows


def _read_csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file is not an XLSX or CSV spreadsheet."))
    if "\x00" in text:
        raise ImportFileError(_("The file is not an XLSX or CSV spreadsheet."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


# --- Columns ------------------------------------------------------------------------------------------------------

def _normalise(text) -> str:
    return " ".join(force_str(text or "").replace("*", "").split()).casefold()


# A text kept in three languages that a file may give in one column without saying which (an older file, an export of
# the list): each row's text is taken as the title in the language it is written in, and replaces the others.
ONE_LANGUAGE_COLUMNS = {"position": gettext_lazy("position")}


def _one_language_columns(spec: ImportSpec) -> dict:
    return {base: label for base, label in ONE_LANGUAGE_COLUMNS.items()
            if all(name in spec.columns for name in translated_fields(base))}


def _split_languages(spec: ImportSpec, data: dict) -> None:
    for base in _one_language_columns(spec):
        if base not in data:
            continue
        text = data.pop(base)
        written_in = language_of(text) if text else ""
        for code in LANGUAGE_ORDER:
            data.setdefault(f"{base}_{code}", text if code == written_in else "")


def column_aliases(spec: ImportSpec) -> dict[str, str]:
    """Header text (normalised) → field code, for the code and the label in each language."""
    aliases = {}
    model = spec.resource.model
    for name in spec.columns:
        labels = [(model, name)]
        lookup = spec.lookups.get(name)
        if lookup:
            labels += [(lookup.model, extra) for extra in lookup.header_fields]
        aliases[_normalise(name)] = name
        for language in LANGUAGE_ORDER:
            with translation.override(language):
                for owner, field_name in labels:
                    aliases.setdefault(_normalise(owner._meta.get_field(field_name).verbose_name), name)
    for base, label in _one_language_columns(spec).items():
        aliases.setdefault(_normalise(base), base)
        for language in LANGUAGE_ORDER:
            with translation.override(language):
                aliases.setdefault(_normalise(label), base)
    return aliases


def map_header(spec: ImportSpec, header: list) -> tuple[dict[int, str], list[str]]:
    aliases = column_aliases(spec)
    mapping, unknown = {}, []
    for index, title in enumerate(header):
        code = aliases.get(_normalise(title))
        if code and code not in mapping.values():
            mapping[index] = code
        elif _normalise(title):
            unknown.append(force_str(title))
    if not mapping:
        raise ImportFileError(_("None of the columns is recognised. Use the template: its first row names the columns."))
    return mapping, unknown


def template_workbook(spec: ImportSpec) -> Workbook:
    """An empty sheet whose first row holds the labels of the importable columns, in the reader's language."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = force_str(spec.resource.verbose_name_plural)[:31]
    model = spec.resource.model
    sheet.append([force_str(model._meta.get_field(name).verbose_name) for name in spec.columns])
    return workbook


# --- Planning --------------------------------------------------------------------------------------------------------

def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unresolved(lookup: Lookup, text: str, matches: list) -> str | None:
    """Why the text names no single visible record of the organisation (None when it names one)."""
    if len(matches) == 1:
        return None
    if not matches:
        return _("unknown %(kind)s \"%(value)s\"") % {"kind": lookup.model._meta.verbose_name, "value": text}
    return _("\"%(value)s\" names more than one %(kind)s") % {"kind": lookup.model._meta.verbose_name,
                                                                      "value": text}


def _form_errors(form) -> list[str]:
    reasons = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            reasons.append(f"{label}: {error}" if label else str(error))
    return reasons


def plan_import(*, user, spec: ImportSpec, organisation, table: list[list]) -> ImportPlan:
    """Each row's outcome, read with a fixed number of queries whatever the length of the file (issue 11)."""
    mapping, unknown = map_header(spec, table[0])
    rows, datas = [], []
    for offset, raw in enumerate(table[1:], start=2):
        values = {code: _cell_text(raw[i]) if i < len(raw) else "" for i, code in mapping.items()}
        rows.append(PlannedRow(number=offset, values=values))
        data = dict(values)
        _split_languages(spec, data)
        datas.append(data)

    named = {name: resolve_all(user, organisation, lookup, [d[name] for d in datas if d.get(name)], models)
             for name, lookup in spec.lookups.items()}
    referenced: dict[str, set] = {}
    for row, data in zip(rows, datas, strict=True):
        for name, lookup in spec.lookups.items():
            if data.get(name):
                matches = named[name].get(data[name].casefold(), [])
                reason = _unresolved(lookup, data[name], matches)
                if reason:
                    row.reasons.append(reason)
                else:
                    data[name] = str(matches[0].pk)
                    referenced.setdefault(name, set()).add(matches[0].pk)
        if row.reasons:
            row.action = "reject"

    seen: dict[tuple, int] = {}
    keys: dict[int, tuple] = {}
    for row, data in zip(rows, datas, strict=True):
        if row.action == "reject":
            continue
        key = tuple(data.get(k, "").casefold() for k in spec.key)
        if all(key):
            if key in seen:
                row.action = "reject"
                row.reasons.append(_("duplicate of row %(row)s") % {"row": seen[key]})
                continue
            seen[key] = row.number
            keys[row.number] = key
    keyed = [{k: data[k] for k in spec.key} for row, data in zip(rows, datas, strict=True) if row.number in keys]
    existing = existing_records(user, spec, organisation, keyed)

    batch = ImportBatch(user=user, spec=spec, organisation=organisation, referenced=referenced,
                        existing=list(existing.values()))
    checked = []
    for row, data in zip(rows, datas, strict=True):
        if row.action == "reject":
            continue
        record = existing.get(keys.get(row.number))
        form = _bound_form(spec, batch, organisation, data, record)
        form.is_valid()  # the unique checks of all rows follow at once, in batch.finish()
        checked.append((row, form, record))
    batch.finish()
    for row, form, record in checked:
        if not form.is_valid():
            row.action = "reject"
            row.reasons.extend(_form_errors(form))
            continue
        row.action = "create" if record is None else "update" if form.has_changed() else "unchanged"
        row.existing_id = record.pk if record else None
        row.label = str(form.instance)
        row.form = form
    return ImportPlan(slug=spec.slug, organisation_id=organisation.pk, rows=rows, unknown_columns=unknown)


def _bound_form(spec: ImportSpec, batch: ImportBatch, organisation, data: dict, existing):
    """A column the sheet leaves out keeps the record's current value, or takes the default for a new record."""
    form_data = {"organisation": str(organisation.pk), **data}
    model = spec.resource.model
    current = model_to_dict(existing, fields=spec.resource.form._meta.fields) if existing is not None else {}
    for name in spec.columns:
        if name in data:
            continue
        field = model._meta.get_field(name)
        value = current.get(name) if existing is not None else field.get_default() if field.has_default() else None
        form_data[name] = "" if value is None else value
    return batch.form(form_data, existing)
