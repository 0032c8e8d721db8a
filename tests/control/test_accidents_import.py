"""Import of accidents, incidents and injuries from XLSX with a preview (315 cl.4.12): nothing is written until the
confirmation, bad rows are shown with their reasons and skipped, the list's export imports as is."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qauipsiz.control.models import Accident
from tests import factories as f

from .accidents_site import english, logged_in, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(autouse=True)
def _english():
    with english():
        yield


def upload(client, rows, organisation):
    data = f.xlsx_bytes(rows)
    return client.post(reverse("control:accidents-import"), {
        "organisation": organisation.pk, "file": SimpleUploadedFile("accidents.xlsx", data)})


def test_315_cl4_12_import_previews_then_registers_the_good_rows(world):
    client = logged_in(world.official)
    rows = [["Kind", "Happened at", "Facility", "Unit or area", "What happened"],
            ["Incident", "05.03.2025 14:30", world.fac_a.registration_number, "Pump bay", "Valve leak"],
            ["Accident-caused injury", "06.03.2025 09:00", "Crude unit A", "", "Fall from a ladder"],
            ["Earthquake", "not a date", "Nowhere", "", ""]]
    preview = upload(client, rows, world.org)
    assert preview.status_code == 200, preview.content[:500]
    content = preview.content.decode()
    assert 'id="count-create">2<' in content and 'id="count-reject">1<' in content
    assert "not one of the kinds" in content and not Accident.objects.exists()
    token = preview["X-Preview-Url"].rstrip("/").rsplit("/", 1)[1]
    done = client.post(reverse("control:accidents-import"), {"token": token})
    assert done.status_code == 302
    leak = Accident.objects.get(description="Valve leak")
    assert leak.place == "Pump bay" and leak.occurred_at.hour == 9  # 14:30 in Asia/Almaty is 09:30 UTC
    assert Accident.objects.count() == 2


def test_315_cl4_12_import_refuses_a_file_without_the_columns_and_the_auditor(world):
    client = logged_in(world.official)
    response = upload(client, [["Name"], ["x"]], world.org)
    assert response.status_code == 400 and b"has no columns for" in response.content
    assert logged_in(world.auditor).get(reverse("control:accidents-import")).status_code == 403
    assert not Accident.objects.exists()
