"""344 cl.25: the admitting person stops the work, withdraws the permit, draws it up anew and admits anew when an
emergency arises, conditions differ from the permit, a threat arises nearby, or equipment must be connected."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qauipsiz.core.choices import DeviceState
from qauipsiz.core.services import device_set_state
from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import PeriodKind, Status, TerminationReason
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit

from .conftest import PW


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("reason", list(TerminationReason))
def test_344_cl25_emergency_terminates_and_redraws(site, reason):
    """344 cl.25: for each of its four reasons the admitting person terminates, withdraws and draws the permit up anew."""
    permit = site.in_progress(crew=2)
    new = services.permit_terminate(permit=permit, by=site.admitting.user, reason=reason, note="Stopped at 11:20",
                                    credentials=PW)
    old = Permit.objects.get(pk=permit.pk)
    assert (old.status, old.termination_reason, old.end_note) == (Status.TERMINATED, reason, "Stopped at 11:20")
    assert old.ended_at is not None and old.periods.get().ended_at is not None  # the work stopped
    signature = signatures_of(old).get(purpose="permits.permit.cl25_terminated")
    assert signature.signer_person == site.admitting
    assert json.loads(signature.content)["about"] == {"reason": reason.value}
    # Drawn up anew: a linked draft with the same content, to be issued and admitted again.
    assert new.replaces == old and old.replaced_by == new
    assert (new.status, new.number, new.admitted_at) == (Status.DRAFT, None, None)
    assert (new.place, new.scope_of_work, new.performer, new.issuer) == (old.place, old.scope_of_work, old.performer,
                                                                          old.issuer)
    assert list(new.measures.values_list("code", "text")) == list(old.measures.values_list("code", "text"))
    assert not new.measures.filter(done_at__isnull=False).exists()  # carried out and signed anew
    assert set(new.admitting_persons.all()) == set(old.admitting_persons.all())
    # The equipment stays under the permit: nobody may start it while the work is only interrupted (cl.30).
    site.device.refresh_from_db()
    assert site.device.state == DeviceState.UNDER_PERMIT
    with pytest.raises(ValidationError):
        device_set_state(by=site.supervisor.user, device=site.device, state=DeviceState.IN_OPERATION)


def test_344_cl25_new_permit_is_issued_and_admitted_anew(site):
    """344 cl.25: "draw it up again and make the admission to work again"."""
    permit = site.in_progress()
    new = services.permit_terminate(permit=permit, by=site.admitting.user, reason=TerminationReason.DISCREPANCY,
                                    note="Plug missing on line 3", credentials=PW)
    new = services.permit_issue(permit=new, by=site.issuer.user, credentials=PW)
    assert new.number == 2
    site.sample(new, value="1.0")  # before measure 5.4 is signed (item 5.4)
    for measure in new.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=new, by=site.supervisor.user, credentials=PW)
    services.permit_admit(permit=new, by=site.admitting.user, credentials=PW, measures_checked=True,
                          performer_briefed=True, copy_handed_over=True)
    new = Permit.objects.get(pk=new.pk)
    assert new.status == Status.ADMITTED and [p.kind for p in new.periods.all()] == [PeriodKind.INITIAL]
    site.device.refresh_from_db()
    assert site.device.state == DeviceState.UNDER_PERMIT


@pytest.mark.parametrize("builder", ["admitted", "in_progress", "suspended", "lapsed"])
def test_344_cl25_termination_possible_whenever_work_was_admitted(site, clock, builder):
    """344 cl.25: "if before the end of work under this permit" — any time after admission until the hand-back."""
    import datetime

    if builder in ("admitted", "in_progress"):
        permit = getattr(site, builder)()
    else:
        permit = site.in_progress()
        if builder == "suspended":
            services.permit_suspend(permit=permit, by=site.admitting.user, reason="Gas alarm", credentials=PW,
                                    performer_credentials=PW)
        else:
            clock.move_to(permit.valid_until + datetime.timedelta(minutes=1))
            services.permit_lapse(permit=permit)
    services.permit_terminate(permit=permit, by=site.admitting.user, reason=TerminationReason.NEARBY_THREAT,
                              note="Leak in the neighbouring unit", credentials=PW)
    assert Permit.objects.get(pk=permit.pk).status == Status.TERMINATED


def test_344_cl25_only_the_admitting_person_terminates(site):
    """344 cl.25: "The admitting person to work shall terminate" — not the performer nor the issuer."""
    permit = site.in_progress()
    for person in (site.performer, site.issuer, site.crew[0]):
        with pytest.raises(PermissionDenied):
            services.permit_terminate(permit=permit, by=person.user, reason=TerminationReason.EMERGENCY, note="",
                                      credentials=PW)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS


def test_344_cl25_permit_not_yet_admitted_is_not_terminated(site):
    """344 cl.25: termination withdraws admitted work; an issued permit not yet admitted is cancelled instead."""
    permit = site.issued()
    with pytest.raises(ActionRefused):
        services.permit_terminate(permit=permit, by=site.admitting.user, reason=TerminationReason.EMERGENCY, note="",
                                  credentials=PW)


def test_344_cl25_other_permits_ending_do_not_free_equipment_of_a_redrawn_permit(site):
    """344 cl.25, cl.30: while a terminated permit is drawn up anew its equipment stays under permit, whatever else ends."""
    first = site.in_progress()
    second = site.draft(place="Pump house roof")  # the same device, the same performer: no cl.7 measures
    second = services.permit_issue(permit=second, by=site.issuer.user, credentials=PW)
    services.permit_terminate(permit=first, by=site.admitting.user, reason=TerminationReason.CONNECTION,
                              note="Pump must run", credentials=PW)
    services.permit_cancel(permit=second, by=site.issuer.user, reason="Not needed", credentials=PW)
    site.device.refresh_from_db()
    assert site.device.state == DeviceState.UNDER_PERMIT
