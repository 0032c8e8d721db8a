"""Issue 11: "My tasks" lists every act that waits on the person, naming the act, the permit and why it waits on him
(the part he holds and the reason): the air sample and then the admission for the admitting person (item 5.4, item 9),
the crew for the performer once he has accepted the workplace (items 10, 11), the shift handover and the acceptance
of the next shift by the performer named for it (344 cl.24, cl.29, item 12), the hand-back when the work ends with
the shift (item 13); nothing for a person the permit does not name. And a done act is no longer offered on the
permit's page (the workplace accepted once, a shift extended once)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.permits import services
from qauipsiz.permits.acts import Act, Party
from qauipsiz.permits.gatekeeper import available_actions
from qauipsiz.permits.models import Permit
from qauipsiz.permits.selectors import tasks_for

from .conftest import PW, START, make_site, staff
from .test_selectors import permits_in_every_stage
from .test_views_support import as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def items(person, permit=None) -> list[dict]:
    return [item for task in tasks_for(person.user) for item in task["items"]
            if permit is None or task["permit"].pk == permit.pk]


def acts(person, permit=None) -> list[str]:
    return [item["act"] for item in items(person, permit)]


def urls(person, permit=None) -> set[str]:
    return {item["url"] for item in items(person, permit)}


def shift_performer(site):
    """A second work performer of the site, for the issuer to name for the shifts (344 cl.29)."""
    return staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER, last_name="Smenshchikov")


def test_issue11_item7_my_tasks_offers_the_measures_at_once_first(client, site):
    """Item 7, issue 11: the measures that wait on the admitting person take one signature for the set; My tasks offers
    that first, leading to the set's form with every one of them ticked (each stays listed on its own too)."""
    permit = site.issued()
    site.sample(permit, value="1.0")
    task = items(site.admitting, permit)
    measures = list(permit.measures.order_by("pk"))
    at_once = task[0]
    assert at_once["act"] == Act.COMPLETE_MEASURES
    assert at_once["label"] == f"Sign all {len(measures)} measures at once"
    assert at_once["part"] == str(Party.ADMITTING.label)
    assert at_once["url"].startswith(url("measures-complete", permit.pk) + "?")
    page = text(as_user(client, site.admitting).get(at_once["url"]))
    for measure in measures:
        assert re.search(rf'<input type="checkbox" name="measures" value="{measure.pk}"[^>]* checked', page), measure
    assert {url("measure-complete", permit.pk, m.pk) for m in measures} <= {i["url"] for i in task}
    # With one measure left there is no set to sign at once.
    for measure in measures[1:]:
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    assert Act.COMPLETE_MEASURES not in acts(site.admitting, permit)


# --- the admitting person: the air sample (item 5.4), then the admission (item 9) --------------------------------------

def test_issue11_item_5_4_the_admitting_person_records_the_air_sample_then_admits(client, site):
    """An issued permit that lists an air analysis, with no sample yet: measure 5.4 cannot be signed (its service
    refuses it) and admission cannot be given, so what waits on the admitting person is the sample. Once the measures
    are signed and the approval given, it is the admission."""
    permit = site.issued()
    task = items(site.admitting, permit)
    assert url("air-sample", permit.pk) in {i["url"] for i in task}
    assert url("admit", permit.pk) not in {i["url"] for i in task}
    measure_54 = permit.measures.get(code="5.4")
    assert url("measure-complete", permit.pk, measure_54.pk) not in {i["url"] for i in task}
    sample = next(i for i in task if i["act"] == Act.RECORD_AIR_SAMPLE)
    assert sample["part"] == str(Party.ADMITTING.label) and "no air sample has been recorded (item 5.4)" in sample["why"]
    html = text(as_user(client, site.admitting).get(url("tasks")))
    assert str(permit) in html and sample["why"] in html and str(Party.ADMITTING.label) in html

    site.sample(permit, value="1.0")
    assert url("measure-complete", permit.pk, measure_54.pk) in urls(site.admitting, permit)
    assert url("air-sample", permit.pk) not in urls(site.admitting, permit)
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    assert url("admit", permit.pk) not in urls(site.admitting, permit)  # the approval is still awaited (item 8)
    assert acts(site.supervisor, permit) == [Act.APPROVE]
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    task = items(site.admitting, permit)
    assert [i["act"] for i in task] == [Act.ADMIT]
    assert task[0]["url"] == url("admit", permit.pk) and task[0]["part"] == str(Party.ADMITTING.label)


