"""The layout fixes of the printed permit that came with Typst: the organisation line stays clear of the QR code."""

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

from pypdf import PdfReader

from qauipsiz.permits.documents import permit_pdf

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
