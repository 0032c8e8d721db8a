"""The text of the Regulation on production control (315 cl.5-6), generated from the organisation's data.

`regulation_content(regulation)` gives the whole text in every language as plain JSON: what the head signs (its
SHA-256), what approval freezes, and what the page, the PDF and the DOCX lay out. A section is a list of blocks:

    {"number": "6.2", "title": "...", "blocks": [{"kind": "text", "title": "", "key": "", "text": "..."},
                                                 {"kind": "list", "title": "...", "marker": "–", "items": ["..."]},
                                                 {"kind": "table", "title": "...", "header": [...], "rows": [[...]]}]}

A draft is generated anew each time it is read (the register as it stands today); an approved version is only ever
read from its frozen `content`, so nothing changed in the register afterwards reaches it.

The sub-domains' facts come through `regulation_sources` (each provider is called with the translation of the language
being drawn up active); the cl.4 powers come from the legal library's Order 315 where it holds clause 4's items, else
from the built-in wording (`regulation_texts.POWERS`).
"""

import datetime
import re

from django.db.models import Count, Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qauipsiz.core.choices import AppointmentRole, LocationKind
from qauipsiz.core.i18n import pick_translation
from qauipsiz.core.legal import editions_on
from qauipsiz.core.models import (
    Appointment,
    BuildingStructure,
    HazardousFacility,
    LegalActClause,
    Location,
    Person,
    TechnicalDevice,
    Training,
)
from qauipsiz.documents.marks import DASH, day
from qauipsiz.ledger.canonical import canonical_json, sha256_hex

from . import regulation_sources
from .choices import CriterionMeasure
from .regulation_texts import HEADINGS, LANGUAGES, NARRATIVES, POWERS

ORDER_315 = {"number": "315", "adopted_on": datetime.date(2021, 6, 24)}
CLAUSE_4_ITEM = re.compile(r"^4\s*[.\-]\s*(\d+)\)?$")


def text_block(text: str, *, title: str = "", key: str = "") -> dict:
    return {"kind": "text", "title": title, "key": key, "text": text or DASH}


def list_block(items: list[str], *, title: str = "", marker: str = "–") -> dict:
    """Lines one under the other, each after `marker` ("" for items that carry their own number)."""
    return {"kind": "list", "title": title, "key": "", "marker": marker, "items": items or [DASH]}


def table_block(header: list[str], rows: list[list[str]], *, title: str = "") -> dict:
    return {"kind": "table", "title": title, "key": "", "header": header, "rows": rows or [[DASH] * len(header)]}


def narrative_text(regulation, key: str, language: str) -> str:
    """The organisation's wording of a section in `language`, else its default (cl.5: the organisation words it)."""
    given = (regulation.narrative or {}).get(key) or {}
    return (given.get(language) or "").strip() or NARRATIVES[key][language]


def _narrative(regulation, key: str, language: str, *, title: bool = False) -> dict:
    return text_block(narrative_text(regulation, key, language), key=key,
                      title=HEADINGS[key][language] if title and key in HEADINGS else "")


# --- cl.4 / cl.6.1: the powers --------------------------------------------------------------------------------------


def library_powers(on: datetime.date, language: str) -> list[str] | None:
    """cl.4's items as the legal library words them on `on` (Order 315 as a national act), or None when it holds none.

    A repealed item is left out; an item without an edition in force reads as its clause's own text."""
    clauses = [c for c in LegalActClause.objects.filter(
        act__organisation__isnull=True, act__is_active=True, is_active=True, **{
            f"act__{name}": value for name, value in ORDER_315.items()}).order_by("position", "id")
        if CLAUSE_4_ITEM.match(c.number.strip())]
    if not clauses:
        return None
    editions = {}
    for edition in editions_on(on).filter(clause__in=clauses).order_by("clause_id", "in_force_from"):
        editions[edition.clause_id] = edition  # the latest start in force wins
    items = []
    for clause in sorted(clauses, key=lambda c: int(CLAUSE_4_ITEM.match(c.number.strip()).group(1))):
        edition = editions.get(clause.pk)
        if edition is not None and edition.repealed:
            continue
        item = int(CLAUSE_4_ITEM.match(clause.number.strip()).group(1))
        # The library may hold the law's Kazakh only: another language reads the built-in translation of the item.
        builtin = POWERS[item - 1][language] if 1 <= item <= len(POWERS) else ""
        text = (getattr(edition, f"text_{language}", "") or getattr(clause, f"text_{language}", "") or builtin
                or pick_translation(edition or clause, "text", language) or pick_translation(clause, "text", language))
        if text:
            items.append(text)
    return items or None


