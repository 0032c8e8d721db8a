"""Reading rendered PDFs back in the tests: their text, and the fonts they embed."""

import io

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def pdf_text(pdf_bytes: bytes) -> str:
    """The text of every page, in order, pages separated by a blank line."""
    return "\n\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


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
