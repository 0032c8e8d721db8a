"""344 cl.10: before work begins the permit is signed by the issuer, by those who carried out the safety measures, by
those who approved it, by the admitting person and by the work performer."""

import pytest
from django.utils import translation

from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.gatekeeper import ActionRefused

from .conftest import PW


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield

P = "permits.permit."


def test_344_cl10_every_signature_exists_before_work_starts(site):
    """344 cl.10: issuer, measure executors, approvers, admitting person and performer sign before the start."""
    permit = site.in_progress(crew=2)
    # In the order they were made (the ledger's sequence): the frozen clock gives every signature the same time.
    signatures = list(signatures_of(permit).order_by("ledger_entry__seq"))
    start = next(s for s in signatures if s.purpose == P + "item11_work_started")
    assert start == signatures[-1]
    before = signatures[:-1]
    by_purpose = {}
    for s in before:
        by_purpose.setdefault(s.purpose.removeprefix(P), []).append(s.signer_person)
    assert by_purpose["item6_issued"] == [site.issuer]
    measures = permit.measures.count()
    assert by_purpose["item7_measure_done"] == [site.admitting] * measures
    assert by_purpose["item8_approved"] == [site.supervisor]
    assert by_purpose["item9_admitted"] == [site.admitting]
    assert by_purpose["item10_accepted"] == [site.performer]
    assert start.signer_person == site.performer
    assert by_purpose["item11_briefing_received"] == site.crew[:2]
    # Each signer signed in the role the regulation names, with the competence it rested on.
    issued = next(s for s in before if s.purpose == P + "item6_issued")
    assert issued.competence_role == "permit_issuer" and issued.competence["competent"] is True


def test_344_cl10_admission_refused_until_measures_and_approvals_are_signed(site):
    """344 cl.10: no admission (and so no start) while a measure executor's or an approver's signature is missing."""
    permit = site.issued()
    with pytest.raises(ActionRefused, match="item 7"):
        services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                              performer_briefed=True, copy_handed_over=True)
    site.sample(permit, value="1.0")  # before measure 5.4 is signed (item 5.4)
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    with pytest.raises(ActionRefused, match="items 8, 8.1"):
        services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                              performer_briefed=True, copy_handed_over=True)


def test_344_cl10_start_refused_until_the_performer_signed_the_workplace(site):
    """344 cl.10: the performer signs (item 10) before the work starts."""
    permit = site.admitted()
    member = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    with pytest.raises(ActionRefused, match="item 10"):
        services.permit_start_work(permit=permit, by=site.performer.user, credentials=PW)