def _powers(regulation, on, language) -> dict:
    items = library_powers(on, language)
    source = _("The powers as the legal library words Order 315, cl.4 on %(date)s.") % {"date": day(on)}
    if items is None:
        items = [item[language] for item in POWERS]
        source = _("The powers as Order 315, cl.4 words them (the legal library holds no clause 4 of it).")
    numbered = [f"{index}) {text}" for index, text in enumerate(items, start=1)]
    blocks = [list_block(numbered, marker=""), text_block(source)]
    blocks += [_narrative(regulation, "6.1", language)]
    return _section("6.1", language, blocks)


# --- cl.6.2-6.3: the facilities -------------------------------------------------------------------------------------


def _facilities(organisation):
    return list(HazardousFacility.objects.filter(organisation=organisation, is_active=True)
                .select_related("division").order_by("registration_number"))


def _units(facilities) -> dict[int, list[str]]:
    units: dict[int, list[str]] = {f.pk: [] for f in facilities}
    for unit in Location.objects.filter(facility__in=facilities, kind=LocationKind.UNIT, is_active=True):
        units[unit.facility_id].append(unit.name)
    return units


def _count_section(facilities, units, language) -> dict:
    rows, total = [], 0
    for facility in facilities:
        names = units[facility.pk]
        count = len(names) or facility.units_count
        total += count
        rows.append([facility.registration_number, facility.name, str(facility.get_hazard_class_display()),
                     str(count), ", ".join(names) or DASH])
    summary = _("Hazardous production facilities: %(facilities)s; their production units: %(units)s.") % {
        "facilities": len(facilities), "units": total}
    header = [_("Registration number"), _("Facility"), _("Hazard class"), _("Units"), _("Production units")]
    return _section("6.2", language, [text_block(summary), table_block(header, rows)])


def _core_facts(facility, on) -> dict[str, list[str]]:
    """The cl.6.3 sub-items from the register: buildings, devices, the facility's notes, the staff's training."""
    buildings = BuildingStructure.objects.filter(facility=facility, is_active=True).aggregate(
        count=Count("pk"), overdue=Count("pk", filter=Q(next_inspection_on__lt=on)),
        next=Min("next_inspection_on", filter=Q(next_inspection_on__gte=on)))
    devices = TechnicalDevice.objects.filter(facility=facility, is_active=True).aggregate(
        count=Count("pk"), overdue=Count("pk", filter=Q(next_certification_on__lt=on)),
        next=Min("next_certification_on", filter=Q(next_certification_on__gte=on)))
    people = Person.objects.filter(organisation=facility.organisation_id, is_active=True, contractor__isnull=True,
                                   division__path__startswith=facility.division.path)
    trained = Training.objects.filter(person__in=people, is_active=True, passed_on__lte=on, valid_until__gte=on,
                                      training_type__code="industrial_safety").values("person").distinct().count()
    facts = {key: [] for key in ("6.3.buildings", "6.3.devices", "6.3.accidents", "6.3.training")}
    facts["6.3.buildings"].append(_("Buildings and structures: %(count)s; technical inspection overdue: "
                                    "%(overdue)s.") % buildings)
    if buildings["next"]:
        facts["6.3.buildings"].append(_("Next technical inspection: %(date)s.") % {"date": day(buildings["next"])})
    facts["6.3.devices"].append(_("Hazardous technical devices: %(count)s; technical certification overdue: "
                                  "%(overdue)s.") % devices)
    if devices["next"]:
        facts["6.3.devices"].append(_("Next technical certification: %(date)s.") % {"date": day(devices["next"])})
    facts["6.3.training"].append(_("Staff of the facility's division with a valid industrial-safety training: "
                                   "%(trained)s of %(people)s.") % {"trained": trained, "people": people.count()})
    for key, note in (("6.3.buildings", facility.buildings_inspection_note),
                      ("6.3.devices", facility.devices_certification_note),
                      ("6.3.accidents", facility.accidents_note), ("6.3.training", facility.training_note)):
        if note.strip():
            facts[key].append(note.strip())
    return facts


