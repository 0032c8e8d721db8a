"""The Regulation on production control (315 cl.5-6): generated from the data in versions, each section from its
source, approved by the head's signature and frozen (text and PDF hashes ledgered), a new version from the approved."""

import datetime
import json

import pytest
from django.utils import translation

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.control import regulation_sources
from qauipsiz.control.choices import CriterionMeasure, RegulationStatus
from qauipsiz.control.documents.regulation import pdf_sha256, regulation_pdf
from qauipsiz.control.models import EffectivenessCriterion, Regulation
from qauipsiz.control.regulation_content import text_in
from qauipsiz.control.regulation_sources import Fact
from qauipsiz.control.regulation_texts import HEADINGS, NARRATIVES, POWERS
from qauipsiz.control.selectors import effectiveness_criteria, regulation_in_force
from qauipsiz.control.services import regulation as services
from qauipsiz.core.models import LegalAct, LegalActClause
from qauipsiz.core.services import record_update
from qauipsiz.ledger.models import LedgerEntry
from tests import factories as f

from .regulation_site import PW, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build()


def section(doc: dict, number: str) -> dict:
    return next(s for s in doc["sections"] if s["number"] == number)


def texts_of(block_list) -> list[str]:
    found = []
    for block in block_list:
        found += [block["title"], block.get("text", "")] + block.get("items", [])
        found += [cell for row in block.get("rows", []) for cell in row] + block.get("header", [])
    return found


def approved(site) -> Regulation:
    draft = services.regulation_start(organisation=site.org, by=site.official)
    return services.regulation_approve(record=draft, by=site.head, credentials=PW)


