"""A toy domain (tests/toydomain/, installed by the test settings only) plugs into the site through its one
`register_domain(...)` call: its page, menu entry, home panel, scope, retention rule, API endpoint and ledger entries
all work with no edit outside its folder."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import visible_to
from qauipsiz.domains import organisation_of
from qauipsiz.ledger.models import Hold, LedgerEntry
from qauipsiz.ledger.verify import verify_organisation
from tests import factories as f
from tests.toydomain.models import ToyRecord
from tests.toydomain.services import toy_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return f.organisation()


@pytest.fixture
def head(org):
    return f.user(Role.HEAD, org)


def test_the_page_is_reachable_and_reads_through_the_registered_scope(client, org, head):
    toy_create(by=f.superuser(), organisation=org, title="Valve check")
    other = f.organisation("Other plant")
    toy_create(by=f.superuser(), organisation=other, title="Foreign record")
    client.force_login(head)
    response = client.get(reverse("toydomain:records"))
    assert response.status_code == 200
    assert "Valve check" in response.content.decode()
    assert "Foreign record" not in response.content.decode()
    assert [r.title for r in visible_to(head, ToyRecord)] == ["Valve check"]


def test_the_menu_shows_its_entry(client, head):
    client.force_login(head)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("toydomain:records")}"' in html
    assert "Toy domain" in html


def test_the_home_shows_its_panel_to_its_roles_only(client, org, head):
    toy_create(by=f.superuser(), organisation=org, title="One")
    client.force_login(head)
    home = client.get(reverse("home")).content.decode()
    assert 'id="toy-panel"' in home and "1 toy records" in home
    client.force_login(f.user(Role.WORK_PERFORMER, org))
    assert 'id="toy-panel"' not in client.get(reverse("home")).content.decode()


def test_its_records_are_ledgered_and_state_checked(org):
    record = toy_create(by=f.superuser(), organisation=org, title="Ledgered")
    assert organisation_of(record) == org.pk
    assert LedgerEntry.objects.filter(object_type="toydomain.toyrecord", object_id=str(record.pk)).count() == 1
    assert verify_organisation(org.pk) == []
    ToyRecord.objects.filter(pk=record.pk).update(title="Changed behind the system's back")
    assert any(problem.object_type == "toydomain.toyrecord" for problem in verify_organisation(org.pk))


def test_the_retention_page_lists_its_due_records_and_purges_them(client, org, head):
    now = timezone.now()
    due = toy_create(by=f.superuser(), organisation=org, title="Old", ended_at=now - datetime.timedelta(days=40))
    toy_create(by=f.superuser(), organisation=org, title="Recent", ended_at=now - datetime.timedelta(days=5))
    client.force_login(head)
    page = client.get(reverse("ledger:retention")).content.decode()
    section = page.split("Toy records that may be purged")[1].split("</section>")[0]
    assert "Toy record Old" in section and "Toy record Recent" not in section
    assert "Toy records are kept for 30 days after their end." in page
    response = client.post(reverse("ledger:toyrecord-purge", args=[due.pk]), {"organisation": org.pk})
    assert response.status_code == 302
    assert not ToyRecord.objects.filter(pk=due.pk).exists()
    assert verify_organisation(org.pk) == []


def test_the_api_has_its_endpoint(client, org, head):
    toy_create(by=f.superuser(), organisation=org, title="Via the API")
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/toy/records"]["get"]["operationId"] == "toy_records_list"
    client.force_login(head)
    assert [row["title"] for row in client.get("/api/v1/toy/records").json()] == ["Via the API"]


def test_a_hold_names_one_record_of_one_rule(client, org, head):
    """With two rules (permits and the toy's), the hold form has one record field per rule, and takes exactly one."""
    record = toy_create(by=f.superuser(), organisation=org, title="Held")
    client.force_login(head)
    hold = {"kind": "legal", "reason": "Court case", "reference": ""}
    refused = client.post("/en/ledger/retention/", {**hold, "organisation": org.pk})
    assert refused.status_code == 422 and "Choose the one record to hold." in refused.content.decode()
    assert client.post("/en/ledger/retention/", {**hold, "organisation": org.pk, "toyrecord": record.pk}).status_code == 302
    assert Hold.objects.get().object_type == "toydomain.toyrecord"