def _description_section(facilities, on, language) -> dict:
    blocks = []
    for facility in facilities:
        blocks.append(text_block(_("Hazard class: %(class)s; division: %(division)s; location: %(location)s.") % {
            "class": facility.get_hazard_class_display(), "division": facility.division.name,
            "location": facility.location or DASH}, title=f"{facility.registration_number} {facility.name}"))
        grouped = _core_facts(facility, on)
        titles = {key: HEADINGS[key][language] for key in grouped}
        for provider in regulation_sources.FACILITY_FACTS:
            for fact in provider(facility, on.year):
                key = next((k for k, t in titles.items() if t == fact.topic), fact.topic)
                titles.setdefault(key, fact.topic)
                grouped.setdefault(key, []).append(fact.text)
        for key, lines in grouped.items():
            blocks.append(list_block(lines, title=titles[key]))
    if not facilities:
        blocks.append(text_block(_("The organisation operates no hazardous production facility in the register.")))
    return _section("6.3", language, blocks)


# --- cl.6.4-6.6 -----------------------------------------------------------------------------------------------------


def _facts_block(providers, organisation, on_or_year, *, title: str, empty: bool = True) -> list:
    """The providers' facts, grouped by topic, each a list block; `empty`: a dash when none gave any."""
    grouped: dict[str, list[str]] = {}
    for provider in providers:
        for fact in provider(organisation, on_or_year):
            grouped.setdefault(fact.topic, []).append(fact.text)
    if not grouped:
        return [list_block([], title=title)] if empty else []
    return [list_block(lines, title=topic or title) for topic, lines in grouped.items()]


def _plan_section(regulation, on, language) -> dict:
    blocks = [_narrative(regulation, "6.4", language)]
    blocks += _facts_block(regulation_sources.PLAN_FACTS, regulation.organisation, on.year,
                           title=_("The plan of measures in force"))
    return _section("6.4", language, blocks)


def criteria_rows(criteria) -> list[list[str]]:
    rows = []
    for criterion in criteria:
        measure = (criterion.description if criterion.measure == CriterionMeasure.OTHER
                   else str(criterion.get_measure_display()))
        rows.append([criterion.name, measure, f"{criterion.target.normalize():f} {criterion.get_unit_display()}",
                     str(criterion.get_direction_display())])
    return rows


def _criteria(organisation):
    from .models import EffectivenessCriterion

    return list(EffectivenessCriterion.objects.filter(organisation=organisation, is_active=True))


def criteria_data(criteria) -> list[dict]:
    """The criteria as the approved version keeps them (for `selectors.effectiveness_criteria`)."""
    return [{"measure": c.measure, "name": {code: getattr(c, f"name_{code}") for code in LANGUAGES},
             "description": c.description, "manual_value": None if c.manual_value is None else str(c.manual_value),
             "target": str(c.target), "unit": c.unit, "direction": c.direction} for c in criteria]


