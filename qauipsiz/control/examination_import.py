"""XLSX (or CSV) import of examinations with a preview (315 cl.4.6, cl.26.5), on the register's import mechanism:
`core.importers.read_table` reads the file, `core.import_store` keeps the upload between the preview and the
confirmation, and every row is checked by the same service rules as the page (`services.examinations._clean`).

A row names its object by the device's registration number or the building's inventory number, its kind and result by
code or by label in any of the three languages, and its dates as dates or dd.mm.yyyy. An import only adds records.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.importers import ACTIONS
from qauipsiz.core.models import BuildingStructure, TechnicalDevice

from . import transactions_bridge as _tx
from .choices import ExaminationKind, ExaminationResult
from .services.examinations import _clean, examination_create

SLUG = "control-examinations"
COLUMNS = {
    "device": gettext_lazy("Device registration number"),
    "building": gettext_lazy("Building inventory number"),
    "kind": gettext_lazy("Kind"),
    "due_on": gettext_lazy("Due date"),
    "done_on": gettext_lazy("Done on"),
    "result": gettext_lazy("Result"),
    "conclusion_number": gettext_lazy("Conclusion number"),
    "expert_organisation": gettext_lazy("Expert organisation"),
    "next_due_on": gettext_lazy("Next due date"),
    "note": gettext_lazy("Note"),
}
DATES = ("due_on", "done_on", "next_due_on")


def _fold(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def _aliases(names: dict) -> dict[str, str]:
    """Each name's code and its label in every language, folded."""
    found = {}
    for code, label in names.items():
        found[_fold(code)] = code
        for language in ("kk", "ru", "en"):
            with translation.override(language):
                found[_fold(str(label))] = code
    return found


@dataclass
class Row:
    number: int
    action: str = "create"
    label: str = ""
    reasons: list = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @property
    def action_label(self):
        return ACTIONS[self.action]


@dataclass
class Plan:
    organisation_id: int
    rows: list
    unknown_columns: list
    slug: str = SLUG

    @property
    def good_rows(self):
        return [row for row in self.rows if row.action == "create"]


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


def plan(*, user, organisation, table: list[list]) -> Plan:
    """What each row would create, or why it is rejected; writes nothing."""
    header, *body = table
    aliases = _aliases(COLUMNS)
    columns, unknown = {}, []
    for index, cell in enumerate(header):
        code = aliases.get(_fold(cell))
        if code:
            columns[index] = code
        elif cell not in (None, ""):
            unknown.append(str(cell))
    kinds, results = _aliases(dict(ExaminationKind.choices)), _aliases(dict(ExaminationResult.choices))
    devices = {_fold(d.registration_number): d for d in visible_to(user, TechnicalDevice).filter(
        organisation=organisation, is_active=True).exclude(registration_number="").select_related("facility")}
    buildings = {_fold(b.inventory_number): b for b in visible_to(user, BuildingStructure).filter(
        organisation=organisation, is_active=True).exclude(inventory_number="").select_related("facility")}
    rows = []
    for number, cells in enumerate(body, start=2):
        values = {code: cells[index] if index < len(cells) else None for index, code in columns.items()}
        row, data = Row(number=number), {}
        device_text, building_text = _fold(values.get("device")), _fold(values.get("building"))
        data["device"] = devices.get(device_text) if device_text else None
        data["building"] = buildings.get(building_text) if building_text else None
        if device_text and data["device"] is None:
            row.reasons.append(_("No device of the organisation has the registration number %(value)s.")
                               % {"value": values.get("device")})
        if building_text and data["building"] is None:
            row.reasons.append(_("No building of the organisation has the inventory number %(value)s.")
                               % {"value": values.get("building")})
        data["kind"] = kinds.get(_fold(values.get("kind")), values.get("kind"))
        result = values.get("result")
        data["result"] = results.get(_fold(result), result) if result not in (None, "") else ""
        for name in DATES:
            try:
                data[name] = _date(values.get(name))
            except ValueError:
                row.reasons.append(_("%(column)s: %(value)s is not a date (dd.mm.yyyy).")
                                   % {"column": COLUMNS[name], "value": values.get(name)})
                data[name] = None
        for name in ("conclusion_number", "expert_organisation", "note"):
            data[name] = str(values.get(name) or "")
        if not row.reasons:
            try:
                _clean(organisation.pk, data)
            except ValidationError as error:
                row.reasons.extend(message for messages in error.message_dict.values() for message in messages)
        subject = data["device"] or data["building"]
        row.label = f"{subject or '—'}, {data['due_on'].strftime('%d.%m.%Y') if data['due_on'] else '—'}"
        row.action = "reject" if row.reasons else "create"
        row.data = data
        rows.append(row)
    return Plan(organisation_id=organisation.pk, rows=rows, unknown_columns=unknown)


def apply(*, by, organisation, plan: Plan) -> int:
    """Every good row created in one transaction, each with its ledger entry."""
    def write():
        for row in plan.good_rows:
            examination_create(by=by, organisation=organisation, **row.data)
        return len(plan.good_rows)
    return _tx.atomic_with_ledger(write)


def template_workbook() -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Examinations"))[:31]
    sheet.append([str(label) for label in COLUMNS.values()])
    return workbook
