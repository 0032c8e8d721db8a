"""The printed documents of Order 344: the work permit (Annex 1), the register (Annex 2), the admission certificate
(Annex 3), as PDF laid out by Typst (and the register also as XLSX).

A printed copy is a copy of the electronic record, which stays authoritative (344 cl.14): every signature is printed
as a textual mark (documents.marks) and every page says so. The forms' own words are the Order's (wording.py);
everything else (copy and draft markers, signature marks, footers) goes through gettext. One module per document,
each with its .typ template beside it.

    permit_pdf(permit, language="kk") -> bytes
    register_pdf(organisation=org, year=2026, language="ru", user=request.user) -> bytes
    register_xlsx(organisation=org, year=2026, language="ru", user=request.user) -> bytes
    certificate_pdf(certificate, language="en") -> bytes
"""

from qauipsiz.documents.marks import DASH, HASH_SHORT, day, method_label, person_line, signature_mark, span, when

from ..selectors import RegisterRow, register_queryset, register_rows
from .certificate import certificate_context, certificate_pdf
from .permit import COPIES, VOID_LIKE, permit_context, permit_pdf, permit_status_banner, qr_for
from .register import register_context, register_pdf, register_xlsx
from .signed import Filled, Signatures, purpose_key
from .wording import FORM_WORDING, form_wording

__all__ = [
    "COPIES", "DASH", "FORM_WORDING", "HASH_SHORT", "VOID_LIKE", "Filled", "RegisterRow", "Signatures",
    "certificate_context", "certificate_pdf", "day", "form_wording", "method_label", "permit_context", "permit_pdf",
    "permit_status_banner", "person_line", "purpose_key", "qr_for", "register_context", "register_pdf",
    "register_queryset", "register_rows", "register_xlsx", "signature_mark", "span", "when",
]
