"""The register of work permits (Annex 2): the page, the printed register and its XLSX."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qauipsiz.accounts.access import access_record
from qauipsiz.accounts.choices import AccessKind
from qauipsiz.core.models import Organisation

from .. import selectors
from ..gatekeeper import visible_permits
from ..models import Permit
from .common import LANGUAGES, language_of


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


def _require_whole_register(request, organisation, year) -> None:
    """The printed register is the organisation's whole book: only for those who see every permit in it."""
    numbered = Permit.objects.filter(organisation=organisation, year=year, number__isnull=False)
    if visible_permits(request.user, numbered).count() != numbered.count():
        raise PermissionDenied(_("The printed register covers every permit of the organisation; you may see only "
                                 "some of them. Use the register page instead."))


def _register_download(request, *, build, kind: str, extension: str):
    """The whole register of the organisation and year chosen, built by `build` (the PDF or the XLSX of the same
    rows), recorded as printed or exported, and handed over as a file."""
    from qauipsiz.core.exports import download

    _organisations, organisation, year, _years = _register_selection(request)
    if organisation is None:
        raise Http404
    _require_whole_register(request, organisation, year)
    language = language_of(request)
    data = build(organisation=organisation, year=year, language=language, user=request.user)
    access_record(request=request, kind=kind, object_type="permits.permit", organisation_id=organisation.pk)
    return download(data, f"permit-register-{year}-{language}.{extension}")


@require_GET
def register_pdf(request):
    from .. import documents

    return _register_download(request, build=documents.register_pdf, kind=AccessKind.PRINT, extension="pdf")


@require_GET
def register_xlsx(request):
    from .. import documents

    return _register_download(request, build=documents.register_xlsx, kind=AccessKind.EXPORT, extension="xlsx")
