"""The printed forms carry their own fonts, those fonts have every Kazakh letter, and the system's are never used."""

import io

import pytest
from fontTools.ttLib import TTFont

from qauipsiz.documents.render import FONT_FAMILY, FONTS_DIR, TYPST_DIR, render_pdf

from .conftest import KAZAKH_LETTERS, KAZAKH_TEXT, SPECIMEN
from .pdftext import embedded_font_files, font_characters, pdf_fonts, pdf_text

FONT_FILES = sorted(FONTS_DIR.glob("*.ttf"))
OUR_FONTS = {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}


def test_the_font_family_ships_with_its_licence():
    assert [f.name for f in FONT_FILES] == [
        "DejaVuSans-Bold.ttf", "DejaVuSans-BoldOblique.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans.ttf"]
    assert "Bitstream" in (FONTS_DIR / "LICENSE").read_text()
    # The forms ask for the package's family and for no fallback: a missing glyph shows, it is not quietly replaced.
    assert f'set text(font: "{FONT_FAMILY}", fallback: false' in (TYPST_DIR / "forms.typ").read_text()


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda p: p.name)
def test_every_font_file_has_every_kazakh_letter(path):
    cmap = TTFont(path).getBestCmap()
    missing = [letter for letter in KAZAKH_LETTERS if ord(letter) not in cmap]
    assert not missing, f"{path.name} lacks {''.join(missing)}"


def test_the_pdf_embeds_the_package_fonts_with_the_kazakh_letters(sample_data):
    pdf = render_pdf(template=SPECIMEN, data=sample_data, language="kk")
    text = pdf_text(pdf)
    for letter in KAZAKH_LETTERS:
        assert letter in text, letter
    assert pdf_fonts(pdf) == OUR_FONTS
    embedded = embedded_font_files(pdf)
    assert set(embedded) == OUR_FONTS
    ours = {TTFont(path)["name"].getDebugName(6): TTFont(path) for path in FONT_FILES}
    for name, data in embedded.items():
        font = TTFont(io.BytesIO(data))
        assert font["name"].getDebugName(1) == "DejaVu Sans", name
        # The package's own file: same version string as the one in documents/fonts/.
        assert font["name"].getDebugName(5) == ours[name]["name"].getDebugName(5), name
    # The specimen prints every letter in capitals in bold and oblique, and every small one in the regular face:
    # each embedded face maps its glyphs back to those letters.
    characters = font_characters(pdf)
    for name in OUR_FONTS:
        wanted = set(KAZAKH_LETTERS[9:]) if name != "DejaVuSans" else set(KAZAKH_TEXT) - {" ", ":"}
        assert wanted <= characters[name], name


def test_a_font_of_the_system_is_never_used(package_template, sample_data):
    """DejaVu Serif is installed on this machine's system, not in the package: asked for, it is not found."""
    template = package_template('#set text(font: "DejaVu Serif", fallback: false)\nSerif?\n'
                                '#set text(font: "DejaVu Sans")\nSans')
    pdf = render_pdf(template=template, data=sample_data, language="kk")
    assert pdf_fonts(pdf) == {"DejaVuSans"}
