"""Reading rendered PDFs back in the tests: their text, and the fonts they embed."""

import io
import re

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def page_texts(pdf_bytes: bytes) -> list[str]:
    """The text of each page, its lines without the space a wrapped line ends with (Typst keeps it in the text)."""
    return ["\n".join(line.rstrip() for line in page.extract_text().splitlines())
            for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def pdf_text(pdf_bytes: bytes) -> str:
    """The text of every page, in order, pages separated by a blank line."""
    return "\n\n".join(page_texts(pdf_bytes))


def _fonts(pdf_bytes: bytes):
    """Every font dictionary the pages use, their form XObjects' included (each once)."""
    seen = set()

    def walk(resources):
        resources = resources.get_object() if resources is not None else DictionaryObject()
        for ref in (resources.get("/Font") or DictionaryObject()).get_object().values():
            font = ref.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                yield font
        for ref in (resources.get("/XObject") or DictionaryObject()).get_object().values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                yield from walk(xobject["/Resources"])

    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        yield from walk(page.get("/Resources"))


def _base_name(font) -> str:
    name = str(font["/BaseFont"]).lstrip("/")
    prefix, plus, rest = name.partition("+")
    # A subset's name starts with six capitals and a plus (ISO 32000 §9.6.4): the font is the same whatever they are.
    return rest if plus and len(prefix) == 6 and prefix.isupper() else name


def pdf_fonts(pdf_bytes: bytes) -> set[str]:
    """The PostScript names of the fonts the PDF uses, without the subset tags (`Qauipsiz-Sans-Bold`)."""
    return {_base_name(font) for font in _fonts(pdf_bytes)}


def embedded_font_files(pdf_bytes: bytes) -> dict[str, bytes]:
    """The font programs embedded in the PDF (TrueType subsets), by font name as pdf_fonts gives it."""
    files = {}
    for font in _fonts(pdf_bytes):
        descendants = font.get("/DescendantFonts")
        descriptor_owner = descendants[0].get_object() if descendants else font
        descriptor = descriptor_owner.get("/FontDescriptor")
        stream = descriptor.get_object().get("/FontFile2") if descriptor is not None else None
        if stream is not None:
            files[_base_name(font)] = stream.get_object().get_data()
    return files


def font_characters(pdf_bytes: bytes) -> dict[str, set[str]]:
    """The characters each font of the PDF has glyphs for in it, read from its ToUnicode map."""
    characters: dict[str, set[str]] = {}
    for font in _fonts(pdf_bytes):
        to_unicode = font.get("/ToUnicode")
        if to_unicode is None:
            continue
        cmap = to_unicode.get_object().get_data().decode("latin-1")
        found = characters.setdefault(_base_name(font), set())
        for hex_text in re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", cmap):
            found.update(bytes.fromhex(hex_text).decode("utf-16-be", errors="ignore"))
    return characters
