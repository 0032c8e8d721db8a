"""The one download helper for every file the application hands out (PDF, XLSX, DOCX): RFC 5987 file names in any
language with an ASCII fallback, the type from the extension, never cached."""

import re
from urllib.parse import unquote

import pytest
from openpyxl import Workbook

from qauipsiz.core import exports
from qauipsiz.core.exports import DOCX, PDF, XLSX, download
from qauipsiz.documents import render

KAZAKH_NAME = "Рұқсат-наряд №12 Қарағанды.pdf"


def filename_of(response) -> str:
    """The name a browser saves the file under (RFC 6266: filename* wins over filename)."""
    header = response["Content-Disposition"]
    if extended := re.search(r"filename\*=UTF-8''([^;\s]+)", header):
        return unquote(extended[1], encoding="utf-8", errors="strict")
    return re.search(r'filename="((?:[^"\\]|\\.)*)"', header)[1]


@pytest.mark.parametrize(("suffix", "content_type"), [(".pdf", PDF), (".xlsx", XLSX), (".docx", DOCX)])
def test_a_kazakh_file_name_by_rfc_5987_with_an_ascii_fallback(suffix, content_type):
    name = KAZAKH_NAME.replace(".pdf", suffix)
    response = download(b"content", name)
    header = response["Content-Disposition"]
    assert response["Content-Type"] == content_type
    assert header.isascii()
    assert header.startswith("attachment; ")
    assert f'filename="No12{suffix}"' in header  # for clients that ignore filename*
    assert "filename*=UTF-8''%D0%A0%D2%B1%D2%9B%D1%81%D0%B0%D1%82-%D0%BD%D0%B0%D1%80%D1%8F%D0%B4%20%E2%84%9612%20" in header
    assert filename_of(response) == name
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == "7"


def test_a_document_with_save_is_written_into_the_response():
    workbook = Workbook()
    workbook.active["A1"] = "Қ"
    response = download(workbook, "тізім.xlsx")
    assert response.content.startswith(b"PK")
    assert response["Content-Type"] == XLSX
    assert response["Content-Length"] == str(len(response.content))
    assert filename_of(response) == "тізім.xlsx"


def test_the_old_names_are_the_one_helper():
    assert exports.xlsx_download is download
    assert render.pdf_response.func is download
    assert render.content_disposition is exports.content_disposition


def test_pdf_response_is_shown_in_place_by_default():
    name = "Рұқсат-наряд №12.pdf"
    response = render.pdf_response(b"%PDF-1.7 test", name)
    header = response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == "13"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b"%PDF-1.7 test"
    assert header.isascii()
    assert header.startswith("inline; ")
    assert "filename*=UTF-8''%D0%A0%D2%B1%D2%9B%D1%81%D0%B0%D1%82-%D0%BD%D0%B0%D1%80%D1%8F%D0%B4%20%E2%84%9612.pdf" in header
    assert 'filename="No12.pdf"' in header
    assert filename_of(response) == name


def test_pdf_response_as_attachment_with_plain_name():
    response = render.pdf_response(b"%PDF", "permit-12.pdf", inline=False)
    assert response["Content-Disposition"] == 'attachment; filename="permit-12.pdf"'


@pytest.mark.parametrize("name", ['bad"name\r\n.pdf', "Ә\\Қ.pdf", "../../etc/passwd.pdf", "   .pdf"])
def test_a_file_name_cannot_break_the_header(name):
    response = download(b"%PDF", name)
    header = response["Content-Disposition"]
    assert header.isascii()
    assert not set('\r\n\\') & set(header)
    assert header.count('"') == 2
    assert filename_of(response) == name
