"""344 cl.26: when a permit is lost the work stops; a new permit is drawn up and issued and admission is made anew."""

import pytest
from django.core.exceptions import PermissionDenied
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


@pytest.mark.parametrize("builder, reporter", [("in_progress", "admitting"), ("issued", "issuer"),
                                               ("admitted", "issuer")])
def test_344_cl26_lost_permit_is_void_and_a_new_one_drawn_up(site, builder, reporter):
    """344 cl.26: "the work shall be terminated. For the continuation ... a new work permit shall be executed"."""
    permit = getattr(site, builder)()
    person = getattr(site, reporter)
    new = services.permit_report_lost(permit=permit, by=person.user, note="Dropped into the sump", credentials=PW)
    old = Permit.objects.get(pk=permit.pk)
    assert (old.status, old.end_note) == (Status.VOID, "Dropped into the sump") and old.ended_at
    assert all(p.ended_at for p in old.periods.all())
    assert signatures_of(old).get(purpose="permits.permit.cl26_lost").signer_person == person
    assert new.replaces == old and new.status == Status.DRAFT and new.number is None
    issued = services.permit_issue(permit=new, by=site.issuer.user, credentials=PW)
    assert issued.number == old.number + 1


def test_344_cl26_only_the_admitting_person_or_issuer_reports_the_loss(site):
    """344 cl.26: the loss is recorded by those who answer for the permit, not by anyone on the site."""
    permit = site.in_progress()
    with pytest.raises(PermissionDenied):
        services.permit_report_lost(permit=permit, by=site.crew[0].user, note="", credentials=PW)


def test_344_cl26_a_closed_permit_is_not_lost_any_more(site):
    """344 cl.26: the rule is for work going on; a closed permit is in storage (cl.15)."""
    permit = site.in_progress()
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)
    with pytest.raises(ActionRefused):
        services.permit_report_lost(permit=permit, by=site.admitting.user, note="", credentials=PW)
