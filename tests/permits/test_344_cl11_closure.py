"""344 cl.11: closure is signed by the admitting person and the performer; the admitting person notes the time of
completion. In the absence of an admitting person the performer and the issuer close it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit

from .conftest import PW


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def handed_back(site):
    permit = site.in_progress()
    return services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                                     people_withdrawn=True)


def purposes(permit):
    # In the order they were made (the ledger's sequence): the frozen clock gives every signature the same time.
    return [(s.purpose.removeprefix("permits.permit."), s.signer_person)
            for s in signatures_of(permit).order_by("ledger_entry__seq")]


def test_344_cl11_closed_by_the_admitting_person_after_the_performers_hand_back(site):
    """344 cl.11: "closure ... formalized with the signatures of the admitting to work and the manufacturer"."""
    permit = handed_back(site)
    services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.CLOSED and permit.closed_at and permit.completed_at
    assert purposes(permit)[-2:] == [("item13_handed_back", site.performer), ("item13_accepted", site.admitting)]


def test_344_cl11_issuer_closes_only_in_the_admitting_persons_absence(site):
    """344 cl.11: "In the absence of an admitting person" the performer and the issuer close the permit."""
    permit = handed_back(site)
    with pytest.raises(ValidationError, match="cl.11"):
        services.permit_close(permit=permit, by=site.issuer.user, credentials=PW)
    assert Permit.objects.get(pk=permit.pk).status == Status.COMPLETED
    services.permit_close(permit=permit, by=site.issuer.user, credentials=PW, admitting_absent=True)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.CLOSED
    assert purposes(permit)[-2:] == [("item13_handed_back", site.performer), ("cl11_closed_by_issuer", site.issuer)]


def test_344_cl11_nobody_else_closes(site):
    """344 cl.11: only the admitting person (or, in his absence, the issuer) closes — not the performer himself."""
    permit = handed_back(site)
    for person in (site.performer, site.manager, site.supervisor, site.crew[0]):
        with pytest.raises(PermissionDenied):
            services.permit_close(permit=permit, by=person.user, credentials=PW, admitting_absent=True)
    assert Permit.objects.get(pk=permit.pk).status == Status.COMPLETED


def test_344_cl11_closure_only_after_the_performer_handed_it_back(site):
    """344 cl.11: the admitting person closes the permit "after receiving it from the work supervisor"."""
    permit = site.in_progress()
    with pytest.raises(ActionRefused):
        services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS
