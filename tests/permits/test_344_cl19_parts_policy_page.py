"""The organisation sets its policy on one person holding two parts of one permit (344 cl.19; the law is silent) on a
page and through the API: the head, a production-control official or a system administrator; nobody else."""

import json

import pytest
from django.test import Client
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import services
from qauipsiz.permits.choices import HoldingPolicy, PermitPart, Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.menu import permits_menu
from qauipsiz.permits.models import PartsPolicy, Permit
from tests import factories as f

from .conftest import PW
from .test_api import BASE, SIGN, Api, as_, error, ok
from .test_views_support import as_user, english, outsider_user, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

PAIR = {"first": PermitPart.RESPONSIBLE_MANAGER, "second": PermitPart.PERFORMER}


def policy_entries(site) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(organisation=site.org, action__startswith="permits.partspolicy."))


def post(client, site, **values):
    return client.post(url("parts-policy"), {"organisation": site.org.pk, **PAIR, **values})


def menu_slugs(user) -> set[str]:
    return {entry.slug for section in permits_menu(user) for entry in section.entries}


def test_344_cl19_parts_policy_page_shows_every_pair_with_the_default_marked(client, site,
                                                                            django_assert_max_num_queries):
    head = f.user(Role.HEAD, site.org)
    PartsPolicy.objects.create(organisation=site.org, first=PermitPart.PERFORMER, second=PermitPart.ISSUER,
                               policy=HoldingPolicy.ALLOW)  # written the other way round, as the admin may
    as_user(client, head)
    with django_assert_max_num_queries(12):  # one read of the policies, whatever the number of pairs
        response = client.get(url("parts-policy"))
    assert response.status_code == 200
    html = text(response)
    assert html.count("<tr data-pair=") == 6
    assert "Responsible manager + Work performer" in html and "Permit issuer + Work performer" in html
    assert html.count("data-default") == 5  # the issuer/performer pair is decided
    assert "Warn and record (default)" in html
    rows = services.parts_policies(site.org.pk)
    assert [(r["first"], r["second"], r["policy"], r["is_default"]) for r in rows][2] == (
        PermitPart.ISSUER, PermitPart.PERFORMER, HoldingPolicy.ALLOW, False)
    assert "parts-policy" in menu_slugs(head)


