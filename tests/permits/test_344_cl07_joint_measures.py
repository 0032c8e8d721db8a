"""344 cl.7: "when several contractor organisations work at one site at the same time, before the work permit is issued
the customer organisation, together with the contractor organisations, develops additional labour safety measures and
indicates them in the permit given to the work performer of each organisation" (the Kazakh text).

Several organisations (not two jobs of one performer), one site through the location hierarchy facility → unit → area
(not the place text), agreed before issue by every party, each signing; nothing enters an issued permit without its
issuer's signature."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.core.services import record_update
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import services
from qauipsiz.permits.choices import JointStatus, MeasureCode, Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PASSWORD, PW, START, contractor_draft, contractor_party, make_site, staff
from .test_api import SIGN, as_, error, ok  # noqa: F401

JOINT = "Agree the order of work with the scaffolders; one watchman for both crews"
SIGNED = {"sign_method": "password", "sign_password": PASSWORD}


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def places(site):
    """Facility → unit AVT-6 (areas: pump bay, column) and unit AVT-7; and a second facility."""
    unit = f.location(site.facility, "Unit AVT-6")
    return {"unit": unit, "bay": f.location(site.facility, "Pump bay", parent=unit),
            "column": f.location(site.facility, "Column K-1", parent=unit),
            "other_unit": f.location(site.facility, "Unit AVT-7"),
            "other_facility": f.facility(site.org, site.division, name_en="Tank farm")}


@pytest.fixture
def scaffolders(site):
    return contractor_party(site, "Scaffold LLP", "Lesov")


def test_344_cl07_two_jobs_of_one_performer_are_not_several_organisations(site, places):
    """344 cl.7 is about several organisations: the same performer (or another of the same organisation) at the same
    site at the same time needs no joint measures."""
    site.issued(location=places["bay"])
    second = site.draft(location=places["bay"], scope_of_work="Insulate the pipeline")
    assert list(services.overlapping_permits(second)) == []
    services.permit_issue(permit=second, by=site.issuer.user, credentials=PW)


def test_344_cl07_overlap_is_found_through_facility_unit_area_not_place_text(site, places, scaffolders):
    """344 cl.7 "at one site": an area is within its unit, a unit within its facility; the place text decides nothing."""
    at_area = site.issued(location=places["bay"], place="P-12", devices=[])
    whole_facility = site.issued(location=None, place="Whole facility", devices=[],
                                 performer=staff(site.org, site.division, AppointmentRole.WORK_PERFORMER,
                                                 Role.WORK_PERFORMER, last_name="Vtorov"))

    def overlaps(location, **changes):
        draft = contractor_draft(site, scaffolders, location=location, **changes)
        return set(services.overlapping_permits(draft))

    assert overlaps(places["bay"], place="Something else entirely") == {at_area, whole_facility}
    assert overlaps(places["unit"]) == {at_area, whole_facility}  # the unit holds the pump bay
    assert overlaps(places["column"], place="P-12") == {whole_facility}  # the same place text, another area
    assert overlaps(places["other_unit"]) == {whole_facility}
    assert overlaps(None, facility=places["other_facility"], place="P-12") == set()
    later = START + datetime.timedelta(days=5)
    assert overlaps(places["bay"], planned_start=later, planned_end=later + datetime.timedelta(days=1)) == set()


def test_344_cl07_shared_equipment_is_the_same_site(site, scaffolders):
    """344 cl.7: a technical device worked on by both is one site, wherever each place is said to be."""
    first = site.issued()
    second = contractor_draft(site, scaffolders, facility=None, place="Upper floor", devices=[site.device])
    assert services.unresolved_overlaps(second) == [first]


def test_344_cl07_issue_waits_until_every_party_signed_and_only_then_the_measures_enter(site, places, scaffolders):
    """344 cl.7: agreed "before issuing", by the customer and the contractor; the measures go "in the permit given to the
    work performer of each organisation" once both have signed, and not before."""
    customer = site.issued(location=places["unit"])
    draft = contractor_draft(site, scaffolders, location=places["bay"])
    assert services.unresolved_overlaps(draft) == [customer]
    with pytest.raises(ActionRefused, match=r"344 cl\.7"):
        services.permit_issue(permit=draft, by=scaffolders.issuer.user, credentials=PW)

    agreement = services.joint_measures_agree(permit=draft, others=[customer], by=scaffolders.issuer.user,
                                              measures=JOINT, credentials=PW)
    assert agreement.status == JointStatus.PROPOSED
    assert {(s.signatory, s.contractor, bool(s.signed_at)) for s in agreement.signatures.all()} == {
        (scaffolders.issuer, scaffolders.firm, True), (site.issuer, None, False)}
    # Nothing is added to the issued permit before its own issuer signs.
    assert not customer.measures.filter(joint=agreement).exists() and not draft.measures.filter(joint=agreement).exists()
    with pytest.raises(ActionRefused, match=r"344 cl\.7"):
        services.permit_issue(permit=draft, by=scaffolders.issuer.user, credentials=PW)
    with pytest.raises(ActionRefused, match="already signed"):
        services.joint_measures_sign(permit=draft, agreement=agreement, by=scaffolders.issuer.user, credentials=PW)

    agreement = services.joint_measures_sign(permit=customer, agreement=agreement, by=site.issuer.user,
                                             credentials=PW)
    assert agreement.status == JointStatus.AGREED and agreement.agreed_at is not None
    for permit in (customer, draft):
        joint = permit.measures.get(joint=agreement)
        assert (joint.code, joint.text) == (MeasureCode.ADDITIONAL, JOINT)
    assert services.unresolved_overlaps(draft) == []
    assert services.permit_issue(permit=draft, by=scaffolders.issuer.user, credentials=PW).status == Status.ISSUED
    assert verify_organisation(site.org.pk) == []


