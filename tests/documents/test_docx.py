"""Word documents to edit before signing: a bundled .docx template filled in with Kazakh and hostile text, served
through the one download helper."""

import io
import zipfile

import pytest
from django.utils.translation import gettext_lazy
from docx import Document

from qauipsiz.core.exports import DOCX
from qauipsiz.documents.docx import DOCX_DIR, docx_response, render_docx
from tests.core.test_download import filename_of

from .conftest import KAZAKH_CAPITALS, KAZAKH_TEXT

SPECIMEN = DOCX_DIR / "specimen.docx"
HOSTILE = '{{ 7*7 }} {% raw %} </w:t></w:r><w:r><w:t>injected & <b>bold</b> "quoted" \'single\' ]]>'


def paragraphs(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return texts


def context(**changes):
    return {"title": KAZAKH_CAPITALS, "body": KAZAKH_TEXT, "heading": gettext_lazy("Status"),
            "items": ["Бірінші", "Екінші"], "signed_by": "Әлібеков Ұ. Қ.", **changes}


def test_kazakh_text_fills_the_template():
    texts = paragraphs(render_docx(template=SPECIMEN, context=context(), language="kk"))
    assert KAZAKH_CAPITALS in texts
    assert KAZAKH_TEXT in texts
    assert "1. Бірінші" in texts and "2. Екінші" in texts
    assert "Әлібеков Ұ. Қ. ____________" in texts
    assert "Мәртебесі" in texts  # a lazy translation, in the document's language


@pytest.mark.parametrize("field", ["title", "body", "heading", "signed_by"])
def test_hostile_text_is_printed_as_typed(field):
    data = render_docx(template=SPECIMEN, context=context(**{field: HOSTILE}), language="ru")
    texts = paragraphs(data)
    assert any(HOSTILE in text for text in texts)
    assert "49" not in "".join(texts)  # the {{ 7*7 }} in a value was not evaluated
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<w:t>injected" not in body and "<b>" not in body  # escaped, not Word's XML


def test_a_template_outside_the_package_is_refused(tmp_path):
    outside = tmp_path / "act.docx"
    outside.write_bytes(SPECIMEN.read_bytes())
    with pytest.raises(ValueError, match="package"):
        render_docx(template=outside, context=context(), language="kk")


def test_the_document_is_served_through_the_download_helper():
    name = "Өндірістік бақылау актісі №3.docx"
    response = docx_response(template=SPECIMEN, context=context(), language="kk", filename=name)
    assert response["Content-Type"] == DOCX
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert filename_of(response) == name
    assert KAZAKH_TEXT in paragraphs(response.content)