def test_344_cl19_parts_policy_page_head_changes_a_pair_and_the_issue_follows_it(client, site):
    head = f.user(Role.HEAD, site.org)
    permit = site.draft(responsible_manager=site.performer)
    response = post(as_user(client, head), site, policy=HoldingPolicy.FORBID)
    assert response.status_code == 302
    assert PartsPolicy.objects.get(organisation=site.org, **PAIR).policy == HoldingPolicy.FORBID
    [entry] = policy_entries(site)
    assert entry.action == "permits.partspolicy.created" and entry.actor_role == Role.HEAD
    assert json.loads(entry.content)["policy"] == "forbid"
    with pytest.raises(ActionRefused, match="which the organisation forbids"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert Permit.objects.get(pk=permit.pk).status == Status.DRAFT

    # Back to allow (htmx: the rows come back, the pair marked saved); the issue now records nothing.
    response = client.post(url("parts-policy"), {"organisation": site.org.pk, **PAIR, "policy": HoldingPolicy.ALLOW},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="parts-policy-rows"' in text(response)
    assert "Saved." in text(response) and "<h1>" not in text(response)
    assert [e.action for e in policy_entries(site)] == ["permits.partspolicy.created", "permits.partspolicy.updated"]
    permit = services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert permit.status == Status.ISSUED
    assert services.held_together(permit)[0]["policy"] == HoldingPolicy.ALLOW
    # The same value again changes nothing and ledgers nothing.
    post(client, site, policy=HoldingPolicy.ALLOW)
    assert len(policy_entries(site)) == 2
    assert verify_organisation(site.org.pk) == []


@pytest.mark.parametrize("role", [Role.PC_OFFICIAL, Role.SYSADMIN])
def test_344_cl19_parts_policy_page_pc_official_and_sysadmin_change_it(client, site, role):
    user = f.user(role, site.org)
    assert post(as_user(client, user), site, policy=HoldingPolicy.ALLOW).status_code == 302
    assert PartsPolicy.objects.get(organisation=site.org, **PAIR).policy == HoldingPolicy.ALLOW
    assert policy_entries(site)[0].actor_role == role


def test_344_cl19_parts_policy_page_crew_member_and_issuer_get_403(client, site):
    for person in (site.crew[0], site.issuer, site.supervisor):
        as_user(client, person)
        assert client.get(url("parts-policy")).status_code == 403
        assert post(client, site, policy=HoldingPolicy.FORBID).status_code == 403
        assert "parts-policy" not in menu_slugs(person.user)
    assert not PartsPolicy.objects.exists() and policy_entries(site) == []


def test_344_cl19_parts_policy_page_outsider_sees_nothing(client, site):
    outsider = outsider_user()
    as_user(client, outsider)
    # His own organisation's matrix, never the site's.
    html = text(client.get(url("parts-policy")))
    assert "Other refinery" in html and site.org.name not in html
    assert client.get(url("parts-policy"), {"organisation": site.org.pk}).status_code == 404
    assert post(client, site, policy=HoldingPolicy.FORBID).status_code == 404
    assert not PartsPolicy.objects.filter(organisation=site.org).exists()


def test_344_cl19_parts_policy_page_bad_value_422_nothing_changed(client, site):
    as_user(client, f.user(Role.HEAD, site.org))
    response = post(client, site, policy="sometimes")
    assert response.status_code == 422 and 'role="alert"' in text(response)
    response = post(client, site, policy=HoldingPolicy.FORBID, second=PermitPart.RESPONSIBLE_MANAGER)
    assert response.status_code == 422 and "Choose two different parts." in text(response)
    assert not PartsPolicy.objects.exists() and policy_entries(site) == []


# --- the API ---------------------------------------------------------------------------------------------------------

def test_344_cl19_parts_policy_api_reads_and_changes(site):
    head = as_(f.user(Role.HEAD, site.org))
    body = ok(head.get("/parts-policy"))
    assert body["organisation"] == site.org.pk and body["default"] == "warn" and len(body["items"]) == 6
    assert all(item["is_default"] and item["policy"] == "warn" for item in body["items"])

    body = ok(head.patch("/parts-policy", {"items": [{"first": "performer", "second": "responsible_manager",
                                                      "policy": "forbid"}]}))
    changed = [item for item in body["items"] if not item["is_default"]]
    assert changed == [{"first": "responsible_manager", "second": "performer", "first_label": "Responsible manager",
                        "second_label": "Work performer", "policy": "forbid", "policy_label": "Forbid",
                        "is_default": False}]
    permit = site.draft(responsible_manager=site.performer)
    refused = error(as_(site.issuer).post(f"/{permit.pk}/issue", {"signature": SIGN}), 409)
    assert "which the organisation forbids" in refused["detail"]

    pairs = [(i["first"], i["second"]) for i in body["items"]]
    whole = [{"first": a, "second": b, "policy": "allow"} for a, b in pairs]
    body = ok(head.client.put(f"{BASE}/parts-policy", json.dumps({"organisation": site.org.pk, "items": whole}),
                              content_type="application/json"))
    assert {item["policy"] for item in body["items"]} == {"allow"}
    assert PartsPolicy.objects.filter(organisation=site.org).count() == 6
    permit = services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert permit.status == Status.ISSUED


def test_344_cl19_parts_policy_api_403_for_others_404_for_outsiders(site):
    for person in (site.crew[0], site.issuer):
        error(as_(person).get("/parts-policy"), 403)
        error(as_(person).patch("/parts-policy", {"items": [{**PAIR, "policy": "forbid"}]}), 403)
    outsider = Api(outsider_user())
    assert ok(outsider.get("/parts-policy"))["organisation"] != site.org.pk
    error(outsider.get("/parts-policy", {"organisation": site.org.pk}), 404)
    error(outsider.patch("/parts-policy", {"organisation": site.org.pk, "items": [{**PAIR, "policy": "forbid"}]}), 404)
    assert not PartsPolicy.objects.filter(organisation=site.org).exists()


@pytest.mark.parametrize("items", [
    pytest.param([{**PAIR, "policy": "sometimes"}], id="unknown-policy"),
    pytest.param([{**PAIR, "second": "crew_member", "policy": "forbid"}], id="unknown-part"),
    pytest.param([{**PAIR, "second": "responsible_manager", "policy": "forbid"}], id="same-part"),
    pytest.param([{**PAIR, "policy": "forbid"}, {**PAIR, "policy": "allow"}], id="pair-twice"),
    pytest.param([{**PAIR, "policy": "forbid"}, {"first": "issuer", "second": "issuer", "policy": "allow"}],
                 id="second-change-bad"),
])
def test_344_cl19_parts_policy_api_bad_value_422_nothing_changed(site, items):
    head = as_(f.user(Role.HEAD, site.org))
    body = error(head.patch("/parts-policy", {"items": items}), 422)
    assert body.get("errors")
    assert not PartsPolicy.objects.exists() and policy_entries(site) == []


def test_344_cl19_parts_policy_api_put_needs_every_pair(site):
    head = as_(f.user(Role.HEAD, site.org))
    response = head.client.put(f"{BASE}/parts-policy", json.dumps({"items": [{**PAIR, "policy": "forbid"}]}),
                               content_type="application/json")
    assert "every pair" in error(response, 422)["errors"]["items"][0]
    assert not PartsPolicy.objects.exists()


def test_344_cl19_parts_policy_session_api_and_page_in_the_users_language(site):
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    client.force_login(f.user(Role.HEAD, site.org))
    body = client.get(f"{BASE}/parts-policy").json()
    with translation.override("ru"):
        assert body["items"][0]["first_label"] == str(PermitPart.ISSUER.label)
