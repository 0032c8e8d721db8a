"""The acts of a permit's life come from one registration each (`permits/registered.py`): the page, its action on the
permit page and the API endpoint (issue 8 item 1). The addresses and the names people and clients use stay as they
were."""

import pytest
from django.urls import reverse

from qauipsiz.acts.registered import registered_acts
from qauipsiz.permits.acts import ACTS, Act
from qauipsiz.permits.models import Permit
from qauipsiz.permits.registered import PERMIT_ACTS, UNREGISTERED
from qauipsiz.site.api import api

from .conftest import PASSWORD
from .test_views_support import as_user, text

PAGES = {  # the page of each act, as the permit pages and the tests have always named it
    Act.ISSUE: "issue", Act.CANCEL: "cancel", Act.COMPLETE_MEASURE: "measure-complete",
    Act.COMPLETE_MEASURES: "measures-complete",
    Act.ADD_JOINT_MEASURES: "joint-measures", Act.SIGN_JOINT_MEASURES: "joint-measures-sign",
    Act.WITHDRAW_JOINT_MEASURES: "joint-measures-withdraw", Act.RECORD_AIR_SAMPLE: "air-sample", Act.APPROVE: "approve",
    Act.ADMIT: "admit", Act.ACCEPT_WORKPLACE: "accept", Act.ADD_MEMBER: "crew-add", Act.REMOVE_MEMBER: "crew-remove",
    Act.BRIEF_MEMBER: "crew-brief", Act.START_WORK: "start", Act.PAUSE: "pause", Act.HAND_OVER_SHIFT: "hand-over",
    Act.READMIT: "readmit", Act.EXTEND: "extend", Act.SUSPEND: "suspend", Act.RESUME: "resume",
    Act.TERMINATE: "terminate", Act.REPORT_LOST: "report-lost", Act.HAND_BACK: "hand-back", Act.CLOSE: "close",
    Act.RETURN_EQUIPMENT: "return-equipment", Act.NAME_ADMITTING: "name-admitting",
    Act.NAME_SHIFT_PERFORMER: "name-shift-performer",
}


def test_every_act_a_person_performs_has_exactly_one_registration():
    codes = [act.code for act in PERMIT_ACTS]
    assert len(codes) == len(set(codes))
    assert set(codes) | UNREGISTERED == set(ACTS)
    assert set(codes) == set(PAGES)
    assert list(registered_acts("permits.permit")) == PERMIT_ACTS  # what apps.py registered


def test_each_page_keeps_its_address_and_name():
    for act in PERMIT_ACTS:
        assert act.page_name == PAGES[act.code]
        args = [7, 3] if act.part is not None else [7]
        assert "/permits/7/" in reverse(f"permits:{act.page_name}", args=args)


def test_each_endpoint_keeps_its_path_and_operation_id():
    schema = api.get_openapi_schema()
    operations = {operation["operationId"]: path for path, item in schema["paths"].items()
                  for operation in item.values()}
    for act in PERMIT_ACTS:
        path = operations[act.api_operation_id()]
        assert path == f"/api/v1{act.api_route()}"
        assert path.startswith("/api/v1/permits/{record_id}/")
    assert operations["permits_crew_brief"] == "/api/v1/permits/{record_id}/crew/{member_id}/brief"
    assert operations["permits_measure_complete"] == "/api/v1/permits/{record_id}/measures/{measure_id}/complete"
    assert operations["permits_measures_complete"] == "/api/v1/permits/{record_id}/measures/complete"  # issue 11
    # Removing a crew member takes no body at all, as before.
    assert "requestBody" not in schema["paths"]["/api/v1/permits/{record_id}/crew/{member_id}/remove"]["post"]


@pytest.mark.django_db
def test_the_permit_page_opens_an_act_in_its_panel_and_follows_htmx_after_it(client, site):
    """The action panel of the permit page loads the act's card alone (htmx); after the act htmx is sent to the
    permit's page."""
    permit = site.in_progress(crew=1)
    client = as_user(client, site.performer)
    card = text(client.get(reverse("permits:hand-over", args=[permit.pk]), headers={"HX-Request": "true"}))
    assert card.lstrip().startswith('<div id="action-form"') and "<html" not in card
    assert '<p class="intro">' in card  # the act's intro
    response = client.post(reverse("permits:hand-over", args=[permit.pk]),
                           {"sign_method": "password", "sign_password": PASSWORD}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("permits:detail", args=[permit.pk])
    assert Permit.objects.get(pk=permit.pk).status == "paused"


@pytest.mark.django_db
def test_344_cl25_what_is_signed_follows_the_reason_chosen(client, site):
    """The termination's signed content names the reason: choosing another re-draws what is signed (htmx)."""
    permit = site.in_progress(crew=1)
    client = as_user(client, site.admitting)
    url = reverse("permits:terminate", args=[permit.pk])
    page = text(client.get(url))
    assert f'hx-get="{url}"' in page and 'hx-select="#signing"' in page
    emergency = text(client.get(url, {"reason": "emergency"}, headers={"HX-Request": "true"}))
    changed = text(client.get(url, {"reason": "discrepancy"}, headers={"HX-Request": "true"}))
    assert emergency != changed
    assert "discrepancy" in changed.split('id="signing"')[1] and "discrepancy" not in \
        emergency.split('id="signing"')[1]
