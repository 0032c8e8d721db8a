"""344 cl.6, item 12: the extension window "before the beginning of each shift" is a setting, and the API and the page
say when the next extension may be made; a refusal names its real reason; an extension (or re-admission) declaring
changed conditions is refused, for a changed condition needs a new permit; a permit past its validity reads as lapsed
everywhere at once, before the scheduled job stores it."""

import datetime

import pytest
from django.test import Client, override_settings

from qauipsiz.permits import services
from qauipsiz.permits.acts import Act
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit
from qauipsiz.permits.selectors import tasks_for

from .conftest import PW, START
from .test_api import SIGN, as_, error, ok  # noqa: F401
from .test_views_support import COSIGN, as_user, english, text, url  # noqa: F401
from .test_views_support import SIGN as PAGE_SIGN

pytestmark = pytest.mark.usefixtures("english")
EXTEND = {"signature": SIGN, "cosignature": SIGN, "crew_count": 3, "measures_checked": True}


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def extend(site, permit, **kwargs):
    site.fresh_sample(permit)  # the extension admits the crew for the next shift: a fresh sample first (item 5.4)
    return services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                  shift_performer=site.performer, performer_credentials=PW, crew_count=3, **kwargs)


# --- the window and when the next extension may be made ---------------------------------------------------------------

def test_344_cl06_extension_outside_the_window_names_the_real_reason(site, clock):
    """344 cl.6: a permit never extended, asked at 10:00, is not "already extended": it is valid to the end of its shift
    and may be extended from 19:00. Once extended, the refusal says so, with the next moment."""
    permit = site.in_progress()
    clock.move_to(at(23, 10))
    with pytest.raises(ActionRefused) as refused:
        extend(site, permit)
    assert "already" not in str(refused.value)
    assert "valid until 23.11.2026 20:00, the end of the shift it was admitted for" in str(refused.value)
    assert "at most 60 minutes before that shift, from 23.11.2026 19:00" in str(refused.value)
    body = error(as_(site.admitting).post(f"/{permit.pk}/extend", EXTEND), 409)
    assert "from 23.11.2026 19:00" in body["detail"] and "already" not in body["detail"]
    clock.move_to(at(23, 19, 30))
    extend(site, permit)
    clock.move_to(at(23, 19, 45))
    with pytest.raises(ActionRefused, match="already extended for this shift, until 24.11.2026 08:00; the next "
                                            "extension may be made from 24.11.2026 07:00"):
        extend(site, permit)
    assert permit.extensions.count() == 1


def test_344_cl06_extension_at_the_end_of_the_planned_period_says_so(site, clock):
    permit = site.in_progress(planned_end=at(24, 9))
    clock.move_to(at(23, 19, 30))
    extend(site, permit)  # to 08:00
    clock.move_to(at(24, 7, 30))
    extend(site, permit)  # to 09:00, the planned end
    clock.move_to(at(24, 8, 30))
    with pytest.raises(ActionRefused, match="valid to the end of its planned period \\(24.11.2026 09:00\\)"):
        extend(site, permit)


@override_settings(PERMIT_EXTENSION_WINDOW_MINUTES=30)
def test_344_cl06_extension_window_is_a_setting(site, clock):
    """344 cl.6: with a 30-minute window the extension for the night shift opens at 19:30, and the API and the page say
    so."""
    permit = site.in_progress()
    body = ok(as_(site.admitting).get(f"/{permit.pk}"))
    assert datetime.datetime.fromisoformat(body["next_extension_at"]) == at(23, 19, 30)
    clock.move_to(at(23, 19, 29))
    with pytest.raises(ActionRefused, match="at most 30 minutes before that shift, from 23.11.2026 19:30"):
        extend(site, permit)
    clock.move_to(at(23, 19, 30))
    assert extend(site, permit).shift_start == at(23, 20)


def test_344_cl06_next_extension_is_shown_in_the_api_and_on_the_page(site, clock):
    """344 cl.6: the permit body and the permit page (local time) give the moment the next extension may be made."""
    permit = site.in_progress()
    admitting = as_(site.admitting)
    body = ok(admitting.get(f"/{permit.pk}"))
    assert datetime.datetime.fromisoformat(body["next_extension_at"]) == at(23, 19)
    page = text(as_user(Client(), site.admitting).get(url("detail", permit.pk)))
    assert "Next extension (344 cl.6)" in page and "from 23.11.2026 19:00" in page
    clock.move_to(at(23, 19, 30))
    extend(site, permit)
    body = ok(admitting.get(f"/{permit.pk}"))
    assert datetime.datetime.fromisoformat(body["next_extension_at"]) == at(24, 7)
    single = site.in_progress(validity="single_shift", place="Other bay", devices=[])
    assert ok(admitting.get(f"/{single.pk}"))["next_extension_at"] is None
    page = text(as_user(Client(), site.admitting).get(url("detail", single.pk)))
    assert "data-next-extension" not in page


# --- item 12, cl.6: changed conditions need a new permit --------------------------------------------------------------

