"""The printed forms as files: a permit (Annex 1), the register (Annex 2, PDF and XLSX) and an admission certificate
(Annex 3), with the same permissions, access record and file as the pages (`permits.downloads`)."""

from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema

from qauipsiz.core.api import RecordId
from qauipsiz.core.exports import PDF, XLSX

from .. import gatekeeper
from ..book import chosen_book, readable_books, register_organisations
from ..downloads import LANGUAGES, certificate_file, check_language, permit_file, register_file
from .common import READ_ERRORS, Year, find_permit, router

Language = Literal[LANGUAGES]  # type: ignore[valid-type] - the application's languages, an enum in the schema
LANGUAGE_HELP = "The language of the form (kk, ru or en); default: the caller's. Any other is refused (422)."


class DocumentQuery(Schema):
    language: Language | None = Field(None, description=LANGUAGE_HELP)


class RegisterDocumentQuery(DocumentQuery):
    organisation: RecordId
    year: Year
    book: RecordId | None = Field(None, description="A contractor's id for that contractor's book (344 cl.9, cl.15); "
                                                    "default: the organisation's own book, or for a "
                                                    "contractor's representative his contractor's (as on the page).")


def _binary(content_type: str, description: str) -> dict:
    """The OpenAPI answer of a file: the endpoint hands out the bytes, not JSON."""
    return {"responses": {"200": {"description": description,
                                  "content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}}}


def _register(request, query, extension: str):
    """The book's file, with the page's choice of organisation and book (`book.readable_books`): 404 for an
    organisation or a book the caller does not read, as for the page."""
    language = check_language(query.language)
    organisation = register_organisations(request.auth).filter(pk=query.organisation).first()
    if organisation is None:
        raise Http404
    readable, contractor = chosen_book(*readable_books(request.auth, organisation), query.book)
    if not readable:
        raise Http404
    return register_file(request, request.auth, organisation=organisation, year=query.year, language=language,
                         extension=extension, contractor=contractor)


# The register's paths come before the permit's: "/register/pdf" would otherwise be read as "/{record_id}/pdf".
@router.get("/register/pdf", response=READ_ERRORS, operation_id="permits_register_pdf",
            summary="The printed register of work permits (Annex 2) of an organisation for a year, PDF",
            openapi_extra=_binary(PDF, "The register's printed form: only for those who see every permit in it."))
def register_pdf(request, query: Query[RegisterDocumentQuery]):
    return _register(request, query, "pdf")


@router.get("/register/xlsx", response=READ_ERRORS, operation_id="permits_register_xlsx",
            summary="The register of work permits (Annex 2) of an organisation for a year, XLSX",
            openapi_extra=_binary(XLSX, "The same rows as the printed register, as a spreadsheet."))
def register_xlsx(request, query: Query[RegisterDocumentQuery]):
    return _register(request, query, "xlsx")


@router.get("/{record_id}/pdf", response=READ_ERRORS, operation_id="permits_pdf",
            summary="The printed permit (Annex 1), PDF", openapi_extra=_binary(PDF, "The permit's printed form."))
def permit_pdf(request, record_id: RecordId, query: Query[DocumentQuery]):
    language = check_language(query.language)
    return permit_file(request, request.auth, find_permit(request, record_id), language)


@router.get("/certificates/{record_id}/pdf", response=READ_ERRORS, operation_id="permits_certificates_pdf",
            summary="The printed admission certificate (Annex 3), PDF",
            openapi_extra=_binary(PDF, "The certificate's printed form."))
def certificate_pdf(request, record_id: RecordId, query: Query[DocumentQuery]):
    language = check_language(query.language)
    certificate = get_object_or_404(gatekeeper.visible_certificates(request.auth), pk=record_id)
    return certificate_file(request, request.auth, certificate, language)
