import pytest

from qauipsiz.control.services import regulation as services

from .regulation_site import PW, build

pytestmark = pytest.mark.django_db


def test_smoke():
    site = build()
    draft = services.regulation_start(organisation=site.org, by=site.official)
    approved = services.regulation_approve(record=draft, by=site.head, credentials=PW)
    print(approved.pdf_sha256)
    assert approved.status == "approved"
