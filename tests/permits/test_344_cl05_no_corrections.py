"""344 cl.5: a permit is filled in without corrections or erasures. Once issued nothing in it changes; a signed item
stays as signed (services refuse, the database refuses changes to signatures). The dash in unfilled columns is the
printed form's business and is tested with the PDFs."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import translation

from qauipsiz.ledger.models import Signature
from qauipsiz.ledger.signatures import assert_unsigned, signatures_of
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


def test_344_cl05_draft_may_be_edited_before_issue(site):
    """344 cl.5 (a contrario): until it is issued the draft is the issuer's to complete."""
    permit = site.draft()
    services.permit_update(by=site.issuer.user, permit=permit, changes={"scope_of_work": "Replace two gaskets"},
                           measures=[("5.1", "Stop pump P-12"), ("5.5", "Fence the bay")])
    permit.refresh_from_db()
    assert permit.scope_of_work == "Replace two gaskets"
    assert [m.code for m in permit.measures.all()] == ["5.1", "5.5"]
    assert_unsigned(permit)  # nothing signed yet


@pytest.mark.parametrize("builder", ["issued", "prepared", "admitted", "in_progress"])
def test_344_cl05_issued_permit_cannot_be_updated(site, builder):
    """344 cl.5: "Corrections and erasures in the work permit shall not be allowed" — no edit after issue."""
    permit = getattr(site, builder)()
    before = (permit.scope_of_work, list(permit.measures.values_list("code", "text")))
    with pytest.raises(ActionRefused):
        services.permit_update(by=site.issuer.user, permit=permit, changes={"scope_of_work": "Something else"},
                               measures=[("5.1", "Other")])
    permit = Permit.objects.get(pk=permit.pk)
    assert (permit.scope_of_work, list(permit.measures.values_list("code", "text"))) == before


def test_344_cl05_signed_permit_is_immutable(site):
    """344 cl.5: a signed item can no longer be changed (`assert_unsigned`), for any purpose signed."""
    permit = site.issued()
    with pytest.raises(ValidationError) as refused:
        assert_unsigned(permit)
    assert refused.value.code == "signed"
    with pytest.raises(ValidationError):
        assert_unsigned(permit, purpose="permits.permit.item6_issued")
    assert_unsigned(permit, purpose="permits.permit.item9_admitted")  # not yet admitted: that item is still blank


def test_344_cl05_signed_measure_cannot_be_signed_again(site):
    """344 cl.5, item 7: a measure signed as carried out is not re-signed by someone else."""
    permit = site.issued()
    measure = permit.measures.first()
    services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    with pytest.raises(ActionRefused):
        services.measure_complete(measure=measure, by=site.performer.user, credentials=PW)
    measure.refresh_from_db()
    assert measure.done_by == site.admitting


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_344_cl05_signatures_are_append_only_in_the_database(site, operation):
    """344 cl.5 and cl.14: the database itself refuses to change or erase a signature (append-only triggers)."""
    permit = site.issued()
    signature = signatures_of(permit).get()
    rows = Signature.objects.filter(pk=signature.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        if operation == "update":
            rows.update(content_hash="0" * 64)
        else:
            rows.delete()
    signature.refresh_from_db()
    assert signature.purpose == "permits.permit.item6_issued"


def test_344_cl05_cancelled_permit_stays_as_it_was(site):
    """344 cl.5: a cancelled permit is not edited either; it keeps what it said when it was cancelled."""
    permit = site.issued()
    services.permit_cancel(permit=permit, by=site.issuer.user, reason="Work postponed", credentials=PW)
    with pytest.raises(ActionRefused):
        services.permit_update(by=site.issuer.user, permit=permit, changes={"place": "Elsewhere"})
    permit.refresh_from_db()
    assert permit.status == Status.CANCELLED and permit.place == "Unit AVT-6, pump P-12 bay"


@pytest.mark.parametrize("changes", [{"status": Status.CLOSED}, {"number": 7, "year": 2026},
                                     {"issued_at": None, "valid_until": None}, {"organisation": None}],
                         ids=["status", "number", "life-record", "organisation"])
def test_344_cl05_edit_of_a_draft_cannot_write_what_only_signed_acts_write(site, changes):
    """344 cl.5, cl.13: number, status and the record of the permit's life are written by signed acts, not by edits."""
    permit = site.draft()
    with pytest.raises(ValueError, match="cannot change"):
        services.permit_update(by=site.issuer.user, permit=permit, changes=changes)
    permit = Permit.objects.get(pk=permit.pk)
    assert (permit.status, permit.number, permit.organisation_id) == (Status.DRAFT, None, site.org.pk)
