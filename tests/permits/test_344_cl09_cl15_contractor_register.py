"""344 cl.9, cl.13, cl.15: a contractor's permits for work on a site handed over by an admission certificate are issued
by the contractor's authorised persons (cl.9) and stored "оларды берген ұйымда", in the organisation that issued them
(cl.15): they are registered in the contractor's own book, numbered on its own, which the contractor's representative
sees, prints and exports; the customer's book holds the customer's permits."""

import io
import re

import openpyxl
import pytest
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.permits import selectors, services
from tests import factories as f
from tests.documents.pdftext import pdf_text

from .conftest import PW, staff
from .test_344_cl09_cl17_contractors import certificate
from .test_views_support import as_user, text, url

YEAR = 2026


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def books(site):
    """The customer's permit 1, and two permits of the contractor Scaffold LLP issued by its representative."""
    firm = f.contractor(site.org, "Scaffold LLP")
    rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP, last_name="Podryadov",
                contractor=firm)
    own = site.issued(place="Tank T-3 roof", devices=[], scope_of_work="Paint the roof")
    cert = certificate(site, firm, rep)
    contractor_permits = [
        services.permit_issue(permit=site.draft(contractor=firm, certificate=cert, issuer=rep, place=place, devices=[],
                                                scope_of_work=scope), by=rep.user, credentials=PW)
        for place, scope in (("Scaffold bay A", "Erect the scaffold"), ("Scaffold bay B", "Dismantle the scaffold"))]
    return firm, rep, own, contractor_permits


def numbers(html: str) -> list[str]:
    return re.findall(r'data-number="(\d+)"', html)


def test_344_cl09_cl15_contractor_permits_are_numbered_in_the_contractors_book(site, books):
    """cl.13, cl.15: each book is numbered on its own, in the order received; a permit is in one book only."""
    firm, _rep, own, (first, second) = books
    assert own.number == 1 and (first.number, second.number) == (1, 2)
    assert [r.permit_id for r in selectors.register_rows(organisation=site.org, year=YEAR)] == [own.pk]
    rows = selectors.register_rows(organisation=site.org, year=YEAR, contractor=firm)
    assert [(r.permit_id, r.display_number) for r in rows] == [(first.pk, "1/2026"), (second.pk, "2/2026")]
    assert rows[0].issuer.startswith("Podryadov")


def test_344_cl09_cl15_contractor_rep_sees_the_contractors_book(client, site, books):
    firm, rep, own, (first, second) = books
    html = text(as_user(client, rep).get(url("register"), {"year": YEAR}))
    assert numbers(html) == ["1", "2"]
    assert "Erect the scaffold" in html and "Dismantle the scaffold" in html and "Paint the roof" not in html
    assert "Scaffold LLP (contractor of" in html
    # Asking for the customer's book, or for no book, still shows only his contractor's.
    html = text(as_user(client, rep).get(url("register"), {"year": YEAR, "book": ""}))
    assert "Paint the roof" not in html and numbers(html) == ["1", "2"]


def test_344_cl09_cl15_contractor_rep_prints_and_exports_the_contractors_book(client, site, books):
    """Today's refusal ("you may see only some of them") is gone for the contractor's own book."""
    firm, rep, _own, _permits = books
    client = as_user(client, rep)
    query = {"organisation": site.org.pk, "year": YEAR, "book": firm.pk}
    response = client.get(url("register-pdf"), {**query, "language": "en"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    printed = " ".join(pdf_text(response.content).split())
    assert "Scaffold LLP (contractor of" in printed and "Erect the scaffold" in printed
    assert "Paint the roof" not in printed
    response = client.get(url("register-xlsx"), query)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert "1/2026" in cells and "2/2026" in cells
    assert not any("Paint the roof" in str(row[4]) for row in sheet.iter_rows(values_only=True))
    # Without the book in the address he gets his contractor's book too: the customer's is not his.
    response = client.get(url("register-xlsx"), {"organisation": site.org.pk, "year": YEAR})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert response.status_code == 200 and "Erect the scaffold" in str(list(sheet.iter_rows(values_only=True)))
    assert "Paint the roof" not in str(list(sheet.iter_rows(values_only=True)))


def test_344_cl09_cl15_contractor_rep_does_not_reach_another_contractors_book(client, site, books):
    firm, rep, _own, _permits = books
    other = f.contractor(site.org, "Crane Service LLP")
    other_rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP,
                      last_name="Kranov", contractor=other)
    html = text(as_user(client, other_rep).get(url("register"), {"year": YEAR, "book": firm.pk}))
    assert "Erect the scaffold" not in html and numbers(html) == []
    response = as_user(client, other_rep).get(url("register-pdf"), {"organisation": site.org.pk, "year": YEAR,
                                                                     "book": firm.pk, "language": "en"})
    assert response.status_code == 404  # he sees no permit of the organisation: no register to print


def test_344_cl09_cl15_customer_head_chooses_among_the_books(client, site, books):
    firm, _rep, _own, _permits = books
    head = f.user(Role.HEAD, site.org)
    client = as_user(client, head)
    html = text(client.get(url("register"), {"year": YEAR}))
    assert 'name="book"' in html and "Paint the roof" in html and "Erect the scaffold" not in html
    html = text(client.get(url("register"), {"year": YEAR, "book": firm.pk}))
    assert numbers(html) == ["1", "2"] and "Erect the scaffold" in html and "Paint the roof" not in html
    response = client.get(url("register-pdf"), {"organisation": site.org.pk, "year": YEAR, "book": firm.pk,
                                                "language": "ru"})
    assert response.status_code == 200


def test_344_cl09_cl15_division_issuer_prints_the_customers_book_and_reads_the_contractors(client, site, books):
    """The customer's issuer of the division sees the customer's book whole, and the contractor's permits on his
    division's site in the contractor's book."""
    firm, _rep, _own, _permits = books
    client = as_user(client, site.issuer)
    response = client.get(url("register-pdf"), {"organisation": site.org.pk, "year": YEAR, "language": "en"})
    assert response.status_code == 200 and "Erect the scaffold" not in pdf_text(response.content)
    html = text(client.get(url("register"), {"year": YEAR, "book": firm.pk}))
    assert "Erect the scaffold" in html and "Paint the roof" not in html