def _effectiveness_section(regulation, criteria, language) -> dict:
    blocks = [_narrative(regulation, key, language, title=True)
              for key in ("6.5.periodicity", "6.5.planning", "6.5.reporting")]
    header = [_("Criterion"), _("Measure"), _("Target"), _("Met when the value is")]
    blocks.append(table_block(header, criteria_rows(criteria), title=HEADINGS["6.5.criteria"][language]))
    blocks += [_narrative(regulation, key, language, title=True) for key in ("6.5.improvement", "6.5.decisions")]
    return _section("6.5", language, blocks)


def appointment_lines(organisation, on) -> list[str]:
    """The production-control officials appointed by order and in office on `on` (cl.3), for cl.6.6 when no
    sub-domain describes the service."""
    appointments = (Appointment.objects.filter(
        organisation=organisation, role=AppointmentRole.PC_OFFICIAL, is_active=True, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .select_related("person").prefetch_related("divisions").order_by("person__last_name", "id"))
    lines = []
    for appointment in appointments:
        scope = (_("the whole organisation") if appointment.whole_organisation
                 else ", ".join(d.name for d in appointment.divisions.all()) or DASH)
        lines.append(_("%(person)s, %(position)s: order No. %(number)s of %(date)s; covers %(scope)s") % {
            "person": appointment.person.full_name, "position": appointment.person.position or DASH,
            "number": appointment.order_number, "date": day(appointment.order_date), "scope": scope})
    return lines


def _service_section(regulation, on, language) -> dict:
    blocks = [_narrative(regulation, "6.6", language)]
    facts = _facts_block(regulation_sources.SERVICE_FACTS, regulation.organisation, on, title="", empty=False)
    blocks += facts or [list_block(appointment_lines(regulation.organisation, on),
                                   title=_("Production-control officials appointed by order"))]
    return _section("6.6", language, blocks)


def _section(number: str, language: str, blocks: list[dict]) -> dict:
    return {"number": number, "title": HEADINGS[number][language], "blocks": blocks}


# --- the whole text -------------------------------------------------------------------------------------------------


def language_text(regulation, language: str, *, on: datetime.date | None = None, criteria=None) -> dict:
    """The text in one language, generated from the data as it stands on `on` (default today)."""
    on = on or timezone.localdate()
    criteria = _criteria(regulation.organisation) if criteria is None else criteria
    with translation.override(language):
        organisation = regulation.organisation
        facilities = _facilities(organisation)
        units = _units(facilities)
        sections = [
            _section("5", language, [_narrative(regulation, "5", language)]),
            _powers(regulation, on, language),
            _count_section(facilities, units, language),
            _description_section(facilities, on, language),
            _plan_section(regulation, on, language),
            _effectiveness_section(regulation, criteria, language),
            _service_section(regulation, on, language),
        ]
        return {
            "title": HEADINGS["title"][language], "basis": HEADINGS["basis"][language],
            "organisation": organisation.name, "version_label": f"{HEADINGS['version'][language]} {regulation.version}",
            "drawn_up": _("Drawn up from the data as of %(date)s") % {"date": day(on)},
            "sections": sections, "approval": None,
        }


def regulation_content(regulation, *, on: datetime.date | None = None) -> dict:
    """The whole Regulation in every language, as generated now (an approved version: its frozen content)."""
    if regulation.content is not None:
        return regulation.content
    on = on or timezone.localdate()
    criteria = _criteria(regulation.organisation)
    return {"version": regulation.version, "organisation_id": regulation.organisation_id, "drawn_up_on": on.isoformat(),
            "criteria": criteria_data(criteria),
            "languages": {language: language_text(regulation, language, on=on, criteria=criteria)
                          for language in LANGUAGES}}


def content_sha256(content: dict) -> str:
    return sha256_hex(canonical_json(content))


def text_in(regulation, language: str) -> dict:
    """The text to show or print in `language`: the frozen one of an approved version, else generated now."""
    if regulation.content is not None:
        return regulation.content["languages"][language]
    return language_text(regulation, language)