def test_344_cl07_only_a_party_signs_and_the_outsider_cannot(site, places, scaffolders):
    """344 cl.7: the parties are the issuers of the permits concerned and the customer; nobody else signs for them."""
    customer = site.issued(location=places["unit"])
    draft = contractor_draft(site, scaffolders, location=places["bay"])
    agreement = services.joint_measures_agree(permit=draft, others=[customer], by=scaffolders.issuer.user,
                                              measures=JOINT, credentials=PW)
    with pytest.raises(PermissionDenied):  # the admitting person is no party
        services.joint_measures_sign(permit=customer, agreement=agreement, by=site.admitting.user, credentials=PW)
    other = make_site("Other refinery")
    with pytest.raises(PermissionDenied):
        services.joint_measures_sign(permit=customer, agreement=agreement, by=other.issuer.user, credentials=PW)
    assert not customer.measures.filter(joint=agreement).exists()


def test_344_cl07_the_customer_signs_where_two_contractors_meet(site, places, scaffolders):
    """344 cl.7: "the customer organisation together with the contractor organisations": with no permit of the
    customer concerned, the head of the division where the work is done signs for the customer."""
    painters = contractor_party(site, "Paint LLP", "Kraskin")
    first = contractor_draft(site, scaffolders, location=places["bay"])
    first = services.permit_issue(permit=first, by=scaffolders.issuer.user, credentials=PW)
    second = contractor_draft(site, painters, location=places["bay"], scope_of_work="Paint the scaffold")
    with pytest.raises(ActionRefused, match="no head is recorded"):
        services.joint_measures_agree(permit=second, others=[first], by=painters.issuer.user, measures=JOINT,
                                      credentials=PW)
    site.division.head = site.supervisor
    record_update(by=f.superuser(), instance=site.division)
    agreement = services.joint_measures_agree(permit=second, others=[first], by=painters.issuer.user,
                                              measures=JOINT, credentials=PW)
    assert {s.signatory for s in agreement.signatures.all()} == {painters.issuer, scaffolders.issuer, site.supervisor}
    services.joint_measures_sign(permit=first, agreement=agreement, by=scaffolders.issuer.user, credentials=PW)
    assert agreement.permits.get(pk=first.pk).measures.filter(joint=agreement).count() == 0  # the customer has not
    agreement = services.joint_measures_sign(permit=first, agreement=agreement, by=site.supervisor.user,
                                             credentials=PW)
    assert agreement.status == JointStatus.AGREED
    assert first.measures.filter(joint=agreement).count() == second.measures.filter(joint=agreement).count() == 1


