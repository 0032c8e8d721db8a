"""The register of work permits (Annex 2): the page, the printed register and its XLSX."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import grants_of
from qauipsiz.core.models import Contractor, Organisation

from .. import selectors
from ..book import book_q, visible_lines
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


def _books(user, organisation, visible, lines) -> tuple[bool, list[Contractor]]:
    """The books of the organisation the user may open: its own, unless all he holds there is a contractor's
    representative's role (and no permit of it names him); and those of the contractors whose permits he sees (a
    representative: his contractor's, 344 cl.9, cl.15)."""
    grants = [g for g in grants_of(user) if g.organisation_id == organisation.pk]
    own = (getattr(user, "is_superuser", False) or any(g.role != Role.CONTRACTOR_REP for g in grants)
           or visible.filter(organisation=organisation, contractor__isnull=True, number__isnull=False).exists())
    ids = ({g.contractor_id for g in grants if g.role == Role.CONTRACTOR_REP and g.contractor_id}
           | set(visible.filter(organisation=organisation, contractor__isnull=False, number__isnull=False)
                 .values_list("contractor", flat=True))
           | set(lines.filter(organisation=organisation, contractor__isnull=False).values_list("contractor", flat=True)))
    contractors = list(Contractor.objects.filter(organisation=organisation, pk__in=ids).order_by("name_kk", "pk"))
    return own, contractors


def _register_selection(request) -> Selection:
    """The organisation, book and year of the register, among those the user sees permits (or kept lines) of."""
    visible, lines = visible_permits(request.user), visible_lines(request.user)
    organisations = Organisation.objects.filter(
        Q(pk__in=visible.values("organisation")) | Q(pk__in=lines.values("organisation"))).order_by("name_kk", "pk")
    chosen = request.GET.get("organisation", "")
    organisation = (organisations.filter(pk=int(chosen)).first() if chosen.isdigit() else None) \
        or organisations.first()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else timezone.localdate().year
    books, contractor, years = [], None, []
    if organisation is not None:
        own, contractors = _books(request.user, organisation, visible, lines)
        book = request.GET.get("book", "")
        contractor = next((c for c in contractors if book.isdigit() and c.pk == int(book)), None)
        if contractor is None and not own and contractors:
            contractor = contractors[0]
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
