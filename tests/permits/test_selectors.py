"""The reads pages share (`permits/selectors.py`): who a permit names, what waits for whom ("My tasks"), the register
page's rows; and that the pages ask the gatekeeper and the services' public guards, not copies of them."""

import datetime
import pathlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.documents.marks import span
from qauipsiz.permits import selectors, services
from qauipsiz.permits.choices import OPEN_STATUSES, Status
from qauipsiz.permits.gatekeeper import available_actions, named_q, visible_permits
from qauipsiz.permits.models import Permit
from qauipsiz.permits.selectors import register_rows

from .conftest import PW, staff
from .test_views_support import as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
PERMITS_PACKAGE = pathlib.Path(selectors.__file__).parent


def permits_in_every_stage(site) -> list[Permit]:
    """A permit at each stage a person can be asked to act in, at places of their own (no cl.7 overlaps)."""
    def at(n):
        return {"place": f"Bay {n}", "devices": [], "scope_of_work": f"Job {n}"}

    draft = site.draft(**at(1))
    issued = site.issued(**at(2))
    prepared = site.prepared(**at(3))
    admitted = site.admitted(**at(4))
    working = site.in_progress(crew=2, **at(5))
    paused = site.in_progress(crew=1, **at(6))
    services.permit_pause(permit=paused, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    services.crew_remove(member=working.crew.get(person=site.crew[1]), by=site.performer.user)
    return [draft, issued, prepared, admitted, working, paused]


def site_people(site):
    return [site.issuer, site.admitting, site.performer, site.manager, site.supervisor, *site.crew]


# --- one definition of who acts and who is named ----------------------------------------------------------------------

def test_open_actions_are_the_gatekeepers_available_actions_for_every_party(site):
    """"My tasks" reads the parties from prefetched rows; the actions it finds open are exactly the gatekeeper's."""
    permits_in_every_stage(site)
    for person in site_people(site):
        user = person.user
        for permit in selectors.with_task_rows(Permit.objects.filter(organisation=site.org)):
            assert selectors.open_actions(user, permit) == available_actions(user, Permit.objects.get(pk=permit.pk)), (
                person, permit.status)


def test_named_permits_are_those_the_gatekeeper_names(site):
    """One definition of "the permit names this person" (`gatekeeper.named_q`) for seeing and for "My tasks": a crew
    member who has left the crew is still named by the permit he was briefed on (the gatekeeper lets him read it)."""
    permits_in_every_stage(site)
    left = site.crew[1]
    working = Permit.objects.get(place="Bay 5")
    assert working in visible_permits(left.user)
    assert working in selectors.named_permits(left.user)
    for person in site_people(site):
        named = set(Permit.objects.filter(named_q(person), organisation=site.org,
                                          status__in=OPEN_STATUSES | {Status.DRAFT}))
        assert set(selectors.named_permits(person.user)) == named & set(visible_permits(person.user)), person


def test_a_person_who_only_sees_a_permit_is_not_named_by_it(site):
    permit = site.issued()
    colleague = staff(site.org, site.division, AppointmentRole.ADMITTING_PERSON, Role.ADMITTING_PERSON,
                      last_name="Kollegov")
    assert permit in visible_permits(colleague.user)  # the division's admitting persons see its permits
    assert permit not in selectors.named_permits(colleague.user)


def test_pages_and_endpoints_call_no_private_function_of_the_services():
    """The pages, endpoints and selectors call the services by their public names only (`services._performer(`
    was one)."""
    paths = [PERMITS_PACKAGE / "selectors.py"]
    for folder in ("views", "api", "forms"):
        paths += sorted((PERMITS_PACKAGE / folder).glob("*.py"))
    offenders = [f"{path.relative_to(PERMITS_PACKAGE)}: {call}" for path in paths
                 for call in re.findall(r"services\._\w+\(", path.read_text())]
    assert offenders == []


def test_the_cosigner_of_a_two_party_act_is_the_current_performer(client, site):
    """cl.29: the pause is co-signed by the responsible performer now, found by the public `current_performer`."""
    permit = site.in_progress(crew=1)
    assert selectors.current_performer(permit) == site.performer
    html = text(as_user(client, site.admitting).get(url("pause", permit.pk)))
    assert "Proizvoditelev" in html


# --- my tasks -----------------------------------------------------------------------------------------------------------

def test_tasks_ask_for_an_air_sample_while_the_air_guard_refuses_admission(client, site, clock):
    """Item 5.4: with the measures done and approved but no passing sample fresh enough, what waits is the sample, not
    the admission (the service's own guard, `services.air_problems`, decides). Measure 5.4 is signed only after a
    passing sample, so here that sample has grown older than the work type's validity."""
    permit = site.prepared()
    clock.shift(datetime.timedelta(hours=2))
    assert services.air_problems(permit, at=timezone.now())
    html = text(as_user(client, site.admitting).get(url("tasks")))
    assert url("air-sample", permit.pk) in html and url("admit", permit.pk) not in html
    site.sample(permit, value="7.5", limit="5.0")  # failing: still the sample
    html = text(as_user(client, site.admitting).get(url("tasks")))
    assert url("air-sample", permit.pk) in html and url("admit", permit.pk) not in html
    site.sample(permit, value="1.0")
    html = text(as_user(client, site.admitting).get(url("tasks")))
    assert url("admit", permit.pk) in html and url("air-sample", permit.pk) not in html


def test_tasks_wait_for_the_start_only_once_the_workplace_is_accepted_and_the_crew_briefed(client, site):
    permit = site.admitted()
    client = as_user(client, site.performer)
    assert url("accept", permit.pk) in text(client.get(url("tasks")))
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    html = text(client.get(url("tasks")))
    assert url("accept", permit.pk) not in html and url("start", permit.pk) not in html  # no crew yet
    member = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    assert url("start", permit.pk) not in text(client.get(url("tasks")))  # not briefed
    services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    assert url("start", permit.pk) in text(client.get(url("tasks")))


def tasks_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("tasks"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["admitting", "issuer", "performer"])
def test_my_tasks_queries_do_not_grow_with_permits(client, site, who):
    """No N+1: "My tasks" costs as many queries for 10 permits as for 2. One permit waits for its admission in both
    cases: the air guard the tasks ask (`services.air_problems`) reads its samples, as the admission itself will."""
    site.prepared(place="Bay 0", devices=[], scope_of_work="Job 0")
    site.in_progress(crew=1, place="Bay 1", devices=[], scope_of_work="Job 1")
    client = as_user(client, getattr(site, who))
    with_two = tasks_queries(client)
    for n in range(2, 10):
        permit = site.draft(place=f"Bay {n}", devices=[], scope_of_work=f"Job {n}")
        if n % 2:
            services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert Permit.objects.count() == 10
    assert tasks_queries(client) == with_two
    assert with_two <= 25


# --- the register page --------------------------------------------------------------------------------------------------

def test_register_rows_for_page_give_each_numbered_permit_its_admissions(site):
    issued = site.issued(place="Bay 1", devices=[])
    admitted = site.admitted(place="Bay 2", devices=[])
    site.draft(place="Bay 3", devices=[])  # no number: not in the register
    rows = selectors.register_rows_for_page(site.issuer.user, site.org, issued.year)
    assert [row.permit_id for row in rows] == [issued.pk, admitted.pk]
    assert rows[0].initial == [] and rows[0].readmissions == []
    period = admitted.periods.get()
    assert rows[1].initial == [span(period.started_at, period.ended_at)] and rows[1].readmissions == []
    # The page shows the very rows the printed register and the XLSX print.
    assert rows == register_rows(organisation=site.org, year=issued.year)
    assert selectors.register_rows_for_page(site.issuer.user, None, issued.year) == []
