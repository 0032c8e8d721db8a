"""One person holding several parts of one permit (344 cl.16, cl.19 name the parts; the law is silent on holding two):
the organisation's policy per pair — allow, warn and record (the default), forbid — through the service, the API and
the permit page."""

import json

import pytest

from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.permits import services
from qauipsiz.permits.choices import HoldingPolicy, PermitPart, Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import PartsPolicy, Permit
from qauipsiz.permits.services.drafting import HELD_TOGETHER

from .conftest import PW
from .test_api import SIGN, as_, error, ok  # noqa: F401
from .test_views_support import as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def policy(site, value, first=PermitPart.RESPONSIBLE_MANAGER, second=PermitPart.PERFORMER):
    return PartsPolicy.objects.create(organisation=site.org, first=first, second=second, policy=value)


def recorded(permit) -> list:
    entries = LedgerEntry.objects.filter(action=HELD_TOGETHER, object_id=str(permit.pk))
    return [json.loads(e.content)["held_together"] for e in entries]


def test_344_cl19_parts_held_by_one_person_warn_and_record_by_default(site):
    permit = site.draft(responsible_manager=site.performer)
    held = services.held_together(permit)
    assert [(p["first"], p["second"], p["policy"]) for p in held] == [
        (PermitPart.RESPONSIBLE_MANAGER, PermitPart.PERFORMER, HoldingPolicy.WARN)]
    permit = services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert permit.status == Status.ISSUED
    assert recorded(permit) == [[{"first": "responsible_manager", "second": "performer", "person": site.performer.pk,
                                  "name": site.performer.full_name, "policy": "warn"}]]


def test_344_cl19_parts_held_by_one_person_allowed_are_not_recorded(site):
    policy(site, HoldingPolicy.ALLOW)
    permit = services.permit_issue(permit=site.draft(responsible_manager=site.performer), by=site.issuer.user,
                                   credentials=PW)
    assert permit.status == Status.ISSUED and recorded(permit) == []


def test_344_cl19_parts_held_by_one_person_forbidden_are_refused(site):
    policy(site, HoldingPolicy.FORBID, PermitPart.PERFORMER, PermitPart.RESPONSIBLE_MANAGER)  # either order
    permit = site.draft(responsible_manager=site.performer)
    with pytest.raises(ActionRefused, match="holds both parts: Responsible manager and Work performer, which the "
                                            "organisation forbids"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert Permit.objects.get(pk=permit.pk).status == Status.DRAFT


def test_344_cl19_parts_policy_of_another_pair_does_not_apply(site):
    policy(site, HoldingPolicy.FORBID, PermitPart.ISSUER, PermitPart.ADMITTING_PERSON)
    permit = services.permit_issue(permit=site.draft(responsible_manager=site.performer), by=site.issuer.user,
                                   credentials=PW)
    assert permit.status == Status.ISSUED and len(recorded(permit)) == 1


def test_344_cl19_parts_forbidden_api_answers_409(site):
    policy(site, HoldingPolicy.FORBID)
    permit = site.draft(responsible_manager=site.performer)
    body = error(as_(site.issuer).post(f"/{permit.pk}/issue", {"signature": SIGN}), 409)
    assert "which the organisation forbids" in body["detail"]


def test_344_cl19_parts_warned_api_issues_and_records(site):
    permit = site.draft(responsible_manager=site.performer)
    assert ok(as_(site.issuer).post(f"/{permit.pk}/issue", {"signature": SIGN}))["status"] == "issued"
    assert len(recorded(permit)) == 1


def test_344_cl19_parts_held_by_one_person_shown_on_the_permit_page(client, site):
    permit = services.permit_issue(permit=site.draft(responsible_manager=site.performer), by=site.issuer.user,
                                   credentials=PW)
    html = text(as_user(client, site.issuer).get(url("detail", permit.pk)))
    assert "One person holds several parts of this permit" in html
    assert f"{site.performer.full_name} holds both parts: Responsible manager and Work performer" in html
    assert "Warn and record" in html and "recorded with the issue" in html


def test_344_cl19_no_parts_held_together_nothing_shown(client, site):
    permit = site.issued()
    assert "One person holds several parts" not in text(as_user(client, site.issuer).get(url("detail", permit.pk)))
