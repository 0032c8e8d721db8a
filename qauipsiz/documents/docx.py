"""Word documents people edit before they sign (production control's acts and orders): a .docx template of the
package filled in with docxtpl.

The template's tags are Jinja (`{{ name }}`, `{% for %}`), rendered in a sandbox with autoescaping: a value is text
in the document, so `<`, `&` or Word's own XML in what a user typed cannot break or change the file, and a `{{ }}`
in a value is printed, not evaluated. Serve the result with qauipsiz.core.exports.download (docx_response does).
"""

import io
from pathlib import Path

from django.utils import translation
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from qauipsiz.core.exports import DOCX, download

from .render import PACKAGE_DIR, _plain, check_language

DOCX_DIR = Path(__file__).resolve().parent / "docx_templates"


def render_docx(*, template: Path, context: dict, language: str) -> bytes:
    """The .docx `template` (a file of the package) filled with `context`, lazy translations in `language`.

    ValueError for a template outside the package or a language the application does not speak.
    """
    check_language(language)
    template = Path(template).resolve()
    if not template.is_relative_to(PACKAGE_DIR) or template.suffix != ".docx" or not template.is_file():
        raise ValueError(f"not a .docx template of the package: {template}")
    document = DocxTemplate(template)
    with translation.override(language):
        # Lazy strings become text now, in the document's language; lists and dicts keep their shape for {% for %}.
        values = {key: _text(value) for key, value in context.items()}
        document.render(values, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _text(value):
    if isinstance(value, dict):
        return {key: _text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_text(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return _plain(value)


def docx_response(*, template: Path, context: dict, language: str, filename: str):
    """The filled template downloaded as `filename` (any language), through the one download helper."""
    return download(render_docx(template=template, context=context, language=language), filename, content_type=DOCX)