def test_344_item12_extension_declaring_changed_conditions_is_refused(site, clock):
    """Item 12, 344 cl.6: the permit holds only while the conditions are unchanged: the extension is refused and the
    refusal says a new permit is needed; nothing is recorded (service, API, page)."""
    permit = site.in_progress()
    clock.move_to(at(23, 19, 30))
    with pytest.raises(ActionRefused, match="issue a new permit for the changed conditions \\(344 cl.6, item 12\\)"):
        extend(site, permit, conditions_changed=True)
    body = error(as_(site.admitting).post(f"/{permit.pk}/extend", {**EXTEND, "conditions_changed": True}), 409)
    assert "The conditions of the work have changed" in body["detail"]
    client = as_user(Client(), site.admitting)
    form = text(client.get(url("extend", permit.pk)))
    assert 'name="conditions_changed"' in form
    response = client.post(url("extend", permit.pk), {"shift_performer": site.performer.pk, "crew_count": 3,
                                                      "measures_checked": "on", "conditions_changed": "on",
                                                      **PAGE_SIGN, **COSIGN})
    assert response.status_code == 409 and "issue a new permit for the changed conditions" in text(response)
    permit.refresh_from_db()
    assert (permit.extensions.count(), permit.valid_until) == (0, at(23, 20))
    assert extend(site, permit, conditions_unchanged=True).shift_end == at(24, 8)


def test_344_item12_readmission_declaring_changed_conditions_is_refused(site, clock):
    """Item 12, 344 cl.6, cl.28: after a break, changed conditions need a new permit, not a re-admission."""
    permit = site.in_progress()
    clock.move_to(at(23, 13))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 14))
    with pytest.raises(ActionRefused, match="have changed"):
        services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW,
                                conditions_changed=True)
    body = error(as_(site.admitting).post(f"/{permit.pk}/readmit", {"signature": SIGN, "cosignature": SIGN,
                                                                     "conditions_changed": True}), 409)
    assert "new permit" in body["detail"]
    assert Permit.objects.get(pk=permit.pk).status == Status.PAUSED


# --- lapsed at once, everywhere ---------------------------------------------------------------------------------------

def test_344_cl06_past_valid_until_reads_as_lapsed_everywhere_before_the_job(site, clock):
    """344 cl.6: at 20:00 the permit not extended reads as lapsed on its page, on the board, in the list and in the
    API, while the stored status waits for the scheduled lapse job, which still stores it."""
    permit = site.in_progress()
    api = as_(site.admitting)
    assert ok(api.get(f"/{permit.pk}"))["status"] == "in_progress"
    clock.move_to(at(23, 20))
    body = ok(api.get(f"/{permit.pk}"))
    assert (body["status"], body["stored_status"]) == ("lapsed", "in_progress")
    assert body["status_display"] == str(Status.LAPSED.label)
    listed = ok(api.get("/"))
    assert next(p for p in listed["items"] if p["id"] == permit.pk)["status"] == "lapsed"
    client = as_user(Client(), site.admitting)
    page = text(client.get(url("detail", permit.pk)))
    assert 'data-status="lapsed"' in page and "work must not go on (344 cl.6)" in page
    board = text(client.get(url("board")))
    lapsed_column = board[board.index('data-status="lapsed"'):]
    assert f'data-permit="{permit.pk}"' in lapsed_column.split("</section>")[0]
    assert 'data-status="in_progress"' not in board
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS
    assert services.lapse_job() == "1 permit(s) lapsed"
    assert Permit.objects.get(pk=permit.pk).status == Status.LAPSED


def test_344_cl06_effective_status_agrees_with_the_lapse_job(site, clock):
    """344 cl.6: the read-side lapse and the job select the same permits (working, paused, one shift, whole period)."""
    working = site.in_progress()
    paused_single = site.in_progress(validity="single_shift", place="Bay 2", devices=[])
    paused_whole = site.in_progress(place="Bay 3", devices=[], planned_end=at(24, 9))
    for permit in (paused_single, paused_whole):
        services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    for moment in (at(23, 19, 59), at(23, 20), at(24, 8, 59), at(24, 9)):
        clock.move_to(moment)
        due = set(services.lapse_due().values_list("pk", flat=True))
        for permit in Permit.objects.filter(pk__in=[working.pk, paused_single.pk, paused_whole.pk]):
            assert (permit.effective_status == Status.LAPSED) == (permit.pk in due), (moment, permit.status)


@override_settings(PERMIT_EXTENSION_WINDOW_MINUTES=30)
def test_344_cl06_my_tasks_offer_the_extension_when_its_window_opens(site, clock):
    """344 cl.6: "My tasks" asks for the extension from the moment the window of the setting opens, not before."""
    permit = site.in_progress()
    extend_url = url("extend", permit.pk)

    def offered() -> bool:
        return any(item["url"] == extend_url for task in tasks_for(site.admitting.user) for item in task["items"])

    clock.move_to(at(23, 19, 15))
    assert not offered()
    clock.move_to(at(23, 19, 30))
    # The 09:00 air sample no longer stands: what waits first is a fresh one (item 5.4), then the extension.
    labels = [item["label"] for task in tasks_for(site.admitting.user) for item in task["items"]]
    assert not offered() and str(Act.RECORD_AIR_SAMPLE.label) in labels
    site.fresh_sample(permit)
    assert offered()
