"""The printed forms through the API (Annex 1-3): the permit, the register and the certificate as PDF, the register as
XLSX, with the pages' permissions and access records; a form in an unknown language is refused, on the pages too; the
register's XLSX closes its empty columns with the dash as the PDF does (344 cl.5)."""

import io

import openpyxl
import pytest

from qauipsiz.accounts.choices import AccessKind, Role
from qauipsiz.accounts.models import AccessEvent
from qauipsiz.documents.marks import DASH
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.documents import register_xlsx
from qauipsiz.permits.models import Permit
from tests import factories as f

from .test_344_cl18_certificate_refused import draft_certificate
from .test_api import Api, _user, as_, error
from .test_views_support import as_user, english, url  # noqa: F401 - the fixture

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(response, content_type: str, magic: bytes) -> bytes:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == content_type and response.content.startswith(magic)
    assert response["Cache-Control"] == "private, no-store"
    return response.content


# --- Annex 1: the permit ---------------------------------------------------------------------------------------------

def test_344_annex1_the_permit_pdf_through_the_api_as_on_the_page(site):
    permit = site.issued()
    response = as_(site.issuer).get(f"/{permit.pk}/pdf", {"language": "ru"})
    _file(response, PDF, b"%PDF")
    assert "permit-1-2026-ru.pdf" in response["Content-Disposition"]
    event = AccessEvent.objects.get(kind=AccessKind.PRINT)
    assert (event.object_type, event.object_id, event.user) == ("permits.permit", str(permit.pk), site.issuer.user)
    assert event.path.startswith("/api/v1/permits/")


def test_344_annex1_the_permit_pdf_is_refused_to_whom_the_page_refuses_it(site):
    permit = site.issued()
    error(Api(f.user(Role.HEAD, f.organisation("Other refinery"))).get(f"/{permit.pk}/pdf"), 404)
    error(Api(f.user()).get(f"/{permit.pk}/pdf"), 404)
    assert Api(f.user()).client.get(f"/api/v1/permits/{permit.pk}/pdf", HTTP_AUTHORIZATION="").status_code == 401
    assert not AccessEvent.objects.filter(kind=AccessKind.PRINT).exists()


@pytest.mark.parametrize("language", ["de", "KK", "kk-x", ""])
def test_344_annex1_a_pdf_in_an_unknown_language_is_refused_not_printed_in_kk(site, language):
    permit = site.issued()
    api = as_(site.issuer)
    body = error(api.get(f"/{permit.pk}/pdf", {"language": language}), 422)
    assert body["errors"] == {"language": ["Select a valid choice. That choice is not one of the available choices."]}
    assert not AccessEvent.objects.filter(kind=AccessKind.PRINT).exists()
    # Without one, the caller's language.
    response = api.client.get(f"/api/v1/permits/{permit.pk}/pdf")
    _file(response, PDF, b"%PDF")
    assert "-en.pdf" in response["Content-Disposition"]


@pytest.mark.usefixtures("english")
def test_344_annex1_the_page_refuses_an_unknown_language_too(client, site):
    permit = site.issued()
    client = as_user(client, site.issuer)
    for name, args in (("pdf", [permit.pk]), ("register-pdf", []), ("register-xlsx", [])):
        response = client.get(url(name, *args), {"language": "de", "organisation": site.org.pk, "year": 2026})
        assert response.status_code == 400, name
        page = response.content.decode()
        assert "kk, ru, en" in page and "de" in page
    assert not AccessEvent.objects.filter(kind__in=[AccessKind.PRINT, AccessKind.EXPORT]).exists()
    response = client.get(url("pdf", permit.pk), {"language": "en"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# --- Annex 2: the register -------------------------------------------------------------------------------------------

def test_344_annex2_the_register_pdf_and_xlsx_through_the_api(site):
    site.issued()
    head = Api(f.user(Role.HEAD, site.org))
    query = {"organisation": site.org.pk, "year": 2026}
    _file(head.get("/register/pdf", {**query, "language": "kk"}), PDF, b"%PDF")
    content = _file(head.get("/register/xlsx", query), XLSX, b"PK")
    assert AccessEvent.objects.filter(kind=AccessKind.PRINT, organisation=site.org).count() == 1
    assert AccessEvent.objects.filter(kind=AccessKind.EXPORT, organisation=site.org).count() == 1
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["1/2026"]
    error(head.get("/register/pdf", {"organisation": site.org.pk}), 422)
    error(head.get("/register/xlsx", {**query, "language": "de"}), 422)


def test_344_annex2_the_register_is_refused_to_whom_the_page_refuses_it(site):
    site.issued()
    query = {"organisation": site.org.pk, "year": 2026}
    outsider = Api(f.user(Role.HEAD, f.organisation("Other refinery")))
    error(outsider.get("/register/pdf", query), 404)
    error(outsider.get("/register/xlsx", query), 404)
    # Someone who sees only some of the book's permits gets the register page, not the printed book (403).
    other_division = f.division(site.org, "Shop No. 9")
    f.appointment(site.issuer, divisions=[other_division])  # the issuer may draw it up there (issue 11, 344 cl.16)
    elsewhere = site.draft(division=other_division, devices=[], facility=None)
    # Numbered as the issue numbers it: only the register's count matters here, not how it got there.
    Permit.objects.filter(pk=elsewhere.pk).update(number=2, year=2026, status=Status.ISSUED)
    partial = Api(_user(Role.DIVISION_HEAD, site.org, division=other_division))
    body = error(partial.get("/register/pdf", query), 403)
    assert "register page" in body["detail"]
    error(partial.get("/register/xlsx", query), 403)
    assert not AccessEvent.objects.filter(kind__in=[AccessKind.PRINT, AccessKind.EXPORT]).exists()


def test_344_cl05_the_register_xlsx_prints_the_dash_where_the_pdf_does(site):
    """344 cl.5: "in the columns that do not require filling, a dash is put": the XLSX as the PDF."""
    permit = site.issued()  # issued, never admitted: no initial admission, no re-admission
    sheet = openpyxl.load_workbook(io.BytesIO(register_xlsx(organisation=site.org, year=2026, language="ru")))
    rows = list(sheet.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == (DASH, DASH, permit.display_number)
    empty = openpyxl.load_workbook(io.BytesIO(register_xlsx(organisation=site.org, year=2025, language="ru")))
    assert list(empty.worksheets[0].iter_rows(min_row=2, values_only=True))[0][:5] == (DASH,) * 5


# --- Annex 3: the admission certificate ------------------------------------------------------------------------------

def test_344_annex3_the_certificate_pdf_through_the_api(site):
    certificate = services.certificate_create(by=site.supervisor.user, certificate=draft_certificate(site),
                                              measures=[])
    api = as_(site.supervisor)
    response = api.get(f"/certificates/{certificate.pk}/pdf", {"language": "en"})
    _file(response, PDF, b"%PDF")
    assert f"admission-certificate-draft-{certificate.pk}-en.pdf" in response["Content-Disposition"]
    event = AccessEvent.objects.get(kind=AccessKind.PRINT)
    assert (event.object_type, event.object_id) == ("permits.admissioncertificate", str(certificate.pk))
    error(Api(f.user(Role.HEAD, f.organisation("Other refinery"))).get(f"/certificates/{certificate.pk}/pdf"), 404)
    error(api.get(f"/certificates/{certificate.pk}/pdf", {"language": "fr"}), 422)
    assert AccessEvent.objects.filter(kind=AccessKind.PRINT).count() == 1
