"""The printed documents of Order 344: the permit (Annex 1), the register (Annex 2) and the admission certificate
(Annex 3), read back from the PDF (and the XLSX) as a person holding the paper would read them.

Building the scenario takes its time, so one module-scoped scenario builds a site, works a permit through its whole
life, and renders every document once per language it is checked in; the tests only read the results. The scenario runs in a
transaction that is rolled back at the end, so it leaves nothing behind for the other tests.
"""

import datetime
import hashlib
import io
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
import segno
import time_machine
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.ledger.models import ChainHead, Signature
from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import AttachmentKind, Status
from qauipsiz.permits.documents import (
    DASH,
    FORM_WORDING,
    certificate_pdf,
    permit_pdf,
    register_pdf,
    register_rows,
    register_xlsx,
    signature_mark,
)
from qauipsiz.permits.models import AdmissionCertificate, Attachment, Permit
from tests import factories as f
from tests.documents.pdftext import page_texts, pdf_text

from .conftest import PW, START, contractor_draft, contractor_party, make_site, staff

# The marker makes pytest-django set up the test database even when only the tests reading the module's scenario run.
pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LANGUAGES = ("kk", "ru", "en")
TZ = START.tzinfo
PLACE = "Unit AVT-6, pump P-12 bay"
SCOPE = "Replace the flange gasket of pump P-12"
JOINT = "Coordinate the hot work with the crew of the neighbouring permit; one fire watch for both"


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=TZ)


def squash(text: str) -> str:
    """Text without any whitespace: lines wrap differently in each language, the words stay in their order."""
    return re.sub(r"\s+", "", text)


def pages_of(pdf: bytes) -> list[str]:
    return page_texts(pdf)


@dataclass
class Scenario:
    permit_url: dict = field(default_factory=dict)
    pdf: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    _pages: dict = field(default_factory=dict)
    _text: dict = field(default_factory=dict)

    def pages(self, key: str) -> list[str]:
        """The text of each page of a rendered PDF, extracted once (pypdf takes its time too)."""
        if key not in self._pages:
            self._pages[key] = pages_of(self.pdf[key])
        return self._pages[key]

    def text(self, key: str) -> str:
        if key not in self._text:
            self._text[key] = pdf_text(self.pdf[key])
        return self._text[key]


def _render(scenario: Scenario, key: str, function, *args, **kwargs) -> bytes:
    started = time.perf_counter()
    scenario.pdf[key] = function(*args, **kwargs)
    scenario.seconds[key] = time.perf_counter() - started
    return scenario.pdf[key]


def _attach(permit: Permit, user, *, kind: str, title: str, filename: str, data: bytes) -> Attachment:
    sha = hashlib.sha256(data).hexdigest()
    attachment = Attachment(permit=permit, kind=kind, title=title, filename=filename, content_type="application/pdf",
                            size=len(data), sha256=sha, added_by=user)
    attachment.file.save(filename, ContentFile(data), save=False)
    attachment.save()
    return attachment


