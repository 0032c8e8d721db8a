"""The printed forms and the register's XLSX as files, for the pages and the API alike: the same permission checks,
the same access record (printed or exported) and the same file, whichever of the two asks.

Annex 1 (a permit), Annex 2 (the register, PDF and XLSX) and Annex 3 (an admission certificate). Each is asked for in
one of the application's languages; any other is refused (`UnknownLanguage`) rather than printed in another one.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qauipsiz.accounts.access import access_record
from qauipsiz.accounts.choices import AccessKind
from qauipsiz.core.exports import download

from .gatekeeper import visible_permits
from .models import Permit

LANGUAGES = ("kk", "ru", "en")


class UnknownLanguage(ValidationError):
    """A form asked for in a language it is not printed in."""


def check_language(language: str | None) -> str:
    """The language asked for, or the reader's when none is; refused when it is not one of `LANGUAGES`."""
    if not language:
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return language if language in LANGUAGES else settings.LANGUAGE_CODE
    if language not in LANGUAGES:
        raise UnknownLanguage({"language": [_("The forms are printed in %(languages)s only, not in \"%(language)s\".")
                                            % {"languages": ", ".join(LANGUAGES), "language": language[:20]}]})
    return language


def permit_file(request, user, permit: Permit, language: str):
    """Annex 1: the permit's printed form (the permit found through the gatekeeper by the caller)."""
    from . import documents

    pdf = documents.permit_pdf(permit, language=language)
    access_record(request=request, user=user, kind=AccessKind.PRINT, obj=permit, organisation_id=permit.organisation_id)
    number = permit.display_number.replace("/", "-") if permit.number else f"draft-{permit.pk}"
    return download(pdf, f"permit-{number}-{language}.pdf", inline=True)


def certificate_file(request, user, certificate, language: str):
    """Annex 3: the admission certificate's printed form (found through the gatekeeper by the caller)."""
    from . import documents

    pdf = documents.certificate_pdf(certificate, language=language)
    access_record(request=request, user=user, kind=AccessKind.PRINT, obj=certificate,
                  organisation_id=certificate.organisation_id)
    name = f"{certificate.number}-{certificate.year}" if certificate.number else f"draft-{certificate.pk}"
    return download(pdf, f"admission-certificate-{name}-{language}.pdf", inline=True)


def require_whole_register(user, organisation, year, contractor=None) -> None:
    """The printed register is the book's whole year (the organisation's, or a contractor's: 344 cl.9, cl.15): only for
    those who see every line of it, the kept lines of purged permits included (cl.13)."""
    from . import selectors
    from .book import visible_lines

    numbered = selectors.register_queryset(organisation=organisation, year=year, contractor=contractor)
    kept = selectors.kept_lines_queryset(organisation=organisation, year=year, contractor=contractor)
    if (visible_permits(user, numbered).count() != numbered.count()
            or visible_lines(user, kept).count() != kept.count()):
        raise PermissionDenied(_("The printed register covers every permit of the organisation; you may see only "
                                 "some of them. Use the register page instead."))


REGISTER_FORMATS = {"pdf": AccessKind.PRINT, "xlsx": AccessKind.EXPORT}


def register_file(request, user, *, organisation, year: int, language: str, extension: str, contractor=None):
    """Annex 2 of the book and year (the organisation's, or `contractor`'s), the PDF or the XLSX of the same rows,
    recorded as printed or exported."""
    from . import documents

    require_whole_register(user, organisation, year, contractor)
    build = documents.register_pdf if extension == "pdf" else documents.register_xlsx
    data = build(organisation=organisation, year=year, language=language, user=user, contractor=contractor)
    access_record(request=request, user=user, kind=REGISTER_FORMATS[extension], object_type="permits.permit",
                  organisation_id=organisation.pk)
    return download(data, f"permit-register-{year}-{language}.{extension}")
