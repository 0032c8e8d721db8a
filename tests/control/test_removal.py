"""Training lapses and removal from work (315 cl.4.7, cl.4.10, cl.27.4)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.control.choices import RemovalStatus
from qauipsiz.control.models import Removal
from qauipsiz.control.removal_selectors import training_lapses
from qauipsiz.control.services import removal as services
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.competence import is_competent
from qauipsiz.ledger.signatures import SignatureRefused
from qauipsiz.permits import services as permit_services
from tests import factories as f
from tests.permits.conftest import PW

from .removal_site import TODAY, build_site, lapse, removed, renew, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with travel() as traveller:
        yield traveller


@pytest.fixture
def site(db, clock):
    return build_site()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_315_cl4_7_lapsed_and_lapsing_trainings_are_listed_by_division(site):
    lapse(site.admitting)
    lapse(site.crew[1], until=TODAY + datetime.timedelta(days=10))
    rows = training_lapses(site.official, site.org.pk)
    states = {(lapse.person.pk, lapse.state) for lapse in rows}
    assert (site.admitting.pk, "lapsed") in states
    assert (site.crew[1].pk, "lapsing") in states
    assert {lapse.person.pk for lapse in training_lapses(site.official, site.org.pk, state="lapsed")} == {
        site.admitting.pk}
    other = f.division(site.org, "Shop No. 3")
    assert training_lapses(site.official, site.org.pk, division=other) == []


def test_315_cl4_7_the_official_proposes_with_the_lapsed_trainings_attached(site):
    lapse(site.admitting)
    proposal = services.removal_propose(by=site.official, person=site.admitting, reason="First aid lapsed")
    assert proposal.status == RemovalStatus.PROPOSED
    assert [item["type"] for item in proposal.lapsed] == ["first_aid"]
    assert proposal.lapsed[0]["valid_until"] == "2026-10-01"


def test_315_cl4_7_a_proposal_resting_on_no_lapse_is_refused(site):
    with pytest.raises(ActionRefused, match="no ground"):
        services.removal_propose(by=site.official, person=site.admitting, reason="Just because")
    assert not Removal.objects.exists()


def test_315_cl4_7_only_the_service_proposes(site):
    lapse(site.admitting)
    with pytest.raises(PermissionDenied):
        services.removal_propose(by=site.auditor, person=site.admitting, reason="x")


def test_315_cl27_4_the_head_rejects_with_the_reason(site):
    lapse(site.admitting)
    proposal = services.removal_propose(by=site.official, person=site.admitting, reason="First aid lapsed")
    rejected = services.removal_reject(record=proposal, by=site.head, credentials=PW, reason="Renewed tomorrow")
    assert rejected.status == RemovalStatus.REJECTED and rejected.rejection_reason == "Renewed tomorrow"
    assert not is_competent(site.admitting, CompetenceRole.ADMITTING_PERSON).reasons[1:]  # only the training


def test_315_cl27_4_only_the_head_decides(site):
    lapse(site.admitting)
    proposal = services.removal_propose(by=site.official, person=site.admitting, reason="First aid lapsed")
    with pytest.raises(PermissionDenied):
        services.removal_approve(record=proposal, by=site.official, credentials=PW, removed_from=TODAY)


def test_315_cl27_4_a_removed_person_is_competent_in_no_role_until_lifted(site):
    removal = removed(site, site.admitting)
    renew(site.admitting)
    for role in (CompetenceRole.ADMITTING_PERSON, CompetenceRole.CREW_MEMBER, CompetenceRole.WORK_PERFORMER):
        answer = is_competent(site.admitting, role)
        assert not answer
        assert f"No. {removal.pk}" in answer.explain()
    services.removal_lift(record=removal, by=site.official, credentials=PW)
    assert is_competent(site.admitting, CompetenceRole.ADMITTING_PERSON)


def test_315_cl27_4_removed_person_is_refused_as_crew_member_and_as_signer(site):
    permit = site.admitted()
    permit_services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    other = site.issued(place="Unit AVT-7, compressor bay", devices=[])
    member = removed(site, site.crew[0])
    renew(site.crew[0])  # trained again, but not yet lifted: still removed
    with pytest.raises(ActionRefused, match=f"removal from work No. {member.pk}"):
        permit_services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    signer = removed(site, site.admitting)
    renew(site.admitting)
    measure = other.measures.first()
    with pytest.raises((SignatureRefused, ActionRefused), match=f"removal from work No. {signer.pk}"):
        permit_services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    measure.refresh_from_db()
    assert measure.done_at is None


def test_315_cl27_4_the_lift_is_refused_while_the_training_is_lapsed(site):
    removal = removed(site, site.admitting)
    with pytest.raises(ActionRefused, match="not renewed"):
        services.removal_lift(record=removal, by=site.head, credentials=PW)
    removal.refresh_from_db()
    assert removal.status == RemovalStatus.REMOVED
    renew(site.admitting)
    assert services.removal_lift(record=removal, by=site.head, credentials=PW).status == RemovalStatus.LIFTED


def test_315_cl27_4_the_lift_page_shows_it_disabled_with_the_reason(client, site):
    removal = removed(site, site.admitting)
    client.force_login(site.official)
    page = client.get(reverse("control:removal", args=[removal.pk]))
    assert page.status_code == 200
    assert "not renewed" in page.content.decode()


def test_315_cl27_4_the_permit_page_and_the_board_show_the_removed_person(client, site):
    permit = site.issued()
    removal = removed(site, site.admitting)
    client.force_login(site.issuer.user)
    page = client.get(reverse("permits:detail", args=[permit.pk])).content.decode()
    assert 'id="removed-from-work"' in page and f"No. {removal.pk}" in page
    board = client.get(reverse("permits:board")).content.decode()
    assert f'data-barred="{site.admitting.pk}"' in board and f"No. {removal.pk}" in board


def test_315_cl27_4_the_board_reads_no_more_with_a_removal(client, site, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    site.issued()
    client.force_login(site.issuer.user)
    client.get(reverse("permits:board"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("permits:board"))
    removed(site, site.admitting)
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("permits:board"))
    assert len(after) <= len(before) + 1  # the names of those barred


def test_315_cl25_an_outsider_gets_404_and_the_auditor_403_on_the_acts(client, site):
    removal = removed(site, site.admitting)
    stranger = f.user("pc_official", f.organisation("Other refinery"))
    client.force_login(stranger)
    assert client.get(reverse("control:removal", args=[removal.pk])).status_code == 404
    assert client.get(reverse("control:removal-removal_lift", args=[removal.pk])).status_code == 404
    client.force_login(site.auditor)
    assert client.get(reverse("control:removal", args=[removal.pk])).status_code == 200
    response = client.post(reverse("control:removal-removal_lift", args=[removal.pk]),
                           {"sign_method": "password", "sign_password": PW["password"]})
    assert response.status_code == 403
    assert client.get(reverse("control:removal-propose")).status_code == 403


def test_315_cl4_10_lists_and_pages_answer_with_flat_query_counts(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(site.official)
    lapse(site.admitting)
    lapse(site.crew[0])
    counts = []
    for extra in range(2):
        with CaptureQueriesContext(connection) as captured:
            for name in ("control:lapses", "control:removals", "control:lapses-export"):
                assert client.get(reverse(name)).status_code == 200
        counts.append(len(captured))
        for person in site.crew[1:]:
            lapse(person)
        if extra == 0:
            services.removal_propose(by=site.official, person=site.crew[0], reason="x")
    assert counts[1] <= counts[0] + 1


def test_315_cl4_7_the_api_lists_lapses_and_takes_a_proposal(client, site):
    lapse(site.admitting)
    client.force_login(site.official)
    lapses = client.get("/api/v1/control/removal/training-lapses")
    assert lapses.status_code == 200 and lapses.json()[0]["person_id"] == site.admitting.pk
    answer = client.post("/api/v1/control/removal/removals", {"person_id": site.admitting.pk, "reason": "x"},
                         content_type="application/json")
    assert answer.status_code == 201, answer.content
    again = client.post("/api/v1/control/removal/removals", {"person_id": site.admitting.pk, "reason": "x"},
                        content_type="application/json")
    assert again.status_code == 409


def test_315_cl4_7_every_page_opens_for_those_who_work_on_it(client, site):
    from qauipsiz.control.models import Examination
    from qauipsiz.control.services.examinations import examination_create

    examination = examination_create(by=site.official, organisation=site.org, device=site.device, building=None,
                                     kind="certification", due_on=TODAY)
    lapse(site.admitting)
    proposal = services.removal_propose(by=site.official, person=site.admitting, reason="First aid lapsed")
    client.force_login(site.official)
    for name, args in (("control:examinations", ()), ("control:examination-create", ()),
                       ("control:examination-import", ()), ("control:examination-import-template", ()),
                       ("control:examination", (examination.pk,)), ("control:lapses", ()),
                       ("control:removals", ()), ("control:removal-propose", ()),
                       ("control:removal", (proposal.pk,)), ("home", ())):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    client.force_login(site.head)
    for code in ("removal_approve", "removal_reject"):
        page = client.get(reverse(f"control:removal-{code}", args=[proposal.pk]))
        assert page.status_code == 200, code
    answer = client.post(reverse("control:removal-removal_approve", args=[proposal.pk]),
                         {"removed_from": TODAY.isoformat(), "sign_method": "password",
                          "sign_password": PW["password"]})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    proposal.refresh_from_db()
    assert proposal.status == RemovalStatus.REMOVED
    assert Examination.objects.count() == 1
