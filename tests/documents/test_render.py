"""render_pdf (Typst), the data that goes in as JSON and nothing else, the pages numbered, the QR codes."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from qauipsiz.documents.marks import qr_svg
from qauipsiz.documents.render import PACKAGE_DIR, DocumentError, render_pdf

from .conftest import KAZAKH_CAPITALS, KAZAKH_TEXT, SPECIMEN
from .pdftext import page_texts, pdf_text


def test_kazakh_text_is_extracted_exactly(sample_data):
    pdf = render_pdf(template=SPECIMEN, data=sample_data, language="kk")
    assert pdf.startswith(b"%PDF-")
    lines = pdf_text(pdf).splitlines()
    assert KAZAKH_TEXT in lines
    assert f"{KAZAKH_CAPITALS} {KAZAKH_CAPITALS}" in lines  # bold, then oblique


def test_form_pieces_number_items_and_dash_empty_fields(sample_data):
    text = pdf_text(render_pdf(template=SPECIMEN, data=sample_data, language="ru"))
    lines = text.splitlines()
    assert "1. First Сварочные работы" in lines
    assert "1.1. Nested —" in lines
    assert "2. Second —" in lines  # no signature: a dash
    assert "1. Filled Сварочные работы" in lines
    assert "2. Empty —" in lines
    assert lines[-1] == "Footer caption Страница 1 из 1"


@pytest.mark.parametrize(("language", "page_label"), [
    ("kk", "1 беттің 1-беті"), ("ru", "Страница 1 из 1"), ("en", "Page 1 of 1"),
])
def test_renders_in_the_language_asked_for(sample_data, language, page_label):
    with translation.override("ru" if language != "ru" else "en"):
        outside = translation.get_language()
        text = pdf_text(render_pdf(template=SPECIMEN, data=sample_data, language=language))
        assert translation.get_language() == outside  # the override ends with the rendering
    assert text.endswith(page_label)


def test_an_unknown_language_is_refused(sample_data):
    with pytest.raises(ValueError, match="de"):
        render_pdf(template=SPECIMEN, data=sample_data, language="de")


def test_every_page_is_numbered_out_of_the_total(sample_data):
    pages = page_texts(render_pdf(template=SPECIMEN, data={**sample_data, "extra_pages": [2, 3]}, language="kk"))
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"Footer caption 3 беттің {number}-беті")
    assert "Page body 3" in pages[2]


def test_a_long_table_repeats_its_header_and_keeps_the_closing_note_with_its_last_row(sample_data):
    data = {**sample_data, "qr": qr_svg("https://qauipsiz.example.kz/"), "extra_rows": ["Row"] * 60}
    pages = page_texts(render_pdf(template=SPECIMEN, data=data, language="en"))
    assert len(pages) == 2
    assert "1. Filled Сварочные работы" in pages[0].splitlines()
    assert pages[1].startswith("№ Name Value")  # the header row is repeated
    last = pages[1].splitlines()
    assert last[last.index("Closing note") - 1] == "62. Row —"


def test_the_closing_note_never_stands_alone_on_a_page(sample_data):
    """However many rows push the table to the page's end, the note goes over with the last row, never alone."""
    for rows in range(30, 90):
        pages = page_texts(render_pdf(template=SPECIMEN, data={**sample_data, "extra_rows": ["Row"] * rows},
                                      language="en"))
        last = pages[-1].splitlines()
        note = last.index("Closing note")
        assert note > 0 and last[note - 1] == f"{rows + 2}. Row —", rows


# --- Nothing but the package's files ------------------------------------------------------------------------------


def test_a_template_outside_the_package_is_refused(tmp_path, sample_data):
    outside = tmp_path / "form.typ"
    outside.write_text("Hello")
    with pytest.raises(ValueError, match="package"):
        render_pdf(template=outside, data=sample_data, language="kk")
    with pytest.raises(ValueError, match="package"):
        render_pdf(template=PACKAGE_DIR.parent / "pyproject.toml", data=sample_data, language="kk")


@pytest.mark.parametrize("source", [
    '#read("../../../pyproject.toml")',
    '#read("/../pyproject.toml")',
    '#image("/etc/passwd")',
    '#read("/etc/hostname")',
])
def test_a_template_cannot_read_files_outside_the_package(package_template, sample_data, source):
    with pytest.raises(DocumentError):
        render_pdf(template=package_template(source), data=sample_data, language="kk")


def test_a_template_error_is_a_document_error(package_template, sample_data):
    with pytest.raises(DocumentError):
        render_pdf(template=package_template("#let x = ("), data=sample_data, language="kk")


# --- QR codes -----------------------------------------------------------------------------------------------------


def test_qr_code_is_svg_with_a_view_box_and_no_size():
    svg = ET.fromstring(qr_svg("https://qauipsiz.example.kz/kk/permits/12/"))  # noqa: S314 - segno's own output
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "viewBox" in svg.attrib  # sized by the template
    assert "width" not in svg.attrib


def test_qr_code_of_a_short_text_is_never_a_micro_qr():
    size = int(re.search(r'viewBox="0 0 (\d+)', qr_svg("12"))[1])
    assert size >= 21 + 2 * 4  # the smallest full QR code (version 1) with its quiet zone


def test_qr_code_prints(sample_data):
    pdf = render_pdf(template=SPECIMEN, data={**sample_data, "qr": qr_svg("https://qauipsiz.example.kz/")},
                     language="kk")
    assert KAZAKH_TEXT in pdf_text(pdf).splitlines()


def test_no_template_imports_a_typst_package():
    """Typst would download a `@preview/...` package from the network: the forms import only files of the package."""
    templates = sorted(PACKAGE_DIR.rglob("*.typ"))
    assert len(templates) >= 5
    for template in templates:
        assert not re.search(r'#import\s+"@', template.read_text()), template
