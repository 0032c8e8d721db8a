"""The kiosk links of the control room's wall board through the API (issue 11): listed, created and revoked by the
people the page lets (the head, a production-control official, a system administrator), through the page's service.

Creating a link answers its address once, as the page shows it once. It takes no `Idempotency-Key`: a replay would
have to answer the key again, so the key would be stored in the database, where only its hash may be (as for the
API tokens of `/api/v1/tokens`)."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Schema, Status

from qauipsiz.core.api import RecordId

from ..models import KioskLink
from ..services import kiosk as kiosk_service
from .common import READ_ERRORS, WRITE_ERRORS, router, text_type


class KioskLinkOut(Schema):
    id: int
    organisation: int
    name: str
    hint: str = Field(..., description="The first characters of the key, to tell the links apart.")
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class NewKioskLinkOut(KioskLinkOut):
    url: str = Field(..., description="The board's address for the wall screen. Shown this once: only its hash is kept.")


class KioskLinkIn(Schema):
    organisation: RecordId | None = Field(None, description="Default: the first organisation the caller manages links of.")
    name: text_type(100, min_length=1) = Field(..., description="Where the screen is, e.g. \"Control room 2\".")


def link_body(link: KioskLink) -> dict:
    return {"id": link.pk, "organisation": link.organisation_id, "name": link.name, "hint": link.hint,
            "created_at": link.created_at, "last_used_at": link.last_used_at, "revoked_at": link.revoked_at}


class KioskLinksQuery(Schema):
    organisation: RecordId | None = None


@router.get("/kiosk-links", response={200: list[KioskLinkOut], **READ_ERRORS}, operation_id="permits_kiosk_links_list",
            summary="The kiosk links of the organisation's wall board")
def kiosk_links(request, query: Query[KioskLinksQuery]):
    organisation = kiosk_service.kiosk_organisation(request.auth, query.organisation)
    return [link_body(link) for link in KioskLink.objects.filter(organisation=organisation)]


@router.post("/kiosk-links", response={201: NewKioskLinkOut, **WRITE_ERRORS},
             operation_id="permits_kiosk_links_create", summary="A new kiosk link of the wall board (its address once)")
def kiosk_link_create(request, payload: KioskLinkIn):
    organisation = kiosk_service.kiosk_organisation(request.auth, payload.organisation)
    link, key = kiosk_service.kiosk_link_create(by=request.auth, organisation_id=organisation.pk, name=payload.name)
    url = request.build_absolute_uri(reverse("permits:kiosk", args=[key]))
    return Status(201, {**link_body(link), "url": url})


@router.post("/kiosk-links/{record_id}/revoke", response={200: KioskLinkOut, **WRITE_ERRORS},
             operation_id="permits_kiosk_links_revoke", summary="Revoke a kiosk link: its screen says so at its next refresh")
def kiosk_link_revoke(request, record_id: RecordId):
    link = get_object_or_404(KioskLink, pk=record_id, organisation__in=kiosk_service.kiosk_organisations(request.auth))
    return link_body(kiosk_service.kiosk_link_revoke(by=request.auth, link=link))
