"""render_pdf, the fetcher that keeps printed forms offline, pdf_response and the QR codes."""

import re
import socket
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from django.utils import translation

from qauipsiz.documents.render import (
    PACKAGE_DIR,
    PRINT_STYLESHEET,
    DocumentResourceError,
    LocalURLFetcher,
    ResourceRefused,
    css_string,
    page_counter_content,
    pdf_response,
    qr_svg_data_uri,
    render_pdf,
)

from .conftest import KAZAKH_CAPITALS, KAZAKH_TEXT
from .pdftext import pdf_text

pytestmark = pytest.mark.usefixtures("print_templates")

SAMPLE = "documents_tests/sample.html"
RESOURCE = "documents_tests/resource.html"


@pytest.fixture
def no_network(monkeypatch):
    """Fails the test on any attempt to open a network connection."""
    attempts = []

    def connect(self, address):
        attempts.append(address)
        raise AssertionError(f"a printed document tried to reach {address}")

    def getaddrinfo(host, *args, **kwargs):
        attempts.append(host)
        raise AssertionError(f"a printed document tried to look up {host}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


def test_kazakh_text_is_extracted_exactly(sample_context):
    pdf = render_pdf(template=SAMPLE, context=sample_context, language="kk")
    assert pdf.startswith(b"%PDF-")
    lines = pdf_text(pdf).splitlines()
    assert KAZAKH_TEXT in lines
    assert f"{KAZAKH_CAPITALS} {KAZAKH_CAPITALS}" in lines  # bold, then oblique


def test_form_layout_numbers_rows_and_dashes_empty_fields(sample_context):
    lines = pdf_text(render_pdf(template=SAMPLE, context=sample_context, language="ru")).splitlines()
    assert "1. First" in lines
    assert "1.1. Nested" in lines
    assert "2. Second" in lines
    assert "1. Filled Сварочные работы" in lines
    assert "2. Empty —" in lines
    assert "«Қауіпсіз» ЖШС № 12 · 05.03.2026" in lines
    assert lines[-1] == "Footer caption Страница 1 из 1"


@pytest.mark.parametrize(("language", "title", "page_label"), [
    ("kk", "Қазақ тілі", "1 беттің 1-беті"),
    ("ru", "Казахский", "Страница 1 из 1"),
    ("en", "Kazakh", "Page 1 of 1"),
])
def test_renders_in_the_language_asked_for(sample_context, language, title, page_label):
    with translation.override("ru" if language != "ru" else "en"):
        outside = translation.get_language()
        text = pdf_text(render_pdf(template=SAMPLE, context=sample_context, language=language))
        assert translation.get_language() == outside  # the override ends with the rendering
    assert title in text.splitlines()
    assert text.endswith(page_label)


def test_an_unknown_language_is_refused(sample_context):
    with pytest.raises(ValueError, match="de"):
        render_pdf(template=SAMPLE, context=sample_context, language="de")


def test_every_page_is_numbered_out_of_the_total(sample_context):
    pdf = render_pdf(template=SAMPLE, context={**sample_context, "extra_pages": [2, 3]}, language="kk")
    pages = pdf_text(pdf).split("\n\n")
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"Footer caption 3 беттің {number}-беті")
    assert "Page body 3" in pages[2]


def test_a_long_table_beside_the_qr_code_starts_on_the_first_page(sample_context):
    context = {**sample_context, "qr": qr_svg_data_uri("https://qauipsiz.example.kz/"), "extra_rows": ["Row"] * 50}
    pages = pdf_text(render_pdf(template=SAMPLE, context=context, language="en")).split("\n\n")
    assert len(pages) == 2
    assert "1. Filled Сварочные работы" in pages[0].splitlines()
    assert "52. Row —" in pages[1].splitlines()
    assert pages[1].startswith("№ Name Value")  # the header row is repeated


@pytest.mark.parametrize(("language", "expected"), [
    ("kk", 'counter(pages) " беттің " counter(page) "-беті"'),
    ("ru", '"Страница " counter(page) " из " counter(pages)'),
    ("en", '"Page " counter(page) " of " counter(pages)'),
])
def test_page_counter_follows_the_translation_word_order(language, expected):
    with translation.override(language):
        assert page_counter_content() == expected


def test_css_strings_cannot_leave_the_style_element():
    quoted = css_string('a "b" \\ </style><script>\n')
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert not set('"<>\n') & set(inner)
    assert inner.count("\\") == 8  # every escape is a hex escape
    assert css_string("Бет") == '"Бет"'


# --- QR codes -----------------------------------------------------------------------------------------------------


def _svg(uri: str) -> ET.Element:
    return ET.fromstring(unquote(uri.partition(",")[2]))  # noqa: S314 - segno's own output


def test_qr_code_is_an_svg_data_uri():
    uri = qr_svg_data_uri("https://qauipsiz.example.kz/kk/permits/12/")
    assert uri.startswith("data:image/svg+xml;charset=utf-8,")
    svg = _svg(uri)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    # Sized by the stylesheet: a viewBox and no size of its own.
    assert "viewBox" in svg.attrib
    assert "width" not in svg.attrib


