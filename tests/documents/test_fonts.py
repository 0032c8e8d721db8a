"""The printed forms carry their own fonts, and those fonts have every Kazakh letter."""

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from qauipsiz.documents.render import FONTS_DIR, PRINT_STYLESHEET, render_pdf

from .conftest import KAZAKH_LETTERS, KAZAKH_TEXT, TEMPLATES_DIR
from .pdftext import embedded_font_files, pdf_fonts, pdf_text

ROOT = Path(__file__).resolve().parents[2]
FONT_FILES = sorted(FONTS_DIR.glob("*.ttf"))
OUR_FONTS = {"Qauipsiz-Sans", "Qauipsiz-Sans-Bold", "Qauipsiz-Sans-Italic"}


def test_the_font_family_ships_with_its_licence():
    assert [f.name for f in FONT_FILES] == [
        "DejaVuSans-Bold.ttf", "DejaVuSans-BoldOblique.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans.ttf"]
    assert "Bitstream" in (FONTS_DIR / "LICENSE").read_text()
    stylesheet = PRINT_STYLESHEET.read_text()
    for font in FONT_FILES:
        assert f'url("../../documents/fonts/{font.name}")' in stylesheet


@pytest.mark.parametrize("path", FONT_FILES, ids=lambda p: p.name)
def test_every_font_file_has_every_kazakh_letter(path):
    cmap = TTFont(path).getBestCmap()
    missing = [letter for letter in KAZAKH_LETTERS if ord(letter) not in cmap]
    assert not missing, f"{path.name} lacks {''.join(missing)}"


def test_the_pdf_embeds_the_package_fonts_with_the_kazakh_letters(print_templates, sample_context):
    pdf = render_pdf(template="documents_tests/sample.html", context=sample_context, language="kk")
    # Named after the @font-face family: a font found on the system instead would carry its own name (DejaVuSans).
    assert pdf_fonts(pdf) == OUR_FONTS
    embedded = embedded_font_files(pdf)
    assert set(embedded) == OUR_FONTS
    for name, data in embedded.items():
        font = TTFont(io.BytesIO(data))
        assert font["name"].getDebugName(1) == "DejaVu Sans", name
        cmap = font.getBestCmap()
        # The sample prints every letter in capitals in bold and oblique, and every small one in the regular face.
        wanted = KAZAKH_LETTERS[9:] if name != "Qauipsiz-Sans" else "".join(set(KAZAKH_TEXT) - {" ", ":"})
        assert all(ord(letter) in cmap for letter in wanted), name


RENDER_WITHOUT_SYSTEM_FONTS = textwrap.dedent("""
    import sys, warnings
    warnings.simplefilter("ignore")  # WeasyPrint warns that fontconfig knows no font: the point of this test
    import django
    from django.conf import settings
    django.setup()
    settings.TEMPLATES[0]["DIRS"].append(sys.argv[1])
    from qauipsiz.documents.render import render_pdf
    context = {"kazakh": sys.argv[2], "capitals": "", "filled": "", "missing": ""}
    sys.stdout.buffer.write(render_pdf(template="documents_tests/sample.html", context=context, language="kk"))
""")


def test_renders_on_a_server_with_no_fonts_at_all(tmp_path):
    """With fontconfig told of no font directory, the document still prints, in the package's fonts."""
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                      f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
           "QAUIPSIZ_DATA_DIR": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", RENDER_WITHOUT_SYSTEM_FONTS, str(TEMPLATES_DIR), KAZAKH_TEXT],
                            cwd=ROOT, env=env, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()
    assert KAZAKH_TEXT in pdf_text(result.stdout).splitlines()
    assert pdf_fonts(result.stdout) <= OUR_FONTS
