"""The register of work permits (Annex 2): the page, the printed register and its XLSX."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qauipsiz.core.models import Contractor, Organisation

from .. import selectors
from ..book import book_q, chosen_book, readable_books, register_organisations, visible_lines
from ..downloads import UnknownLanguage, register_file
from ..gatekeeper import visible_permits
from .common import LANGUAGES, language_of, unknown_language


@dataclass
class Selection:
    organisations: object
    organisation: Organisation | None
    books: list  # [(value, label)]: "" for the organisation's own book, a contractor's id for its book
    contractor: Contractor | None  # the book shown: None for the organisation's own
    year: int
    years: list[int]

    @property
    def query(self) -> str:
        if self.organisation is None:
            return ""
        return urlencode({"organisation": self.organisation.pk, "book": self.contractor.pk if self.contractor else "",
                          "year": self.year})


def _register_selection(request) -> Selection:
    """The organisation, book and year of the register, among those the user sees permits (or kept lines) of (the
    same choice as the API's, `book.readable_books`); a book he may not open shows his default one."""
    visible, lines = visible_permits(request.user), visible_lines(request.user)
    organisations = register_organisations(request.user)
    chosen = request.GET.get("organisation", "")
    organisation = (organisations.filter(pk=int(chosen)).first() if chosen.isdigit() else None) \
        or organisations.first()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else timezone.localdate().year
    books, contractor, years = [], None, []
    if organisation is not None:
        own, contractors = readable_books(request.user, organisation)
        book = request.GET.get("book", "")
        readable, contractor = chosen_book(own, contractors, int(book) if book.isdigit() else None)
        if not readable:
            _readable, contractor = chosen_book(own, contractors, None)
        books = ([("", organisation.name)] if own else []) + [(str(c.pk), c.name) for c in contractors]
        in_book = book_q(contractor)
        years = sorted(set(visible.filter(in_book, organisation=organisation, year__isnull=False)
                           .values_list("year", flat=True))
                       | set(lines.filter(in_book, organisation=organisation).values_list("year", flat=True))
                       | {year}, reverse=True)
    return Selection(organisations=organisations, organisation=organisation, books=books, contractor=contractor,
                     year=year, years=years)


@require_GET
def register(request):
    selection = _register_selection(request)
    return render(request, "permits/register.html", {
        "organisations": selection.organisations, "organisation": selection.organisation, "books": selection.books,
        "book": str(selection.contractor.pk) if selection.contractor else "",
        "book_name": selection.contractor.name if selection.contractor else "",
        "year": selection.year, "years": selection.years, "query": selection.query, "languages": LANGUAGES,
        "rows": selectors.register_rows_for_page(request.user, selection.organisation, selection.year,
                                                 contractor=selection.contractor)})


def _register_download(request, *, extension: str):
    """The whole register of the book and year chosen, the PDF or the XLSX of the same rows (`downloads.register_file`:
    the same as the API's)."""
    selection = _register_selection(request)
    if selection.organisation is None:
        raise Http404
    try:
        language = language_of(request)
    except UnknownLanguage as error:
        return unknown_language(request, error)
    return register_file(request, request.user, organisation=selection.organisation, year=selection.year,
                         language=language, extension=extension, contractor=selection.contractor)


@require_GET
def register_pdf(request):
    return _register_download(request, extension="pdf")


@require_GET
def register_xlsx(request):
    return _register_download(request, extension="xlsx")
