"""An accident linked to the work permits involved (315 cl.4.12 with 344 cl.15 ¶2): control asks the permits by name
(`permits.link_accident`, `permits.permits_at`, `permits.permit_info`), and the permit is then kept in the archive
for good."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.control.choices import AccidentKind
from qauipsiz.control.models import AccidentPermit
from qauipsiz.control.services import accidents as services
from qauipsiz.domains import service
from qauipsiz.ledger import retention
from qauipsiz.permits.services import archive_holds
from tests import factories as f
from tests.permits.conftest import START, make_site

from .accidents_site import Api, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    """The permits' test site, the clock standing at START (tests/permits/conftest.py)."""
    with time_machine.travel(START, tick=False):
        yield make_site()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_315_cl4_12_linking_a_permit_archives_it_and_the_page_shows_its_number_and_status(site):
    permit = site.issued()
    official = f.user(Role.PC_OFFICIAL, site.org)
    accident = services.accident_register(by=official, facility=site.facility, kind=AccidentKind.INJURY,
                                          occurred_at=START,
                                          description="A fitter's hand burnt")
    found = service("permits.permits_at")(user=official, organisation_id=site.org.pk, facility_id=site.facility.pk,
                                          start=START, end=START + datetime.timedelta(hours=3))
    assert [row["id"] for row in found] == [permit.pk] and isinstance(found[0]["number"], str)
    link = services.permit_link(by=official, accident=accident, permit_id=permit.pk, reason="Injury during the work")
    assert link.permit_number == permit.display_number
    hold = archive_holds(permit).get()
    assert hold.permanent and hold.reference.startswith(str(accident))
    with pytest.raises(retention.PurgeRefused):
        retention.purge(by=f.user(Role.HEAD, site.org), obj=permit)
    again = services.permit_link(by=official, accident=accident, number=permit.display_number, reason="Again")
    assert again.pk == link.pk and AccidentPermit.objects.count() == 1
    page = logged_in(official).get(accident.get_absolute_url())
    assert reverse("permits:detail", args=[permit.pk]).encode() in page.content
    assert b"Kept in the archive (344 cl.15)" in page.content
    picker = logged_in(official).get(reverse("control:accident-permit-link", args=[accident.pk]))
    assert str(permit).encode() in picker.content


def test_315_cl4_12_an_unknown_or_draft_permit_is_refused_and_nothing_is_held(site):
    draft = site.draft(place="Bay 9", devices=[])
    official = f.user(Role.PC_OFFICIAL, site.org)
    accident = services.accident_register(by=official, facility=site.facility, kind=AccidentKind.ACCIDENT,
                                          occurred_at=START, description="Fire")
    with pytest.raises(ValidationError, match="No work permit"):
        services.permit_link(by=official, accident=accident, number="999/2026", reason="x")
    with pytest.raises(ValidationError, match="only an issued permit"):
        services.permit_link(by=official, accident=accident, permit_id=draft.pk, reason="x")
    with pytest.raises(ValidationError, match="e.g. 12/2026"):
        services.permit_link(by=official, accident=accident, number="twelve", reason="x")
    assert not AccidentPermit.objects.exists() and not archive_holds(draft).exists()
    response = Api(official, "/api/v1/control/accidents").post(f"/{accident.pk}/permits",
                                                              {"number": "999/2026", "reason": "x"})
    assert response.status_code == 422