def test_qr_code_of_a_short_text_is_never_a_micro_qr():
    size = int(_svg(qr_svg_data_uri("12")).attrib["viewBox"].split()[2])
    assert size >= 21 + 2 * 4  # the smallest full QR code (version 1) with its quiet zone


def test_qr_code_prints(sample_context, no_network):
    qr = qr_svg_data_uri("https://qauipsiz.example.kz/kk/permits/12/")
    pdf = render_pdf(template=SAMPLE, context={**sample_context, "qr": qr}, language="kk")
    assert KAZAKH_TEXT in pdf_text(pdf).splitlines()
    assert not no_network


# --- Nothing from the network, nothing from outside the package ----------------------------------------------------


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/logo.png",
    "https://qauipsiz.example.kz/static/logo.png",
    "HTTPS://qauipsiz.example.kz/print.css",
    "ftp://files.example.kz/logo.png",
    "file://fileserver/share/logo.png",
    "file:///etc/passwd",
    f"{PACKAGE_DIR.as_uri()}/../pyproject.toml",
    f"{PACKAGE_DIR.as_uri()}/%2e%2e/pyproject.toml",
])
def test_fetcher_refuses_the_network_and_files_outside_the_package(url, no_network):
    with pytest.raises(ResourceRefused):
        LocalURLFetcher().fetch(url)
    assert not no_network


def test_fetcher_serves_package_files_and_data_urls():
    fetcher = LocalURLFetcher()
    response = fetcher.fetch(PRINT_STYLESHEET.as_uri())
    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()
    assert fetcher.fetch("data:text/plain;charset=utf-8,%D2%9A").read() == "Қ".encode()
    with pytest.raises(FileNotFoundError):
        fetcher.fetch(f"{PACKAGE_DIR.as_uri()}/no-such-file.png")


@pytest.mark.parametrize("resource", [
    {"image": "https://qauipsiz.example.kz/static/logo.png"},
    {"image": "http://127.0.0.1:9/logo.png"},
    {"stylesheet": "https://cdn.example.com/print.css"},
    {"image": "file:///etc/hostname"},
])
def test_a_document_needing_a_refused_resource_is_not_made(resource, no_network):
    with pytest.raises(DocumentResourceError) as refused:
        render_pdf(template=RESOURCE, context=resource, language="kk")
    assert isinstance(refused.value.__cause__, ResourceRefused)
    assert not no_network


def test_relative_urls_resolve_against_base_url_and_stay_offline(no_network):
    # A file of the package, relative to the default base URL (the package's directory)...
    context = {"stylesheet": "templates/documents/print.css"}
    assert render_pdf(template=RESOURCE, context=context, language="en").startswith(b"%PDF-")
    # ...but relative to a site's address it would be a network fetch: refused.
    with pytest.raises(DocumentResourceError):
        render_pdf(template=RESOURCE, context=context, language="en", base_url="https://qauipsiz.example.kz/")
    assert not no_network


# --- The HTTP response --------------------------------------------------------------------------------------------


def _filename(response) -> str:
    """The name a browser saves the file under (RFC 6266: filename* wins over filename)."""
    header = response["Content-Disposition"]
    if extended := re.search(r"filename\*=UTF-8''([^;\s]+)", header):
        return unquote(extended[1], encoding="utf-8", errors="strict")
    return re.search(r'filename="((?:[^"\\]|\\.)*)"', header)[1]


def test_pdf_response_names_a_cyrillic_file_by_rfc_5987():
    name = "Рұқсат-наряд №12.pdf"
    response = pdf_response(b"%PDF-1.7 test", name)
    header = response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == "13"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b"%PDF-1.7 test"
    assert header.isascii()
    assert header.startswith("inline; ")
    assert "filename*=UTF-8''%D0%A0%D2%B1%D2%9B%D1%81%D0%B0%D1%82-%D0%BD%D0%B0%D1%80%D1%8F%D0%B4%20%E2%84%9612.pdf" in header
    assert 'filename="No12.pdf"' in header  # for clients that ignore filename*
    assert _filename(response) == name


def test_pdf_response_as_attachment_with_plain_name():
    response = pdf_response(b"%PDF", "permit-12.pdf", inline=False)
    assert response["Content-Disposition"] == 'attachment; filename="permit-12.pdf"'


@pytest.mark.parametrize("name", ['bad"name\r\n.pdf', "Ә\\Қ.pdf", "../../etc/passwd.pdf", "   .pdf"])
def test_pdf_response_filename_cannot_break_the_header(name):
    response = pdf_response(b"%PDF", name)
    header = response["Content-Disposition"]
    assert header.isascii()
    assert not set('\r\n\\') & set(header)
    assert header.count('"') == 2
    assert _filename(response) == name
