"""344 cl.8: work near railways, roads, power lines, gas and heat pipelines and other communications, and all
earthwork, is agreed beforehand with the organisations serving them; the documents are attached to the permit."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import AttachmentKind, Nearby, Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Attachment

from .conftest import PW


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def attach(site, permit, kind: str, data: bytes = b"%PDF-1.4 agreement with the gas service\n") -> Attachment:
    return Attachment.objects.create(
        permit=permit, kind=kind, title=f"{kind} document", file=ContentFile(data, name="document.pdf"),
        filename="document.pdf", content_type="application/pdf", size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), added_by=site.issuer.user)


@pytest.mark.parametrize("changes", [
    {"nearby": [Nearby.GAS_PIPELINE]}, {"nearby": [Nearby.RAILWAY, Nearby.POWER_LINE]}, {"earthwork": True},
    {"kind": "excavation"},
], ids=["gas-pipeline", "railway-and-power-line", "earthwork", "excavation-work-type"])
def test_344_cl08_agreement_attachment_required_before_issue(site, changes):
    """344 cl.8: such work "shall be preliminarily agreed upon by the person issuing" — no agreement, no issue."""
    permit = site.draft(**changes)
    with pytest.raises(ActionRefused, match=r"344 cl\.8"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    attach(site, permit, AttachmentKind.DIAGRAM)  # a diagram alone is not the agreement
    with pytest.raises(ActionRefused, match=r"344 cl\.8"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    attach(site, permit, AttachmentKind.AGREEMENT)
    assert services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW).status == Status.ISSUED


def test_344_cl08_work_away_from_communications_needs_no_agreement(site):
    """344 cl.8 (a contrario): ordinary work inside the unit is issued without an agreement."""
    permit = site.draft()
    assert not permit.nearby and not permit.earthwork
    assert services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW).status == Status.ISSUED