# --- the performer: the crew (item 11), the shift handover (344 cl.24), the hand-back (item 13) ------------------------

def test_issue11_item_11_the_performer_adds_the_crew_after_accepting_the_workplace(site):
    permit = site.admitted()
    assert acts(site.performer, permit) == [Act.ACCEPT_WORKPLACE]
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    task = items(site.performer, permit)
    assert [i["act"] for i in task] == [Act.ADD_MEMBER]
    assert task[0]["url"] == url("crew-add", permit.pk) and "The crew is empty (item 11)." in task[0]["why"]
    assert task[0]["part"] == str(Party.PERFORMER.label)
    assert Act.ADD_MEMBER not in acts(site.admitting, permit)  # the performer forms his crew
    member = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    assert acts(site.performer, permit) == []  # the briefing waits on the admitting person now
    assert url("crew-brief", permit.pk, member.pk) in urls(site.admitting, permit)
    services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    assert acts(site.performer, permit) == [Act.START_WORK]


def test_issue11_item_13_the_performer_hands_back_when_the_work_ends_with_the_shift(site, clock):
    """A permit planned to 19:00 is valid to its planned end: no further shift to extend it for (the extension's own
    guard). As that end comes near, what waits is the performer's hand-back, not an extension."""
    permit = site.in_progress(planned_end=at(23, 19))
    assert Act.HAND_BACK not in acts(site.performer, permit)  # at 09:00 the work goes on
    clock.move_to(at(23, 18, 15))
    task = items(site.performer, permit)
    assert [i["act"] for i in task] == [Act.HAND_BACK]
    assert task[0]["url"] == url("hand-back", permit.pk) and "no further shift" in task[0]["why"]
    assert Act.EXTEND not in acts(site.admitting, permit) and Act.RECORD_AIR_SAMPLE not in acts(site.admitting, permit)
    clock.move_to(at(23, 19, 30))  # past its end, lapsed: still the hand-back
    assert acts(site.performer, permit) == [Act.HAND_BACK]
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    assert acts(site.performer, permit) == []
    assert acts(site.admitting, permit) == [Act.CLOSE]


def test_issue11_item_13_a_permit_for_one_shift_is_handed_back_at_the_end_of_its_shift(site, clock):
    permit = site.in_progress(validity="single_shift")
    clock.move_to(at(23, 19, 30))
    task = items(site.performer, permit)
    assert [i["act"] for i in task] == [Act.HAND_BACK]
    assert "A permit issued for one shift cannot be extended (344 cl.6)." in task[0]["why"]


def test_issue11_344_cl29_the_performer_named_for_the_next_shift_accepts_it(site, clock):
    """Item 12, 344 cl.24, cl.29: as the shift ends, the admitting person extends the permit, the outgoing performer
    hands the shift over, and the performer the issuer named for the shifts accepts the next one by co-signing the
    extension on the admitting person's device."""
    permit = site.in_progress()
    incoming = shift_performer(site)
    site.name_for_shifts(permit, incoming)
    assert items(incoming, permit) == [] and acts(site.performer, permit) == []  # at 09:00 nothing is due
    clock.move_to(at(23, 19, 30))
    task = items(incoming, permit)
    assert len(task) == 1 and task[0]["act"] == Act.EXTEND and task[0]["url"] == ""
    assert "Accept the next shift" in task[0]["label"] and "344 cl.29" in task[0]["part"]
    assert acts(site.performer, permit) == [Act.HAND_OVER_SHIFT]
    assert url("hand-over", permit.pk) in urls(site.performer, permit)
    site.fresh_sample(permit)  # the extension admits the crew again: a fresh sample first (item 5.4)
    assert url("extend", permit.pk) in urls(site.admitting, permit)
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    assert acts(site.performer, permit) == []
    assert [i["act"] for i in items(incoming, permit)] == [Act.EXTEND]  # still his to accept
    services.permit_extend(permit=permit, by=site.admitting.user, credentials=PW, shift_performer=incoming,
                           performer_credentials=PW, crew_count=3, measures_checked=True)
    assert items(incoming, permit) == [] and items(site.performer, permit) == []
    assert url("extend", permit.pk) not in urls(site.admitting, permit)


def test_issue11_the_one_performer_of_a_permit_accepts_the_next_shift_himself(site, clock):
    """Nobody else named for the shifts: the performer carries on and co-signs the extension as the incoming one; he
    hands over to nobody."""
    permit = site.in_progress()
    clock.move_to(at(23, 19, 30))
    assert acts(site.performer, permit) == [Act.EXTEND]
    assert items(site.performer, permit)[0]["url"] == ""


