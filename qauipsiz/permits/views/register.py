"""The register of work permits (Annex 2): the page, the printed register and its XLSX."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qauipsiz.core.models import Organisation

from .. import selectors
from ..downloads import UnknownLanguage, register_file
from ..gatekeeper import visible_permits
from .common import LANGUAGES, language_of, unknown_language


def _register_selection(request):
    """The organisation and year of the register, among those the user sees permits of."""
    visible = visible_permits(request.user)
    organisations = Organisation.objects.filter(pk__in=visible.values("organisation")).order_by("name_kk", "pk")
    chosen = request.GET.get("organisation", "")
    organisation = (organisations.filter(pk=int(chosen)).first() if chosen.isdigit() else None) \
        or organisations.first()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else timezone.localdate().year
    years = []
    if organisation is not None:
        years = sorted(set(visible.filter(organisation=organisation, year__isnull=False)
                           .values_list("year", flat=True)) | {year}, reverse=True)
    return organisations, organisation, year, years


@require_GET
def register(request):
    organisations, organisation, year, years = _register_selection(request)
    query = f"organisation={organisation.pk}&year={year}" if organisation else ""
    return render(request, "permits/register.html", {
        "organisations": organisations, "organisation": organisation, "year": year, "years": years,
        "rows": selectors.register_rows_for_page(request.user, organisation, year), "query": query, "languages": LANGUAGES})


def _register_download(request, *, extension: str):
    """The whole register of the organisation and year chosen, the PDF or the XLSX of the same rows
    (`downloads.register_file`: the same as the API's)."""
    _organisations, organisation, year, _years = _register_selection(request)
    if organisation is None:
        raise Http404
    try:
        language = language_of(request)
    except UnknownLanguage as error:
        return unknown_language(request, error)
    return register_file(request, request.user, organisation=organisation, year=year, language=language,
                         extension=extension)


@require_GET
def register_pdf(request):
    return _register_download(request, extension="pdf")


@require_GET
def register_xlsx(request):
    return _register_download(request, extension="xlsx")
