"""The layout fixes that came with Typst: the organisation line stays clear of the QR code, and no page of a permit or
of the register holds the closing note alone."""

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

from django.utils import translation
from pypdf import PdfReader

from qauipsiz.documents.render import render_pdf
from qauipsiz.permits.documents import FORM_WORDING, RegisterRow, permit_context, permit_pdf, register_context
from qauipsiz.permits.documents.permit import TEMPLATE as PERMIT_TEMPLATE
from qauipsiz.permits.documents.register import TEMPLATE as REGISTER_TEMPLATE
from tests.documents.pdftext import page_texts

from .conftest import make_site

LONG_NAME = ("«Батыс Қазақстан мұнай-газ өңдеу және тасымалдау кешені» жауапкершілігі шектеулі серіктестігі, "
             "Атырау филиалы")
# The QR code as Typst draws an SVG: a scaled coordinate system (module units) at the code's top-left corner.
QR_ORIGIN = re.compile(r"q ([\d.]+) 0 0 -\1 ([\d.]+) ([\d.]+) cm/c\d+ cs 1 scn 0 0 m (\d+) 0 l")


def words(pdf: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) of one page (1-based), in points from the top-left corner."""
    # poppler-utils is a test requirement (make sysdeps-test installs it): no skipping.
    xhtml = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
                           input=pdf, capture_output=True, check=True).stdout
    tree = ET.fromstring(xhtml)  # noqa: S314 - poppler's own output of our own PDF
    return [(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
            for w in tree.iter("{http://www.w3.org/1999/xhtml}word")]


def test_the_organisation_line_never_runs_under_the_qr_code(db, clock):
    site = make_site(LONG_NAME)
    site.division.name_en = "Мұнай өңдеу зауытының №2 атмосфералық-вакуумдық айдау қондырғысы цехы"
    site.division.save()
    pdf = permit_pdf(site.draft(devices=[]), language="kk")
    reader = PdfReader(io.BytesIO(pdf))
    first_pages = [index for index, page in enumerate(reader.pages) if QR_ORIGIN.search(
        page.get_contents().get_data().decode("latin-1"))]
    assert len(first_pages) == 2  # one QR code per copy
    for index in first_pages:
        page = reader.pages[index]
        height = float(page.mediabox.height)
        scale, x, y, modules = QR_ORIGIN.search(page.get_contents().get_data().decode("latin-1")).groups()
        left, top, bottom = float(x), height - float(y), height - float(y) + float(scale) * int(modules)
        beside = [w for w in words(pdf, index + 1) if w[2] < bottom and w[4] > top]
        assert any("Батыс" in w[0] for w in beside)  # the organisation line is level with the code...
        for word, _x0, _y0, x1, _y1 in beside:
            assert x1 < left, f"{word!r} runs under the QR code"  # ...and stops before it


def _closing_follows_last_row(pdf: bytes, note_start: str, last_row: str) -> bool:
    """Every page that holds the closing note also holds, just before it, the table's last row."""
    found = False
    for page in page_texts(pdf):
        flat = " ".join(page.split())
        if note_start in flat:
            found = True
            before = flat[:flat.index(note_start)]
            if last_row not in before:
                return False
    return found


def test_the_permits_closing_note_never_stands_alone_on_a_page(db, clock):
    """However many attachments push a copy to the end of its page, the note goes over with the last one."""
    site = make_site()
    permit = site.draft(devices=[])
    with translation.override("en"):
        data = {key: value for key, value in permit_context(permit, language="en").items() if key != "permit"}
    for count in range(1, 46, 2):
        rows = [{"kind": "Plan", "title": f"Attachment {n}", "filename": f"a{n}.pdf", "sha": "0" * 12}
                for n in range(1, count + 1)]
        with translation.override("en"):
            pdf = render_pdf(template=PERMIT_TEMPLATE, data={**data, "attachments": rows}, language="en")
        assert _closing_follows_last_row(pdf, "The electronic record of this permit", f"Attachment {count} "), count


def test_the_registers_closing_note_never_stands_alone_on_a_page(db):
    """However many rows push the register to the end of a page, the note goes over with the last row."""
    site = make_site()
    with translation.override("ru"):
        data = register_context(organisation=site.org, year=2026, language="ru")
    note = FORM_WORDING["ru"]["register_note"][:40]
    for count in range(20, 44):
        rows = [RegisterRow(permit_id=n, number=n, display_number=f"{n}/2026", initial=["23.11.2026 09:00 – 23.11.2026 13:00"],
                            readmissions=[], issuer="Issuerov Ivan", nature=f"Work {n}", status="", marked="")
                for n in range(1, count + 1)]
        with translation.override("ru"):
            pdf = render_pdf(template=REGISTER_TEMPLATE, data={**data, "rows": rows}, language="ru")
        assert _closing_follows_last_row(pdf, note, f"Work {count} "), count
