"""344 cl.13, cl.9, cl.15 through the API: the register (Annex 2) never loses a line. `GET /register` has the lines the
book kept of its purged permits in number order with the live ones, and takes the book (the organisation's own or a
contractor's) the way the register page does, with the same permissions; the register's PDF and XLSX from the API read
the kept lines too. An outsider gets 404; a contractor's representative reads only his contractor's book."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.permits import selectors
from tests import factories as f
from tests.documents.pdftext import pdf_text

from .conftest import START, staff
from .test_344_cl09_cl15_contractor_register import books  # noqa: F401 - the fixture
from .test_344_cl13_cl15_register_archive import YEAR, purged_book
from .test_api import as_, assert_conforms, error, ok


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def head(site):
    return f.user(Role.HEAD, site.org)


def xlsx_numbers(response) -> list:
    assert response.status_code == 200
    return [row[2] for row in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(
        values_only=True)]


def test_344_cl13_api_register_has_the_kept_line_in_number_order(site, clock, head):
    before, purged, kept = purged_book(site, clock, head)
    body = ok(as_(head).get("/register", {"organisation": site.org.pk, "year": YEAR}))
    assert_conforms(body, "RegisterPage")
    assert body["count"] == 2
    first, second = body["items"]
    assert (first["permit"], first["number"], first["kept"]) == (purged.pk, 1, True)
    assert (second["permit"], second["number"], second["kept"]) == (kept.pk, 2, False)
    # The kept line's columns are those the page and the printed register show, as before the purge.
    assert first["display_number"] == "1/2026" and first["issuer_name"].startswith("Issuerov")
    assert first["initial"] == before[0].initial == ["23.11.2026 09:00 – 23.11.2026 13:00"]
    assert first["readmissions"] == ["23.11.2026 14:00 – 23.11.2026 17:00"]
    assert first["nature"] == "Hot work: Replace the flange gasket (Unit AVT-6, pump P-12 bay)"
    assert [p["kind"] for p in first["periods"]] == ["initial", "readmission"]
    assert first["status"] == "closed" and first["division"]["id"] == site.division.pk
    assert first["issuer"] is None and first["performer"] is None and first["admitting_persons"] == []
    # The live permit's row has the permit's records as well.
    assert second["issuer"]["id"] == site.issuer.pk and second["nature"].endswith("(Tank T-3 roof)")
    assert second["status"] == "issued" and second["initial"] == [] and second["periods"] == []
    # The same rows, in the same order, as the register page reads.
    page = selectors.register_rows_for_page(head, site.org, YEAR)
    assert [(r["number"], r["kept"]) for r in body["items"]] == [(r.number, r.purged) for r in page]
    # Paging goes by number, across the kept lines and the live permits.
    paged = ok(as_(head).get("/register", {"organisation": site.org.pk, "year": YEAR, "limit": 1, "offset": 0}))
    assert paged["count"] == 2 and [r["number"] for r in paged["items"]] == [1]
    paged = ok(as_(head).get("/register", {"organisation": site.org.pk, "year": YEAR, "limit": 1, "offset": 1}))
    assert [r["number"] for r in paged["items"]] == [2]


def test_344_cl13_api_register_pdf_and_xlsx_read_the_kept_line(site, clock, head):
    purged_book(site, clock, head)
    api = as_(head)
    query = {"organisation": site.org.pk, "year": YEAR}
    numbers = xlsx_numbers(api.get("/register/xlsx", query))
    assert "1/2026" in numbers and "2/2026" in numbers
    response = api.get("/register/pdf", {**query, "language": "en"})
    assert response.status_code == 200
    printed = " ".join(pdf_text(response.content).split())
    assert "1/2026" in printed and "Replace the flange gasket" in printed and "2/2026" in printed


def test_344_cl13_api_register_kept_line_within_the_readers_scope_and_not_for_an_outsider(site, clock, head):
    purged_book(site, clock, head)
    # The division's head reads the kept line, as on the page.
    division_head = ok(as_(site.supervisor).get("/register", {"year": YEAR}))
    assert [r["number"] for r in division_head["items"]] == [1, 2]
    outsider = as_(f.user(Role.HEAD, f.organisation("Other refinery")))
    query = {"organisation": site.org.pk, "year": YEAR}
    error(outsider.get("/register", query), 404)
    error(outsider.get("/register", {"year": YEAR}), 404)
    error(outsider.get("/register/xlsx", query), 404)
    error(outsider.get("/register/pdf", {**query, "language": "en"}), 404)


def test_344_cl09_cl15_api_register_contractor_rep_reads_his_contractors_book(site, books):  # noqa: F811
    firm, rep, own, (first, second) = books
    api = as_(rep)
    # Without the book, as on the page: his contractor's book, not the customer's.
    for query in ({"year": YEAR}, {"organisation": site.org.pk, "year": YEAR},
                  {"organisation": site.org.pk, "year": YEAR, "book": firm.pk}):
        body = ok(api.get("/register", query))
        assert [(r["permit"], r["number"]) for r in body["items"]] == [(first.pk, 1), (second.pk, 2)], query
        assert all(not r["kept"] for r in body["items"])
    sheet = api.get("/register/xlsx", {"organisation": site.org.pk, "year": YEAR})
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).worksheets[0].iter_rows(values_only=True))
    assert "Erect the scaffold" in str(rows) and "Paint the roof" not in str(rows)
    # The customer's head chooses the book; the customer's own is his default.
    customer = as_(f.user(Role.HEAD, site.org))
    assert [r["permit"] for r in ok(customer.get("/register", {"year": YEAR}))["items"]] == [own.pk]
    assert [r["permit"] for r in ok(customer.get("/register", {"year": YEAR, "book": firm.pk}))["items"]] == [
        first.pk, second.pk]


def test_344_cl09_cl15_api_register_another_contractors_rep_does_not_reach_the_book(site, books):  # noqa: F811
    firm, _rep, _own, _permits = books
    other = f.contractor(site.org, "Crane Service LLP")
    other_rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP,
                      last_name="Kranov", contractor=other)
    api = as_(other_rep)
    query = {"organisation": site.org.pk, "year": YEAR, "book": firm.pk}
    error(api.get("/register", query), 404)
    error(api.get("/register/xlsx", query), 404)
    error(api.get("/register/pdf", {**query, "language": "en"}), 404)
    # A book of another organisation's contractor, or of none, is not found either.
    error(as_(f.user(Role.HEAD, site.org)).get("/register", {"year": YEAR, "book": 999999}), 404)


def test_344_cl13_api_register_queries_do_not_grow_with_the_rows(site, clock, head):
    purged_book(site, clock, head)
    api = as_(head)
    query = {"organisation": site.org.pk, "year": YEAR}
    ok(api.get("/register", query))  # the token's first use records itself

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            ok(api.get("/register", query))
        return len(captured)

    two = count()
    clock.move_to(START)  # more permits of the same year
    for n in range(5):
        site.admitted(place=f"Bay {n}", devices=[], scope_of_work=f"Job {n}")
    assert ok(api.get("/register", query))["count"] == 7
    assert count() == two
