"""Printed forms as PDF: a Typst template (.typ) and the document's data, laid out by Typst, entirely offline.

The data goes in as one JSON text through Typst's inputs (`sys.inputs.data`, read in the template with
`json(bytes(sys.inputs.data))`), never pasted into markup: whatever a user typed is a string value to Typst, printed
as it is, and cannot add a function call, a page setting or a file read to the document.

Plants are often offline, and a printed permit must look the same on every server: the templates may read only files
inside the package (Typst's root is the package's directory), and the fonts are the package's own
(documents/fonts/), with the system's fonts ignored, so that the Kazakh letters print whatever the server has
installed. Shared pieces of every form live in documents/typst/forms.typ.
"""

import dataclasses
import functools
import json
import threading
from pathlib import Path

import typst
from django.conf import settings
from django.utils import translation

from qauipsiz.core.exports import PDF, content_disposition, download  # noqa: F401 - content_disposition: a kept name

from . import marks

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
TYPST_DIR = Path(__file__).resolve().parent / "typst"
FONT_FAMILY = "DejaVu Sans"  # documents/fonts/, set in forms.typ with fallback: false


class DocumentError(RuntimeError):
    """The template did not compile (a bug in a template, never something a user typed): the PDF was not made."""


# One compiler per thread: it keeps the parsed fonts and templates between documents (most of a cold start), and a
# compiler is not meant to be shared by threads compiling at once.
_compilers = threading.local()


def _compiler() -> typst.Compiler:
    compiler = getattr(_compilers, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(PACKAGE_DIR), font_paths=[str(FONTS_DIR)], ignore_system_fonts=True)
        _compilers.compiler = compiler
    return compiler


def check_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        # translation.override would quietly fall back to another language: a permit must print in the one asked for.
        raise ValueError(f"not one of the application's languages: {language!r}")


def _plain(value):
    """Dataclasses as dicts, anything else (lazy translations, numbers as Decimal) as its text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def render_pdf(*, template: Path, data: dict, language: str) -> bytes:
    """The PDF of the Typst `template` (a .typ file inside the package) filled with `data`, in `language`.

    `data` must be JSON-serialisable (strings, numbers, lists, dicts); the template reads it as `sys.inputs.data`,
    with the page label of the language ("Page %(number)s of %(total)s") beside it. ValueError for a language the
    application does not speak or a template outside the package; DocumentError when Typst refuses the template.
    """
    check_language(language)
    template = Path(template).resolve()
    if not template.is_relative_to(PACKAGE_DIR) or template.suffix != ".typ":
        raise ValueError(f"not a Typst template of the package: {template}")
    with translation.override(language):  # lazy translations in `data` become text in the document's language
        document = {"language": language, "page_label": marks.page_label(), "dash": marks.DASH, **data}
        text = json.dumps(document, ensure_ascii=False, default=_plain)
    try:
        return _compiler().compile(input=str(template), sys_inputs={"data": text})
    except typst.TypstError as exc:
        raise DocumentError(str(exc)) from exc


# The name the views import: the one download helper, shown in the browser by default.
pdf_response = functools.partial(download, inline=True, content_type=PDF)