def _work_a_permit_through(site, clock, scenario: Scenario) -> Permit:
    """Permit No. 2: joint measures with No. 1 (344 cl.7), an attachment, every measure and approval signed, an air
    sample, admission, crew briefing, a daily break and re-admission, an extension for the night shift, hand-back and
    closure."""
    # No. 1 of the book, cancelled: a cancelled row in the register.
    services.permit_cancel(permit=site.issued(devices=[], approvers=[]), by=site.issuer.user, reason="Work postponed",
                           credentials=PW)
    # A contractor's permit (No. 1 of its own book, 344 cl.9) at the same place at the same time: the two
    # organisations agree joint measures before this permit is issued.
    scaffolders = contractor_party(site, "Scaffold LLP", "Lesov")
    neighbour = services.permit_issue(permit=contractor_draft(site, scaffolders, approvers=[]),
                                      by=scaffolders.issuer.user, credentials=PW)
    permit = site.draft(approvers=[("8", site.supervisor), ("8.1", site.manager)])
    _attach(permit, site.issuer.user, kind=AttachmentKind.PLAN, title="Plan of the P-12 bay", filename="plan-p12.pdf",
            data=b"%PDF-1.4 plan of the bay")
    agreement = services.joint_measures_agree(permit=permit, others=[neighbour], by=site.issuer.user, measures=JOINT,
                                              credentials=PW)
    services.joint_measures_sign(permit=neighbour, agreement=agreement, by=scaffolders.issuer.user, credentials=PW)
    permit = services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    scenario.facts["cancelled"] = services.permit_cancel(permit=neighbour, by=scaffolders.issuer.user,
                                                         reason="Work postponed", credentials=PW)
    site.sample(permit, value="1.2", limit="10", place="P-12 flange")  # before measure 5.4 is signed (item 5.4)
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    for approval in permit.approvals.all():
        services.permit_approve(permit=permit, by=approval.approver.user, credentials=PW)
    services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                          performer_briefed=True, copy_handed_over=True)
    clock.move_to(at(23, 9, 20))
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    for person in site.crew[:3]:
        member = services.crew_add(permit=permit, by=site.performer.user, person=person)
        services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    services.permit_start_work(permit=permit, by=site.performer.user, credentials=PW)
    # A daily break and the re-admission after it (344 cl.23): a second line in the register's re-admission column.
    clock.move_to(at(23, 13, 0))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 14, 0))
    site.sample(permit, value="0.8", limit="10", place="P-12 flange")  # fresh for the re-admission (item 5.4)
    services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    # The shift change (item 12, 344 cl.24).
    clock.move_to(at(23, 19, 30))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    services.permit_extend(
        measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=site.performer,
                           performer_credentials=PW, crew_count=3)
    clock.move_to(at(24, 2, 40))
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    clock.move_to(at(24, 3, 0))
    services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)
    return Permit.objects.get(pk=permit.pk)


def _certificate(site) -> AdmissionCertificate:
    contractor = f.contractor(site.org, "Биік Құрылыс ЖШС")
    rep = staff(site.org, site.division, "", Role.CONTRACTOR_REP, last_name="Podryadchikov", appointment=False,
                contractor=contractor)
    certificate = services.certificate_create(by=site.supervisor.user, certificate=AdmissionCertificate(
        organisation=site.org, drawn_up_on=datetime.date(2026, 11, 24), division=site.division,
        shop_head=site.supervisor, contractor=contractor, contractor_rep=rep,
        site_bounds="Axes A-D / 1-6, marks 0.000 to +12.000, drawings KM-101, KM-102",
        work_name="Dismantling of the old flare stack", starts_on=datetime.date(2026, 11, 25),
        ends_on=datetime.date(2026, 12, 20)), measures=[
        ("Fence the site and post warning signs", datetime.date(2026, 11, 25), "Smenov Ivan, head of the shop"),
        ("Disconnect the flare header and install plugs", datetime.date(2026, 11, 25), "Dopuskov Ivan, foreman"),
    ])
    services.certificate_sign(certificate=certificate, by=site.supervisor.user, credentials=PW)
    services.certificate_sign(certificate=certificate, by=rep.user, credentials=PW)
    return AdmissionCertificate.objects.get(pk=certificate.pk)


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker) -> Scenario:
    result = Scenario()
    with django_db_blocker.unblock(), time_machine.travel(START, tick=False) as clock, transaction.atomic():
        site = make_site("«Қауіпсіз Мұнай» ЖШС")
        permit = _work_a_permit_through(site, clock, result)
        site.issued(place="Tank farm, tank T-3", devices=[], approvers=[])  # No. 3, issued and still open
        cancelled = result.facts["cancelled"]
        draft = site.draft(place="Compressor house", devices=[], approvers=[])
        certificate = _certificate(site)

        issue = next(s for s in signatures_of(permit) if s.purpose.endswith("item6_issued"))
        head = ChainHead.objects.get(organisation=site.org)
        result.facts.update({
            "permit": permit, "issue_hash": issue.content_hash[:12],
            "performer": site.performer.full_name, "crew": [p.full_name for p in site.crew[:3]],
            "chain": (head.seq, head.entry_hash), "periods": list(permit.periods.order_by("started_at")),
        })
        for language in LANGUAGES:
            with translation.override(language):
                result.permit_url[language] = reverse("permits:detail", args=[permit.pk])
                result.facts[f"rows_{language}"] = register_rows(organisation=site.org, year=2026)
            _render(result, f"permit_{language}", permit_pdf, permit, language=language)
        _render(result, "draft_en", permit_pdf, draft, language="en")
        _render(result, "cancelled_ru", permit_pdf, cancelled, language="ru")
        _render(result, "register_kk", register_pdf, organisation=site.org, year=2026, language="kk",
                user=site.issuer.user)
        _render(result, "register_xlsx_ru", register_xlsx, organisation=site.org, year=2026, language="ru",
                user=site.issuer.user)
        _render(result, "certificate_en", certificate_pdf, certificate, language="en")
        transaction.set_rollback(True)
    ARTIFACTS.mkdir(exist_ok=True)  # for a person to look at: test-artifacts/permit_kk.pdf and the others
    for key, content in result.pdf.items():
        name = key.replace("_xlsx", "") + (".xlsx" if "xlsx" in key else ".pdf")
        (ARTIFACTS / name).write_bytes(content)
    return result


