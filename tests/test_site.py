"""The site shell and the registry: one `register_domain(...)` per app, read by each mechanism; the home page composed
of the panels each app gives per role; "which organisation a record belongs to" answered in one place."""

import pytest
import time_machine

from qauipsiz.accounts.choices import Role
from qauipsiz.core.models import LegalAct, LegalActClause
from qauipsiz.domains import domains, organisation_of, organisation_path, state_checked
from qauipsiz.ledger.retention import rules
from qauipsiz.notifications.jobs import jobs
from qauipsiz.permits import services as permit_services
from qauipsiz.permits.choices import Status
from tests import factories as f
from tests.permits.conftest import START, make_site

pytestmark = pytest.mark.django_db

# What the six registries held before the one registration call (ledger.services.STATE_CHECKED and the paths of
# ledger.verify.ORGANISATION_PATH with permits' additions).
STATE_CHECKED_BEFORE = {
    "core.organisation": "pk", "core.division": "organisation", "core.hazardousfacility": "organisation",
    "core.buildingstructure": "organisation", "core.technicaldevice": "organisation", "core.contractor": "organisation",
    "core.person": "organisation", "core.trainingtype": "organisation", "core.training": "organisation",
    "core.appointment": "organisation", "core.roletrainingrequirement": "organisation", "core.legalact": "organisation",
    "core.legalactclause": "act__organisation", "core.clauseedition": "clause__act__organisation",
    "core.location": "organisation",
    "accounts.rolegrant": "organisation", "accounts.user": "grants__organisation|person__organisation",
    "ledger.hold": "organisation",
    "ledger.tombstone": "organisation", "permits.permit": "organisation",
    "permits.admissioncertificate": "organisation", "permits.emergencywork": "organisation",
    "permits.overlapagreement": "organisation", "permits.certificatemeasure": "certificate__organisation",
    "permits.registerline": "organisation",  # the kept register lines of purged permits (344 cl.13), added since
    "permits.naming": "permit__organisation",  # who was named admitting or shift performer after issue (cl.29)
    "permits.jointsignature": "agreement__organisation",  # each party's signature of joint measures (cl.7)
    **{f"permits.{child}": "permit__organisation" for child in ("permitmeasure", "airsample", "approval", "crewmember",
                                                               "admissionperiod", "extension", "attachment")},
}


def test_each_app_registers_once_and_the_mechanisms_read_it():
    labels = [domain.label for domain in domains()]
    assert labels[:7] == ["core", "accounts", "ledger", "notifications", "permits", "control", "toydomain"]
    assert {label: path for label, path in state_checked().items() if not label.startswith(("toydomain.", "control."))} \
        == STATE_CHECKED_BEFORE
    assert jobs()["permits.lapse"] is permit_services.lapse_job
    assert "permits.permit" in rules()
    # The ledger's demo step (the register's bulk rows) runs before the permits' (which go through their services).
    steps = [step.__module__ for domain in domains() for step in domain.demo_steps]
    assert steps.index("qauipsiz.ledger.demo") < steps.index("qauipsiz.permits.demo")


def test_organisation_of_follows_the_registered_path(db):
    org = f.organisation()
    clause = LegalActClause(act=LegalAct(organisation=org))
    assert organisation_of(org) == org.pk
    assert organisation_of(clause) == org.pk and organisation_path("core.legalactclause") == "act__organisation"
    assert organisation_of(f.division(org)) == org.pk
    with time_machine.travel(START, tick=False):
        site = make_site()
        permit = site.draft()
        measure = permit.measures.first()
    assert organisation_of(permit) == site.org.pk
    if measure is not None:
        assert organisation_of(measure) == site.org.pk


def test_the_home_shows_each_role_its_panels(client):
    with time_machine.travel(START, tick=False):
        site = make_site()
        site.in_progress(crew=1)
        client.force_login(site.performer.user)
        performer_home = client.get("/en/")
        client.force_login(f.user(Role.HEAD, site.org))
        head_home = client.get("/en/")
        client.force_login(f.user(Role.AUDITOR, site.org))
        auditor_home = client.get("/en/")
    assert "Overview" in performer_home.content.decode()
    # Work under permits (issue 11): the performer's own permits, not the register's training statistics nor the
    # organisation's counts.
    assert 'id="home-my-permits"' in performer_home.content.decode()
    assert 'id="home-open-permits"' not in performer_home.content.decode()
    assert "training_bars" not in performer_home.context
    [row] = performer_home.context["my_permits"]
    assert row["permit"].status == Status.IN_PROGRESS
    # The head sees both; the auditor reads the register and is given no permit panel.
    assert 'id="home-open-permits"' in head_home.content.decode() and "training_bars" in head_home.context
    assert 'id="home-open-permits"' not in auditor_home.content.decode() and "training_bars" in auditor_home.context


def test_the_menu_gathers_the_administration_entries_of_several_apps(client):
    f.organisation()  # users are managed within an organisation
    client.force_login(f.superuser())
    sections = client.get("/en/").context["nav_sections"]
    assert [str(section["title"]) for section in sections][::len(sections) - 1] == ["Work permits", "Administration"]
    assert [item["slug"] for item in sections[-1]["items"]] == ["users", "access-log", "retention"]