def test_344_cl07_a_party_withdraws_and_a_new_proposal_follows(site, places, scaffolders):
    """344 cl.7 the measures are developed together: a party that does not agree withdraws the proposal (with the
    reason), and a new one is proposed; no dead end after the first signature."""
    customer = site.issued(location=places["unit"])
    draft = contractor_draft(site, scaffolders, location=places["bay"])
    first = services.joint_measures_agree(permit=draft, others=[customer], by=scaffolders.issuer.user,
                                          measures="One watchman", credentials=PW)
    with pytest.raises(ValidationError):
        services.joint_measures_withdraw(permit=customer, agreement=first, by=site.issuer.user, reason="  ")
    withdrawn = services.joint_measures_withdraw(permit=customer, agreement=first, by=site.issuer.user,
                                                 reason="Two watchmen are needed")
    assert withdrawn.status == JointStatus.WITHDRAWN and withdrawn.withdrawal_reason == "Two watchmen are needed"
    with pytest.raises(PermissionDenied):  # a withdrawn proposal has no parties left to sign it
        services.joint_measures_sign(permit=customer, agreement=first, by=site.issuer.user, credentials=PW)
    second = services.joint_measures_agree(permit=draft, others=[customer], by=scaffolders.issuer.user,
                                           measures="Two watchmen", credentials=PW)
    services.joint_measures_sign(permit=customer, agreement=second, by=site.issuer.user, credentials=PW)
    assert services.unresolved_overlaps(draft) == []


def test_344_cl07_joint_measures_must_be_described_and_concern_overlapping_permits(site, places, scaffolders):
    """344 cl.7: the joint measures are "developed" — an empty text is no agreement; and they are for permits that
    do work at the same site at the same time."""
    customer = site.issued(location=places["unit"])
    draft = contractor_draft(site, scaffolders, location=places["bay"])
    with pytest.raises(ValidationError):
        services.joint_measures_agree(permit=draft, others=[customer], by=scaffolders.issuer.user, measures="  ",
                                      credentials=PW)
    elsewhere = site.issued(location=places["other_unit"], devices=[])
    with pytest.raises(ValidationError):
        services.joint_measures_agree(permit=draft, others=[elsewhere], by=scaffolders.issuer.user, measures=JOINT,
                                      credentials=PW)
    assert services.unresolved_overlaps(draft) == [customer]


def test_344_cl07_a_joint_measure_entered_in_a_working_permit_is_signed_there(site, places, scaffolders):
    """344 cl.7: work already under way at the site gets the joint measures too, signed by its issuer; its executor
    then signs it carried out on the working permit, and the newcomer's crew waits for that."""
    customer = site.in_progress(location=places["unit"])
    draft = contractor_draft(site, scaffolders, location=places["bay"])
    agreement = services.joint_measures_agree(permit=draft, others=[customer], by=scaffolders.issuer.user,
                                              measures=JOINT, credentials=PW)
    services.joint_measures_sign(permit=customer, agreement=agreement, by=site.issuer.user, credentials=PW)
    assert services.open_joint_measures_elsewhere(draft) == [customer]
    services.measure_complete(measure=customer.measures.get(joint=agreement), by=site.admitting.user, credentials=PW)
    assert services.open_joint_measures_elsewhere(draft) == []
    assert Permit.objects.get(pk=customer.pk).status == Status.IN_PROGRESS