def expected_headings(language: str) -> list[str]:
    """Items 1 to 13 of Annex 1 with their numbers, in the order of the form."""
    form = FORM_WORDING[language]
    headings = [f"{n}. {form[f'item{n}']}" for n in range(1, 6)]
    headings += [f"{code}. {form[code]}" for code in ("5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9",
                                                     "5.10")]
    headings += [f"6. {form['item6']}", f"7. {form['item7']}", f"8. {form['item8']}", "8.1.",
                 f"9. {form['item9']}", f"10. {form['item10']}", f"11. {form['item11']}", form["item11_when"],
                 form["item11_member"], form["item11_familiar"], form["item11_briefer"],
                 f"12. {form['item12']}", form["item12_handed"], form["item12_count"], form["item12_accepted"],
                 form["item12_permitted"], f"13. {form['item13']}", form["item13_cleared"], form["item13_handed"],
                 form["item13_accepted"]]
    return headings


def copies(language: str, text: str) -> list[str]:
    """The text of copy 1 and of copy 2."""
    with translation.override(language):
        first, second = gettext("Copy %(number)s") % {"number": 1}, gettext("Copy %(number)s") % {"number": 2}
    assert text.count(first) == 1 and text.count(second) == 1
    start_1, start_2 = text.index(first), text.index(second)
    assert start_1 < start_2
    return [text[start_1:start_2], text[start_2:]]


def assert_in_order(needles: list[str], haystack: str) -> None:
    flat, position = squash(haystack), 0
    for needle in needles:
        found = flat.find(squash(needle), position)
        assert found >= 0, f"{needle!r} missing (or out of order) after position {position}"
        position = found + len(squash(needle))


