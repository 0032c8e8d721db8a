"""Annex 2 of Order 344, the register of the issuance of work permits: landscape PDF and XLSX, from the same rows
(permits.selectors.register_rows)."""

import io
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qauipsiz.core.exports import table_workbook
from qauipsiz.documents.marks import DASH, or_dash, printed_at, user_label
from qauipsiz.documents.render import check_language, render_pdf
from qauipsiz.ledger.models import GENESIS_HASH, ChainHead

from ..selectors import register_rows
from .wording import form_wording

TEMPLATE = Path(__file__).resolve().parent / "register.typ"


def _chain_head(organisation) -> ChainHead | None:
    return ChainHead.objects.filter(organisation=organisation).first()


def book_name(organisation, contractor=None) -> str:
    """Who keeps the book: the organisation, or the contractor whose issuers issued its permits (344 cl.9, cl.15)."""
    if contractor is None:
        return organisation.name
    return _("%(contractor)s (contractor of %(customer)s)") % {"contractor": contractor.name,
                                                               "customer": organisation.name}


def register_context(*, organisation, year: int, language: str, user=None, contractor=None) -> dict:
    """Everything the register's template prints (call inside translation.override)."""
    form = form_wording(language)
    rows = register_rows(organisation=organisation, year=year, contractor=contractor)
    name = book_name(organisation, contractor)
    head = _chain_head(organisation)
    first, last = (rows[0].display_number, rows[-1].display_number) if rows else ("", "")
    when = printed_at()
    return {
        "form": form,
        "organisation": name,
        "year": str(year),
        "rows": rows,
        "words": {
            "count": ngettext("%(counter)s permit, No. %(first)s", "%(counter)s permits, Nos. %(first)s to %(last)s",
                              len(rows)) % {"counter": len(rows), "first": first, "last": last}
            if rows else _("No permit was issued in this year."),
            # The template puts the number of pages in: it is known only once the document is laid out.
            "laced": _("Laced and numbered: %(pages)s pages"),
            "chain": _("Ledger chain head at the time of printing: entry No. %(seq)s, hash") % {
                "seq": head.seq if head else 0},
            "verify": _("The ledger must still contain this entry with this hash (qauipsiz verify): then no permit of "
                        "this register was changed after printing without trace."),
            "printed": ", ".join(filter(None, [" ".join([_("Printed"), when]), user_label(user)])),
            "caption": _("%(organisation)s, register of work permits %(year)s, printed %(when)s. The electronic "
                         "register is authoritative.") % {"organisation": name, "year": year,
                                                          "when": when},
        },
        "chain_hash": head.entry_hash if head else GENESIS_HASH,
    }


def register_pdf(*, organisation, year: int, language: str, user=None, contractor=None) -> bytes:
    """Annex 2 for one organisation and year, landscape A4, every page numbered out of the total, with the ledger's
    chain head at the time of printing so that the printed book can be checked against the ledger later."""
    form_wording(language)
    check_language(language)
    with translation.override(language):
        context = register_context(organisation=organisation, year=year, language=language, user=user,
                                   contractor=contractor)
        return render_pdf(template=TEMPLATE, data=context, language=language)


def register_xlsx(*, organisation, year: int, language: str, user=None, contractor=None) -> bytes:
    """Annex 2 as a spreadsheet: the same rows and columns as the PDF, plus the status; a second sheet says what the
    register is and the ledger's chain head at the time of export."""
    form = form_wording(language)
    with translation.override(language):
        rows = register_rows(organisation=organisation, year=year, contractor=contractor)
        header = [form["register_initial"], form["register_readmission"], form["register_number"],
                  form["register_issuer"], form["register_nature"], _("Status")]
        # 344 cl.5: a dash in every column left empty, as the PDF prints it; an empty register is one row of dashes.
        lines = ([or_dash("\n".join(r.initial)), or_dash("\n".join(r.readmissions)), or_dash(r.display_number),
                  or_dash(r.issuer), or_dash(r.nature), or_dash(r.status)] for r in rows) if rows else [[DASH] * 5]
        workbook = table_workbook(f"{year}", header, lines)
        head = _chain_head(organisation)
        about = workbook.create_sheet(title=_("About")[:31])
        for line in (
            [form["register_title"]],
            [form["organisation_hint"], book_name(organisation, contractor)],
            [_("Year"), year],
            [_("Permits"), len(rows)],
            [_("Ledger chain head at the time of printing"), head.seq if head else 0,
             head.entry_hash if head else GENESIS_HASH],
            [_("Printed"), printed_at(), user_label(user)],
            [form["register_note"]],
        ):
            about.append(line)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