def test_344_cl07_through_the_api_proposed_signed_and_shown(site, places, scaffolders):
    """344 cl.7 through the API: the proposal is signed, the other party signs, the permit shows both signatures."""
    customer = site.issued(location=places["unit"])
    draft = contractor_draft(site, scaffolders, location=places["bay"])
    contractor_api, customer_api = as_(scaffolders.issuer), as_(site.issuer)
    assert ok(contractor_api.get(f"/{draft.pk}"))["unresolved_overlaps"] == [customer.pk]
    error(contractor_api.post(f"/{draft.pk}/joint-measures", {"others": [customer.pk], "measures": JOINT}), 422)
    error(contractor_api.post(f"/{draft.pk}/joint-measures",
                              {"others": [999999], "measures": JOINT, "signature": SIGN}), 422)
    body = ok(contractor_api.post(f"/{draft.pk}/joint-measures",
                                  {"others": [customer.pk], "measures": JOINT, "signature": SIGN}))
    [agreement] = body["joint_agreements"]
    assert agreement["status"] == "proposed" and not any(m["joint_agreement"] for m in body["measures"])
    # An issuer of another organisation does not even see the permit.
    stranger = as_(make_site("Other refinery").issuer)
    error(stranger.post(f"/{customer.pk}/joint-measures/{agreement['id']}/sign", {"signature": SIGN}), 404)
    body = ok(customer_api.post(f"/{customer.pk}/joint-measures/{agreement['id']}/sign", {"signature": SIGN}))
    [agreement] = body["joint_agreements"]
    assert agreement["status"] == "agreed" and all(s["signed_at"] for s in agreement["signatures"])
    assert any(m["joint_agreement"] == agreement["id"] and m["text"] == JOINT for m in body["measures"])
    assert body["location"] == {"id": places["unit"].pk, "name": "Unit AVT-6"}
    assert ok(contractor_api.post(f"/{draft.pk}/issue", {"signature": SIGN}))["status"] == "issued"


def test_344_cl07_the_permit_page_says_who_signs_next(site, places, scaffolders):
    """344 cl.7 on the page: the overlap, the proposal, who has signed and whose signature is awaited, and the sign
    action only for that party."""
    customer = site.issued(location=places["unit"])
    draft = contractor_draft(site, scaffolders, location=places["bay"])
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(scaffolders.issuer.user)
    page = browser.get(reverse("permits:detail", args=[draft.pk])).content.decode()
    assert f'data-overlap="{customer.pk}"' in page and 'data-action="add_joint_measures"' in page
    form = browser.get(reverse("permits:joint-measures", args=[draft.pk]))
    assert form.status_code == 200
    response = browser.post(reverse("permits:joint-measures", args=[draft.pk]),
                            {"others": [customer.pk], "measures": JOINT, **SIGNED})
    assert response.status_code == 302
    agreement = draft.overlap_agreements.get()
    page = browser.get(reverse("permits:detail", args=[draft.pk])).content.decode()
    assert f"Awaiting the signature of: {site.issuer.full_name}" in page
    assert 'data-action="sign_joint_measures"' not in page
    browser.force_login(site.issuer.user)
    page = browser.get(reverse("permits:detail", args=[customer.pk])).content.decode()
    assert 'data-action="sign_joint_measures"' in page and f'data-agreement="{agreement.pk}"' in page
    response = browser.post(reverse("permits:joint-measures-sign", args=[customer.pk, agreement.pk]),
                            SIGNED)
    assert response.status_code == 302
    assert Permit.objects.get(pk=customer.pk).measures.filter(joint=agreement).exists()


def test_344_cl07_no_second_proposal_while_one_awaits_signatures(site, places, scaffolders, client):
    """344 cl.7: one proposal at a time between the same permits; the page offers no new one while it is pending, and
    offers it again once that one is withdrawn (no dead end)."""
    customer = site.issued(location=places["unit"])
    draft = contractor_draft(site, scaffolders, location=places["bay"])
    first = services.joint_measures_agree(permit=draft, others=[customer], by=scaffolders.issuer.user,
                                          measures=JOINT, credentials=PW)
    assert list(services.joint_candidates(customer)) == []
    with pytest.raises(ActionRefused, match="already proposed"):
        services.joint_measures_agree(permit=customer, others=[draft], by=site.issuer.user, measures="Other",
                                      credentials=PW)
    client.force_login(site.issuer.user)
    page = client.get(reverse("permits:detail", args=[customer.pk])).content.decode()
    assert 'data-action="add_joint_measures"' not in page and 'data-action="sign_joint_measures"' in page
    services.joint_measures_withdraw(permit=customer, agreement=first, by=site.issuer.user, reason="Another order")
    assert list(services.joint_candidates(customer)) == [draft]
    page = client.get(reverse("permits:detail", args=[customer.pk])).content.decode()
    assert 'data-action="add_joint_measures"' in page