# --- The permit ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_permit_prints_items_1_to_13_in_order_in_its_language_in_each_copy(scenario, language):
    text = scenario.text(f"permit_{language}")
    form = FORM_WORDING[language]
    for copy in copies(language, text):
        assert_in_order([form["org_site_workshop"], form["permit_title"] % {"number": "2/2026"},
                         *expected_headings(language)], copy)
    if language != "en":  # the statutory headings are not the English ones
        assert squash(FORM_WORDING["en"]["item1"]) not in squash(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_permit_prints_the_filled_values_under_their_items(scenario, language):
    facts = scenario.facts
    form = FORM_WORDING[language]
    copy = copies(language, scenario.text(f"permit_{language}"))[0]
    assert_in_order([f"1. {form['item1']}", facts["performer"], form["item1_hint"],
                     f"2. {form['item2']}", PLACE, "Replace the flange gasket", form["item2_hint"],
                     f"5.4. {form['5.4']}", "P-12 flange", "H2S",
                     f"5.10. {form['5.10']}", JOINT, {"kk": "344 бұйрық, 7-тармақ", "ru": "Приказ 344, п. 7",
                                                      "en": "344 cl.7"}[language],
                     f"6. {form['item6']}", f"SHA-256 {facts['issue_hash']}",
                     f"11. {form['item11']}", *facts["crew"],
                     form["item11_started"] % {"count": 3},
                     f"12. {form['item12']}", facts["performer"],
                     f"13. {form['item13']}", "24.11.2026 02:40"], copy)
    assert squash("Plan of the P-12 bay") in squash(copy)
    with translation.override(language):
        assert gettext("Signed electronically: %(name)s, %(role)s, %(when)s, %(method)s, SHA-256 %(hash)s").split(
            "%(name)s")[0].strip() in copy


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unfilled_measure_prints_a_dash(scenario, language):
    """344 cl.5: the hot-work permit has nothing under 5.6 to 5.9: each is listed with a dash."""
    form = FORM_WORDING[language]
    copy = squash(copies(language, scenario.text(f"permit_{language}"))[0])
    for code in ("5.6", "5.7", "5.8", "5.9"):
        assert squash(f"{code}. {form[code]}{DASH}{form[f'{code}_hint']}") in copy, code


def test_each_copy_starts_on_a_new_page(scenario):
    pages = scenario.pages("permit_kk")
    with translation.override("kk"):
        marks = [gettext("Copy %(number)s") % {"number": n} for n in (1, 2)]
    first = [i for i, page in enumerate(pages) if marks[0] in page]
    second = [i for i, page in enumerate(pages) if marks[1] in page]
    assert first == [0]
    assert len(second) == 1 and second[0] > 0
    # Copy 2 begins its page: nothing of copy 1 (its last section) shares the page.
    page = squash(pages[second[0]])
    assert page.index(squash(marks[1])) < page.index(squash(f"1. {FORM_WORDING['kk']['item1']}"))
    assert squash("13. " + FORM_WORDING["kk"]["item13"]) not in page[:page.index(squash(marks[1]))]
    assert len(pages) == 2 * second[0]  # the two copies have the same number of pages


def _qr_segments(content: str) -> set[tuple[float, float, float]]:
    """The horizontal runs of dark modules an SVG QR code leaves in a PDF content stream (module units)."""
    pattern = re.compile(r"(\d+(?:\.\d+)?) (\d+\.5) m\s+(\d+(?:\.\d+)?) \2 l")
    return {(float(a), float(c), float(b)) for a, b, c in pattern.findall(content)}


def _expected_qr_segments(url: str, border: int = 4) -> set[tuple[float, float, float]]:
    segments = set()
    for row, modules in enumerate(segno.make_qr(url, error="m").matrix):
        column = 0
        while column < len(modules):
            if modules[column]:
                end = column
                while end < len(modules) and modules[end]:
                    end += 1
                segments.add((float(column + border), float(end + border), row + border + 0.5))
                column = end
            else:
                column += 1
    return segments


@pytest.mark.parametrize("language", ["kk", "en"])
def test_each_copy_carries_the_qr_code_of_the_live_permit_page(scenario, language, settings):
    url = settings.SITE_URL + scenario.permit_url[language]
    assert f"/{language}/" in url
    reader = PdfReader(io.BytesIO(scenario.pdf[f"permit_{language}"]))
    wanted = _expected_qr_segments(url)
    with translation.override(language):
        mark = gettext("Copy %(number)s") % {"number": 2}
    copy_pages = [0, next(i for i, page in enumerate(reader.pages) if mark in page.extract_text())]
    for index in copy_pages:
        page = reader.pages[index]
        assert wanted <= _qr_segments(page.get_contents().get_data().decode("latin-1")), index
        links = [a.get_object().get("/A", {}).get("/URI") for a in page.get("/Annots", [])]
        assert url in links
    assert url in scenario.text(f"permit_{language}").replace("\n", "")


def test_every_page_says_the_electronic_record_is_authoritative_and_is_numbered_within_its_copy(scenario):
    """Each copy is a document of its own (344 cl.5): its pages are numbered 1 to M, not on through the other copy."""
    pages = scenario.pages("permit_en")
    per_copy = len(pages) // 2
    assert per_copy >= 2 and len(pages) == 2 * per_copy
    for index, page in enumerate(pages):
        assert "the electronic record is authoritative" in page.replace("\n", " ")
        assert page.rstrip().endswith(f"Page {index % per_copy + 1} of {per_copy}")


def test_a_draft_is_marked_on_every_page(scenario):
    pages = scenario.pages("draft_en")
    assert len(pages) >= 2
    for page in pages:
        assert "DRAFT — not valid for work" in page
    text = scenario.text("draft_en")
    assert squash(FORM_WORDING["en"]["permit_title"] % {"number": DASH}) in squash(text)
    assert "Compressor house" in text


def test_a_cancelled_permit_carries_its_status_on_every_page(scenario):
    with translation.override("ru"):
        banner = gettext("%(status)s — not valid for work") % {"status": Status.CANCELLED.label.upper()}
    pages = scenario.pages("cancelled_ru")
    for page in pages:
        assert banner in page
    text = scenario.text("cancelled_ru")
    assert "Work postponed" in text
    assert squash(FORM_WORDING["ru"]["permit_title"] % {"number": "1/2026"}) in squash(text)
    assert JOINT in text.replace("\n", " ")  # the joint measure of 344 cl.7 is on both permits


# --- The register -------------------------------------------------------------------------------------------------


def test_register_lists_every_numbered_permit_in_number_order_with_its_readmission(scenario):
    form = FORM_WORDING["kk"]
    pages = scenario.pages("register_kk")
    title, table = pages[0], "\n".join(pages[1:])
    assert squash(form["register_title"]) in squash(title)
    with translation.override("kk"):
        laced = gettext("Laced and numbered: %(pages)s pages") % {"pages": len(pages)}
        cancelled = str(Status.CANCELLED.label)
    assert squash(laced) in squash(title)
    seq, entry_hash = scenario.facts["chain"]
    assert entry_hash in squash(title)
    assert str(seq) in title
    assert_in_order([form["register_initial"], form["register_readmission"], form["register_number"],
                     form["register_issuer"], form["register_nature"]], table)
    initial, readmission = scenario.facts["periods"]
    rows = scenario.facts["rows_kk"]
    assert [r.display_number for r in rows] == ["1/2026", "2/2026", "3/2026"]
    assert rows[1].initial == ["23.11.2026 09:00 – 23.11.2026 13:00"]
    assert rows[1].readmissions == ["23.11.2026 14:00 – 24.11.2026 02:40"]
    assert (initial.kind, readmission.kind) == ("initial", "readmission")
    # Each row reads as the form's columns: initial admission, re-admissions, number, issuer, nature of the work.
    assert_in_order(["1/2026", cancelled, "23.11.2026 09:00 – 23.11.2026 13:00", "23.11.2026 14:00 – 24.11.2026 02:40",
                     "2/2026", "3/2026", "Tank farm"], table)
    assert squash(form["register_note"]) in squash(table)
    for number, page in enumerate(pages, start=1):
        assert page.rstrip().endswith(f"{len(pages)} беттің {number}-беті") or page.rstrip().endswith(
            f"Page {number} of {len(pages)}")


def test_register_pdf_is_landscape(scenario):
    page = PdfReader(io.BytesIO(scenario.pdf["register_kk"])).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_register_xlsx_has_the_same_rows(scenario):
    workbook = openpyxl.load_workbook(io.BytesIO(scenario.pdf["register_xlsx_ru"]))
    sheet = workbook.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    form = FORM_WORDING["ru"]
    assert list(values[0][:5]) == [form["register_initial"], form["register_readmission"], form["register_number"],
                                   form["register_issuer"], form["register_nature"]]
    rows = scenario.facts["rows_ru"]
    assert [v[2] for v in values[1:]] == [r.display_number for r in rows] == ["1/2026", "2/2026", "3/2026"]
    for value, row in zip(values[1:], rows, strict=True):
        # 344 cl.5: an empty column holds the dash, in the XLSX as in the PDF.
        assert value[0] == ("\n".join(row.initial) or DASH)
        assert value[1] == ("\n".join(row.readmissions) or DASH)
        assert value[3] == row.issuer
        assert value[4] == row.nature
    assert values[2][1] == "23.11.2026 14:00 – 24.11.2026 02:40"
    with translation.override("ru"):
        assert values[1][5] == str(Status.CANCELLED.label)
    about = [cell for row in workbook.worksheets[1].iter_rows(values_only=True) for cell in row if cell is not None]
    assert scenario.facts["chain"][1] in about


def test_register_queries_do_not_grow_with_the_number_of_permits(site, clock):
    site.admitted()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = register_rows(organisation=site.org, year=2026)
            assert rows
        return len(queries)

    one = count()
    site.issued(place="Tank farm", devices=[], approvers=[])
    site.issued(place="Flare", devices=[], approvers=[])
    assert count() == one <= 3


# --- The admission certificate ------------------------------------------------------------------------------------


def test_certificate_prints_every_part_of_annex_3(scenario):
    form = FORM_WORDING["en"]
    text = scenario.text("certificate_en")
    assert_in_order([form["cert_title"], "24.11.2026", "«Қауіпсіз Мұнай» ЖШС", form["organisation_hint"],
                     form["cert_we"], "Smenov", form["cert_drawn_up"],
                     form["cert_site"], "Axes A-D / 1-6, marks 0.000 to +12.000, drawings KM-101, KM-102",
                     form["cert_site_hint"], form["cert_work"], "Dismantling of the old flare stack",
                     form["cert_guidance"], "Podryadchikov", "Биік Құрылыс ЖШС",
                     form["cert_begin"], "25.11.2026", form["cert_end"], "20.12.2026",
                     form["cert_measures"], form["cert_no"], form["cert_measure"], form["cert_deadline"],
                     form["cert_executor"],
                     "1", "Fence the site and post warning signs", "25.11.2026", "Smenov Ivan, head of the shop",
                     "2", "Disconnect the flare header and install plugs", "25.11.2026", "Dopuskov Ivan, foreman",
                     form["cert_shop_head"], "Signed electronically: Smenov",
                     form["cert_rep"], "Signed electronically: Podryadchikov",
                     form["cert_note"]], text)


@pytest.mark.parametrize(("method", "cms_status", "expected"), [
    ("password", "", "password"), ("pin", "", "PIN"), ("cms", "valid", "ЭЦП, verified"),
    ("cms", "not_verified", "ЭЦП, not verified"),
])
def test_signature_marks_say_who_signed_as_what_when_and_how(method, cms_status, expected):
    signature = Signature(signer_name="Dopuskov Ivan", role="admitting_person", competence_role="admitting_person",
                          signed_at=datetime.datetime(2026, 11, 23, 4, 14, tzinfo=datetime.UTC), method=method,
                          cms_status=cms_status, content_hash="ab12" * 16)
    with translation.override("en"):
        mark = signature_mark(signature)
        role = str(CompetenceRole.ADMITTING_PERSON.label)
    # 04:14 UTC is 09:14 in Almaty, printed day first.
    assert mark == f"Signed electronically: Dopuskov Ivan, {role}, 23.11.2026 09:14, {expected}, SHA-256 ab12ab12ab12"


def test_documents_refuse_a_language_the_application_does_not_speak():
    with pytest.raises(ValueError, match="de"):
        permit_pdf(Permit(), language="de")


def test_render_times_stay_reasonable(scenario):
    """A permit of two copies must print in well under a second even on a busy 2-core machine (Typst takes tens of
    milliseconds; benchmarks/pdf_render.py has the figures)."""
    print({key: round(seconds, 2) for key, seconds in scenario.seconds.items()})  # shown with pytest -s
    assert scenario.seconds["permit_kk"] < 5, scenario.seconds
    assert scenario.seconds["register_xlsx_ru"] < 5
