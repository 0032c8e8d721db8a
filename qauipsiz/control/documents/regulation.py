"""The Regulation on production control as a PDF (Typst) to print and sign, and as a DOCX to edit.

Both lay out `regulation_content.text_in(regulation, language)`. An approved version's PDF is made from its frozen
text only, with nothing of the moment it is printed (no "printed at", no document date), so that it is the same file
every time: its SHA-256, ledgered at approval, proves a copy to be the approved one (`pdf_sha256`).
"""

import hashlib
from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qauipsiz.documents.docx import render_docx
from qauipsiz.documents.marks import page_label, when
from qauipsiz.documents.render import check_language, render_pdf

from ..regulation_content import text_in
from ..regulation_texts import HEADINGS

PDF_TEMPLATE = Path(__file__).resolve().parent / "regulation.typ"
DOCX_TEMPLATE = Path(__file__).resolve().parent / "regulation.docx"


def _caption(doc: dict, *, approved: bool) -> str:
    if approved:
        return _("%(organisation)s. %(title)s, %(version)s. The approved text is frozen; its SHA-256 is in the "
                 "ledger.") % {"organisation": doc["organisation"], "title": doc["title"],
                               "version": doc["version_label"]}
    return _("%(organisation)s. %(title)s, %(version)s: draft, generated %(when)s; not approved.") % {
        "organisation": doc["organisation"], "title": doc["title"], "version": doc["version_label"],
        "when": when(timezone.now())}


def print_words(doc: dict, language: str, *, approved: bool) -> dict:
    """The words the PDF prints around the text: frozen with an approved version (`doc["print"]`), so that a
    translation updated later does not change its file."""
    with translation.override(language):
        return {"caption": _caption(doc, approved=approved), "page_label": page_label(),
                "banner": "" if approved else HEADINGS["draft"][language]}


def pdf_data(regulation, language: str, doc: dict | None = None) -> dict:
    doc = doc if doc is not None else text_in(regulation, language)
    words = doc.get("print") or print_words(doc, language, approved=False)
    return {"doc": doc, **words}


def regulation_pdf(regulation, language: str, *, doc: dict | None = None) -> bytes:
    """The PDF in `language`: of an approved version the frozen one (same bytes every time), of a draft as of now."""
    check_language(language)
    return render_pdf(template=PDF_TEMPLATE, data=pdf_data(regulation, language, doc), language=language)


def pdf_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _lines(block: dict) -> list[str]:
    lines = [block["title"]] if block.get("title") else []
    if block["kind"] == "text":
        lines.append(block["text"])
    elif block["kind"] == "list":
        prefix = f"{block['marker']} " if block.get("marker") else ""
        lines += [f"{prefix}{item}" for item in block["items"]]
    else:
        lines.append(" | ".join(block["header"]))
        lines += [" | ".join(row) for row in block["rows"]]
    return lines


def regulation_docx(regulation, language: str) -> bytes:
    """The Regulation as a Word document to edit (the same sections as the PDF, tables as lines)."""
    doc = text_in(regulation, language)
    approval = doc.get("approval") or {}
    sections = [{"heading": f"{section['number']}. {section['title']}",
                 "lines": [line for block in section["blocks"] for line in _lines(block)]}
                for section in doc["sections"]]
    context = {"title": doc["title"], "organisation": doc["organisation"], "version_label": doc["version_label"],
               "basis": doc["basis"], "drawn_up": doc["drawn_up"], "sections": sections,
               "approval_label": approval.get("label", HEADINGS["draft"][language]),
               "approval_who": approval.get("who", ""), "approval_mark": approval.get("mark", "")}
    return render_docx(template=DOCX_TEMPLATE, context=context, language=language)


def filename(regulation, language: str, extension: str) -> str:
    return f"{HEADINGS['title'][language]} v{regulation.version} ({language}).{extension}"