# --- nobody else ------------------------------------------------------------------------------------------------------

def test_issue11_a_person_the_permits_do_not_name_has_no_task(site, clock):
    """Another organisation's admitting person and performer, and a colleague of the division whom no permit names,
    see no task on the permits at any stage, nor at the end of the shift."""
    permits_in_every_stage(site)
    site.issued(place="Bay 7", devices=[], scope_of_work="Job 7")
    other = make_site("Other refinery")
    colleague = staff(site.org, site.division, AppointmentRole.ADMITTING_PERSON, Role.ADMITTING_PERSON,
                      last_name="Kollegov")
    performer = staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER,
                      last_name="Postoronnev")
    for moment in (START, at(23, 19, 30)):
        clock.move_to(moment)
        for person in (other.admitting, other.performer, other.issuer, colleague, performer):
            assert tasks_for(person.user) == [], (moment, person)
        assert tasks_for(site.admitting.user)  # while the site's own admitting person has some


# --- the query count stays bounded ------------------------------------------------------------------------------------

def tasks_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("tasks"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["admitting", "performer", "incoming"])
def test_issue11_my_tasks_at_the_end_of_a_shift_cost_no_query_per_permit(client, site, clock, who):
    """The new tasks (the hand-back, the handover, the next shift's acceptance, the air sample) read prefetched rows:
    four permits at the end of their shift cost what two do."""
    incoming = shift_performer(site)
    person = {"admitting": site.admitting, "performer": site.performer, "incoming": incoming}[who]

    def working(n, **changes):
        permit = site.in_progress(crew=1, place=f"Bay {n}", devices=[], scope_of_work=f"Job {n}", **changes)
        site.name_for_shifts(permit, incoming)
        return permit

    clock.move_to(at(23, 9))
    working(1)
    working(2, planned_end=at(23, 19))
    clock.move_to(at(23, 19, 15))
    client = as_user(client, person)
    before = tasks_queries(client)
    clock.move_to(at(23, 9))
    working(3)
    working(4, planned_end=at(23, 19))
    clock.move_to(at(23, 19, 15))
    # The admitting person: the air sample before each extension; the performer: the handover or the hand-back; the
    # incoming performer: the next shift of the permits that go on.
    assert len(tasks_for(person.user)) == {"admitting": 2, "performer": 4, "incoming": 2}[who]
    assert tasks_queries(client) == before
    assert before <= 30


# --- a done act is no longer offered ------------------------------------------------------------------------------------

def test_issue11_the_accepted_workplace_is_no_longer_offered(client, site):
    """Item 10: the workplace is accepted once (its service refuses a second): the page, the API's available actions
    and "My tasks" no longer offer it."""
    permit = site.admitted()
    client = as_user(client, site.performer)
    assert 'data-action="accept_workplace"' in text(client.get(url("detail", permit.pk)))
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    html = text(client.get(url("detail", permit.pk)))
    assert 'data-action="accept_workplace"' not in html and 'data-action="start_work"' in html
    assert Act.ACCEPT_WORKPLACE not in available_actions(site.performer.user, Permit.objects.get(pk=permit.pk))
    assert Act.ACCEPT_WORKPLACE not in acts(site.performer, permit)


def test_issue11_item_12_a_shift_extended_is_not_offered_again_until_the_next_window(client, site, clock):
    """344 cl.6, item 12: one extension for each shift. Admitted for its shift and not yet extended, the permit still
    offers the extension (its guard says when it may be made); extended for the next shift, it does not, until that
    shift's own window opens."""
    permit = site.in_progress()
    client = as_user(client, site.admitting)
    assert 'data-action="extend"' in text(client.get(url("detail", permit.pk)))
    clock.move_to(at(23, 19, 30))
    site.fresh_sample(permit)
    services.permit_extend(permit=permit, by=site.admitting.user, credentials=PW, shift_performer=site.performer,
                           performer_credentials=PW, crew_count=3, measures_checked=True)
    clock.move_to(at(23, 19, 35))
    assert 'data-action="extend"' not in text(client.get(url("detail", permit.pk)))
    assert Act.EXTEND not in available_actions(site.admitting.user, Permit.objects.get(pk=permit.pk))
    clock.move_to(at(24, 7, 30))  # the window of the next shift (08:00) is open
    client = as_user(client, site.admitting)  # a new session: the evening's has expired
    assert 'data-action="extend"' in text(client.get(url("detail", permit.pk)))
