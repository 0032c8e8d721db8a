"""Import of accidents, incidents and injuries from XLSX or CSV, with a preview (315 cl.4.12): the records kept
before the system, brought in at once.

The file is read by core's importer (`core.importers.read_table`) and kept between the preview and the confirmation by
`core.import_store`, as the register's imports are. Columns are matched by their label in Kazakh, Russian or English
(the list's own export imports as is) or by their code. The kind is named by its label or code, the facility by its
registration number or name, the unit or area by its code or name within the facility (else kept as the place's
text). Each row is checked by the registration's own checks (`services.accidents.check_register`) and the facility
must be one the user may report for; the confirmation plans the file again and registers all good rows in one
transaction.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qauipsiz import transactions
from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.forms import DATETIME_INPUT_FORMATS
from qauipsiz.core.importers import _normalise, read_table
from qauipsiz.core.models import HazardousFacility, Location

from .choices import AccidentKind
from .services import accidents as services

SLUG = "control-accidents"
# code -> the label the list's export heads the column with (views.accidents.LIST_HEADERS).
COLUMNS = {"kind": gettext_lazy("Kind"), "occurred_at": gettext_lazy("Happened at"),
           "facility": gettext_lazy("Facility"), "location": gettext_lazy("Unit or area"),
           "place": gettext_lazy("Place (as described)"), "description": gettext_lazy("What happened")}
REQUIRED = ("kind", "occurred_at", "facility", "description")


def _aliases() -> dict[str, str]:
    aliases = {}
    for code, label in COLUMNS.items():
        aliases[code] = code
        for language in ("kk", "ru", "en"):
            with translation.override(language):
                aliases[_normalise(str(label))] = code
    return aliases


def _kinds() -> dict[str, str]:
    kinds = {}
    for value, label in AccidentKind.choices:
        kinds[value] = value
        for language in ("kk", "ru", "en"):
            with translation.override(language):
                kinds[_normalise(str(label))] = value
    return kinds


@dataclass
class Row:
    number: int
    values: dict
    action: str = "create"
    reasons: list[str] = field(default_factory=list)
    label: str = ""


@dataclass
class AccidentsPlan:
    """What the file would register, row by row (the shape `core.import_store` keeps)."""

    organisation_id: int
    rows: list[Row]
    unknown_columns: list[str]
    slug: str = SLUG

    @property
    def good(self) -> list[Row]:
        return [r for r in self.rows if r.action == "create"]


def _moment(value):
    if isinstance(value, datetime.datetime):
        return value
    text = " ".join(str(value or "").split())
    for pattern in DATETIME_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise ValueError(text)


def _named(records, text: str, fields: tuple[str, ...]):
    folded = _normalise(text)
    matches = [r for r in records if any(_normalise(getattr(r, f, "")) == folded for f in fields)]
    return matches[0] if len(matches) == 1 else None


def plan_accidents(*, user, organisation, table: list[list]) -> AccidentsPlan:
    """Read the table, writing nothing: each row to register, or rejected with its reasons."""
    aliases, kinds = _aliases(), _kinds()
    mapping, unknown = {}, []
    for index, cell in enumerate(table[0] if table else []):
        code = aliases.get(_normalise(cell))
        if code:
            mapping[index] = code
        elif _normalise(cell):
            unknown.append(str(cell))
    missing = [str(COLUMNS[c]) for c in REQUIRED if c not in mapping.values()]
    if missing:
        raise ValidationError(_("The file has no columns for: %(columns)s.") % {"columns": ", ".join(missing)})
    facilities = list(HazardousFacility.objects.filter(organisation=organisation, is_active=True))
    locations = list(Location.objects.filter(organisation=organisation, is_active=True))
    names = ("name_kk", "name_ru", "name_en")
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        raw = {code: cells[index] if index < len(cells) else None for index, code in mapping.items()}
        if all(value in (None, "") for value in raw.values()):
            continue
        row = Row(number=number, values={}, label=str(raw.get("description") or "")[:80])
        values = {"kind": kinds.get(_normalise(raw.get("kind")), "")}
        if not values["kind"]:
            row.reasons.append(_("Kind: not one of the kinds: %(value)s") % {"value": raw.get("kind")})
        try:
            values["occurred_at"] = _moment(raw.get("occurred_at"))
        except ValueError:
            row.reasons.append(_("Happened at: not a moment (dd.mm.yyyy hh:mm): %(value)s") % {
                "value": raw.get("occurred_at")})
        values["facility"] = _named(facilities, str(raw.get("facility") or ""), ("registration_number", *names))
        if values["facility"] is None:
            row.reasons.append(_("Facility: no single facility of the organisation is named %(value)s") % {
                "value": raw.get("facility")})
        place = str(raw.get("place") or "").strip()
        location_text = str(raw.get("location") or "").strip()
        values["location"] = None
        if location_text and values["facility"] is not None:
            values["location"] = _named([loc for loc in locations if loc.facility_id == values["facility"].pk],
                                        location_text, ("code", *names))
            if values["location"] is None:
                place = place or location_text  # not a unit of the register: kept as the place described
        values["place"], values["description"] = place, str(raw.get("description") or "").strip()
        if not row.reasons:
            try:
                services.check_register(**{k: values[k] for k in ("facility", "kind", "occurred_at", "description",
                                                                  "location")})
            except ValidationError as error:
                row.reasons.extend(str(m) for messages in error.message_dict.values() for m in messages)
        if not row.reasons and not _may_report(user, values["facility"]):
            row.reasons.append(_("Facility: you do not report for %(facility)s.") % {"facility": values["facility"]})
        row.values = values
        if row.reasons:
            row.action = "reject"
        rows.append(row)
    return AccidentsPlan(organisation_id=organisation.pk, rows=rows, unknown_columns=unknown)


def _may_report(user, facility) -> bool:
    """The division-scoped reporter registers only for his division's facilities (cl.25)."""
    return visible_to(user, HazardousFacility).filter(pk=facility.pk).exists()


@transactions.atomic
def apply(*, by, plan: AccidentsPlan) -> int:
    """Register every good row, in one transaction: all of them or, on a refusal, none."""
    for row in plan.good:
        services.accident_register(by=by, **row.values)
    return len(plan.good)


__all__ = ["plan_accidents", "apply", "read_table", "SLUG"]
