"""344 cl.21 and item 7: the admitting person ensures the safety measures of the permit are carried out; each measure is
signed by the person who carried it out."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.gatekeeper import ActionRefused
from tests import factories as f

from .conftest import PW


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def test_344_cl21_measures_signed_by_those_who_did_them(site):
    """344 cl.21, item 7: "Activities completed (event number; surname ... signature)" — the doer signs his measure."""
    permit = site.issued()
    doers = [site.admitting, site.crew[0], site.performer, site.supervisor]
    measures = list(permit.measures.all())
    site.sample(permit, value="1.0")  # measure 5.4 is signed once a passing sample is there (item 5.4)
    for measure, doer in zip(measures, doers * 2, strict=False):
        services.measure_complete(measure=measure, by=doer.user, credentials=PW)
    signed = {json.loads(s.content)["about"]["id"]: s.signer_person
              for s in signatures_of(permit).filter(purpose="permits.permit.item7_measure_done")}
    assert len(signed) == len(measures)
    for measure, doer in zip(measures, doers * 2, strict=False):
        measure.refresh_from_db()
        assert measure.done_by == doer and measure.done_at is not None
        assert signed[measure.pk] == doer  # the signature is about this measure, made by the one who did it


def test_344_cl21_measure_executor_signs_with_his_own_credentials(site):
    """344 cl.21: a measure is signed by its executor himself; a wrong password signs nothing."""
    from qauipsiz.ledger.signatures import SignatureRefused

    permit = site.issued()
    measure = permit.measures.first()
    with pytest.raises(SignatureRefused):
        services.measure_complete(measure=measure, by=site.crew[1].user, credentials={"password": "wrong"})
    measure.refresh_from_db()
    assert measure.done_by is None


def test_344_cl21_measures_are_carried_out_before_admission_only(site):
    """344 cl.21-22: measures are carried out and signed before admission; an admitted permit takes no new signature."""
    permit = site.admitted()
    with pytest.raises(ActionRefused):
        services.measure_complete(measure=permit.measures.first(), by=site.admitting.user, credentials=PW)


def test_344_cl21_outsiders_sign_no_measure(site):
    """344 cl.21: only people of the organisation the admitting person organises sign measures — not an auditor."""
    from qauipsiz.accounts.choices import Role

    permit = site.issued()
    auditor = f.user(Role.AUDITOR, site.org)
    with pytest.raises(PermissionDenied):
        services.measure_complete(measure=permit.measures.first(), by=auditor, credentials=PW)