def test_315_cl5_a_draft_starts_with_the_default_wording_and_is_ledgered(site):
    draft = services.regulation_start(organisation=site.org, by=site.official)
    assert (draft.version, draft.status, draft.based_on) == (1, RegulationStatus.DRAFT, None)
    assert draft.narrative["6.5.decisions"] == NARRATIVES["6.5.decisions"]
    assert LedgerEntry.objects.filter(action="control.regulation.drafted", object_id=str(draft.pk)).exists()
    doc = text_in(draft, "kk")
    assert [s["number"] for s in doc["sections"]] == ["5", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6"]
    assert doc["title"] == "Өндірістік бақылау туралы ереже"


def test_315_cl5_a_second_draft_is_refused_while_one_is_open(site):
    services.regulation_start(organisation=site.org, by=site.official)
    with pytest.raises(ActionRefused):
        services.regulation_start(organisation=site.org, by=site.official)
    assert Regulation.objects.count() == 1


def test_315_cl5_a_new_version_starts_from_the_approved_wording(site):
    draft = services.regulation_start(organisation=site.org, by=site.official)
    services.regulation_narrative_set(regulation=draft, by=site.official, section="6.5.decisions",
                                      texts={"kk": "Біздің тәртіп", "ru": "Наш порядок", "en": "Our way"})
    first = services.regulation_approve(record=draft, by=site.head, credentials=PW)
    second = services.regulation_start(organisation=site.org, by=site.official)
    assert (second.version, second.based_on_id) == (2, first.pk)
    assert second.narrative["6.5.decisions"] == {"kk": "Біздің тәртіп", "ru": "Наш порядок", "en": "Our way"}
    block = next(b for b in section(text_in(second, "ru"), "6.5")["blocks"] if b["key"] == "6.5.decisions")
    assert block["text"] == "Наш порядок"


def test_315_cl5_the_approval_freezes_the_text_and_the_pdf_whatever_the_records_do_later(site, monkeypatch):
    regulation = approved(site)
    frozen = json.dumps(regulation.content, sort_keys=True)
    hashes = dict(regulation.pdf_sha256)
    assert set(hashes) == {"kk", "ru", "en"}
    # The register changes afterwards: a facility renamed, a unit and a facility added, a criterion changed.
    facility = site.facility
    facility.name_en, facility.name_kk = "Renamed unit", "Жаңа атау"
    record_update(by=f.superuser(), instance=facility)
    f.location(facility, "Unit new")
    f.facility(site.org, site.division, name_en="Second facility")
    services.criteria_defaults(organisation=site.org, by=site.official)
    regulation.refresh_from_db()
    assert json.dumps(regulation.content, sort_keys=True) == frozen
    assert "Renamed unit" not in json.dumps(text_in(regulation, "en"))
    # Translations updated after the approval (the footer's words) do not reach the approved file either.
    from qauipsiz.control.documents import regulation as document

    monkeypatch.setattr(document, "page_label", lambda: "Бет %(number)s / %(total)s")
    monkeypatch.setattr(document, "_caption", lambda doc, approved: "changed")
    for language, digest in hashes.items():
        assert pdf_sha256(regulation_pdf(regulation, language)) == digest  # re-rendered: the same file
    entry = LedgerEntry.objects.get(action="control.regulation.approved", object_id=str(regulation.pk))
    content = json.loads(entry.content)
    assert content["pdf_sha256"] == hashes and content["content"] == regulation.content


def test_315_cl5_an_approved_version_refuses_edits_and_a_second_approval(site):
    regulation = approved(site)
    with pytest.raises(ActionRefused):
        services.regulation_narrative_set(regulation=regulation, by=site.official, section="5", texts={"en": "x"})
    with pytest.raises(ActionRefused):
        services.regulation_approve(record=regulation, by=site.head, credentials=PW)
    regulation.refresh_from_db()
    assert regulation.narrative["5"] == NARRATIVES["5"]


def test_315_cl5_approving_a_new_version_supersedes_the_one_in_force(site):
    first = approved(site)
    second = services.regulation_approve(record=services.regulation_start(organisation=site.org, by=site.official),
                                         by=site.first_head, credentials=PW)
    first.refresh_from_db()
    assert (first.status, second.status) == (RegulationStatus.SUPERSEDED, RegulationStatus.APPROVED)
    assert regulation_in_force(site.org) == second
    assert regulation_in_force(site.org, datetime.date(2000, 1, 1)) is None


def test_315_cl5_only_the_head_or_first_head_approves_and_a_wrong_password_changes_nothing(site):
    draft = services.regulation_start(organisation=site.org, by=site.official)
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.regulation_approve(record=draft, by=site.official, credentials=PW)
    with pytest.raises(ValidationError):
        services.regulation_approve(record=draft, by=site.head, credentials={"password": "wrong"})
    draft.refresh_from_db()
    assert (draft.status, draft.content, draft.pdf_sha256) == (RegulationStatus.DRAFT, None, {})


def test_315_cl6_1_powers_are_the_built_in_cl4_items_without_the_legal_library(site):
    draft = services.regulation_start(organisation=site.org, by=site.official)
    for language in ("kk", "ru", "en"):
        items = section(text_in(draft, language), "6.1")["blocks"][0]["items"]
        assert len(items) == 13
        assert items[3] == f"4) {POWERS[3][language]}"
    assert "нұсқамалар беру" in section(text_in(draft, "kk"), "6.1")["blocks"][0]["items"][3]


@pytest.mark.skipif(not LegalAct._meta.get_field("organisation").null,
                    reason="national acts (no organisation) come with the legal library's sub-domain")
def test_315_cl6_1_powers_are_the_legal_librarys_wording_in_force(site):
    from qauipsiz.core.models import ClauseEdition

    act = LegalAct.objects.create(organisation=None, number="315", adopted_on=datetime.date(2021, 6, 24),
                                  issuer="ҚР ТЖМ", title_kk="Нұсқаулық")
    for number in range(1, 14):
        clause = LegalActClause.objects.create(act=act, number=f"4.{number}", position=number,
                                               text_kk=f"кітапхана {number}")
        if number == 13:
            ClauseEdition.objects.create(clause=clause, text_kk="жаңа редакция 13",
                                         in_force_from=datetime.date(2026, 1, 1))
    draft = services.regulation_start(organisation=site.org, by=site.official)
    items = section(text_in(draft, "kk"), "6.1")["blocks"][0]["items"]
    assert items[0] == "1) кітапхана 1" and items[-1] == "13) жаңа редакция 13"


def test_315_cl6_2_facilities_and_their_units_are_counted(site):
    f.facility(site.org, site.division, name_en="Tank farm", registration_number="HPF-0002", units_count=3)
    draft = services.regulation_start(organisation=site.org, by=site.official)
    blocks = section(text_in(draft, "en"), "6.2")["blocks"]
    assert blocks[0]["text"] == "Hazardous production facilities: 2; their production units: 5."
    rows = blocks[1]["rows"]
    assert rows[0][:2] == ["HPF-0001", "Crude unit"] and rows[0][3:] == ["2", "Unit AVT-6, Unit ELOU"]
    assert rows[1][3] == "3"  # no units entered: the facility's own count


def test_315_cl6_3_each_facility_is_described_from_the_register_and_the_sub_domains(site, monkeypatch):
    def accidents(facility, year):
        return [Fact(topic=HEADINGS["6.3.accidents"][translation.get_language()], text=f"Incidents {year}: 0"),
                Fact(topic="Expert examinations", text=f"{facility.registration_number}: due 2027")]

    monkeypatch.setattr(regulation_sources, "FACILITY_FACTS", [accidents])
    draft = services.regulation_start(organisation=site.org, by=site.official)
    blocks = section(text_in(draft, "en"), "6.3")["blocks"]
    assert blocks[0]["title"] == "HPF-0001 Crude unit"
    by_title = {b["title"]: b["items"] for b in blocks[1:]}
    assert by_title["State and technical inspection of production buildings and technological structures"][0] == (
        "Buildings and structures: 1; technical inspection overdue: 1.")
    assert by_title["Technical certification of hazardous technical devices"][0].endswith("overdue: 1.")
    year = datetime.date.today().year
    assert by_title["Accidents, incidents and injuries"] == ["No accidents since 2019.", f"Incidents {year}: 0"]
    assert by_title["Expert examinations"] == ["HPF-0001: due 2027"]
    assert "Training and retraining of managers, specialists and workers" in by_title


def test_315_cl6_4_the_plan_of_measures_comes_from_the_plans_sub_domain(site, monkeypatch):
    monkeypatch.setattr(regulation_sources, "PLAN_FACTS",
                        [lambda organisation, year: [Fact(topic="Plan", text=f"Plan {year}: 12 measures")]])
    draft = services.regulation_start(organisation=site.org, by=site.official)
    blocks = section(text_in(draft, "en"), "6.4")["blocks"]
    assert blocks[0]["key"] == "6.4" and blocks[1]["items"] == [f"Plan {datetime.date.today().year}: 12 measures"]


def test_315_cl6_5_criteria_and_targets_are_listed_and_frozen_for_the_annual_analysis(site):
    created = services.criteria_defaults(organisation=site.org, by=site.official)
    assert [c.measure for c in created] == [CriterionMeasure.INSPECTIONS_ON_SCHEDULE,
                                            CriterionMeasure.PRESCRIPTIONS_ON_TIME,
                                            CriterionMeasure.REPEAT_VIOLATIONS, CriterionMeasure.MEAN_ELIMINATION_DAYS]
    assert services.criteria_defaults(organisation=site.org, by=site.official) == []  # once only
    draft = services.regulation_start(organisation=site.org, by=site.official)
    blocks = section(text_in(draft, "en"), "6.5")["blocks"]
    assert [b["key"] for b in blocks if b["kind"] == "text"] == [
        "6.5.periodicity", "6.5.planning", "6.5.reporting", "6.5.improvement", "6.5.decisions"]
    table = next(b for b in blocks if b["kind"] == "table")
    assert table["rows"][0] == ["Share of inspections done against the schedule",
                                "Inspections done against the schedule", "100 %", "at least the target"]
    assert [c.target for c in effectiveness_criteria(site.org)] == [100, 95, 5, 30]  # before approval: live
    services.regulation_approve(record=draft, by=site.head, credentials=PW)
    repeat = EffectivenessCriterion.objects.get(organisation=site.org, measure=CriterionMeasure.REPEAT_VIOLATIONS)
    repeat.target = 1
    services.criterion_update(by=site.official, instance=repeat)
    with translation.override("ru"):
        criteria = effectiveness_criteria(site.org, datetime.date.today())
    assert [c.target for c in criteria] == [100, 95, 5, 30]  # the approved version's targets
    assert criteria[1].name == "Доля предписаний, выполненных в срок" and criteria[1].met_by(96)
    assert criteria[2].met_by(5) and not criteria[2].met_by(6)


def test_315_cl6_5_another_measure_needs_its_description_and_a_computed_one_no_figure(site):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.criterion_create(by=site.official, instance=EffectivenessCriterion(
            organisation=site.org, name_en="Audits", measure=CriterionMeasure.OTHER, target=4, unit="count",
            direction="at_least"))
    with pytest.raises(ValidationError):
        services.criterion_create(by=site.official, instance=EffectivenessCriterion(
            organisation=site.org, name_en="Closed", measure=CriterionMeasure.PRESCRIPTIONS_ON_TIME, manual_value=3,
            target=90, unit="percent", direction="at_least"))
    assert not EffectivenessCriterion.objects.exists()


def test_315_cl6_6_the_service_falls_back_to_the_officials_appointed_by_order(site, monkeypatch):
    monkeypatch.setattr(regulation_sources, "SERVICE_FACTS", [])  # no sub-domain describes the service
    draft = services.regulation_start(organisation=site.org, by=site.official)
    blocks = section(text_in(draft, "en"), "6.6")["blocks"]
    assert blocks[0]["key"] == "6.6"
    assert blocks[1]["items"][0].startswith("Petrov Ivan, Chief safety engineer: order No. ")
    assert blocks[1]["items"][0].endswith("covers the whole organisation")


def test_315_cl6_6_the_service_is_described_by_its_sub_domain_where_it_does(site, monkeypatch):
    monkeypatch.setattr(regulation_sources, "SERVICE_FACTS",
                        [lambda organisation, day: [Fact(topic="Structure", text="Head of service, 2 engineers")]])
    draft = services.regulation_start(organisation=site.org, by=site.official)
    assert texts_of(section(text_in(draft, "en"), "6.6")["blocks"][1:]) == ["Structure", "", "Head of service, "
                                                                            "2 engineers"]


def test_315_cl5_the_officials_are_told_once_the_regulation_is_approved(site, django_capture_on_commit_callbacks):
    from qauipsiz.notifications.models import Notice
    from qauipsiz.notifications.outbox import deliver

    with django_capture_on_commit_callbacks(execute=True):
        regulation = approved(site)
    deliver()
    notice = Notice.objects.get(user=site.official)
    assert notice.message.startswith("The Regulation on production control, version %(version)s")
    assert notice.link == regulation.get_absolute_url()
    assert not Notice.objects.filter(user=site.auditor).exists()
