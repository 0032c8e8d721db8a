"""Issue 11: each role starts at its own work. The home page shows a person the open permits that name him, the step
each waits for and who takes it (the rules of "My tasks"); the head, production-control officials and division heads
the state of the work (counts by status, lapsing within the hour, blocked) and the trainings overview; a crew member
none of the organisation's training statistics, only his own trainings; an outsider none of it. Each panel queries
a bounded number of times, however many permits and people there are."""

import datetime

import pytest

from qauipsiz.accounts.choices import Role
from qauipsiz.core.services import record_update
from qauipsiz.permits import services
from qauipsiz.permits.acts import Act
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PW, make_site
from .test_views_support import as_user, english, outsider_user, text  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def home(client, who):
    return as_user(client, who).get("/en/")


def panel(html: str, panel_id: str) -> str:
    start = html.index(f'id="{panel_id}"')
    return html[start:html.index("</section>", start)]


def permit_block(html: str, permit) -> str:
    block = panel(html, "home-my-permits")
    start = block.index(f'data-permit="{permit.pk}"')
    return block[start:block.index("</ul>", start)]


def many_trained_people(site, count: int = 36) -> None:
    """The organisation's people and their trainings: the statistics a crew member is not to read."""
    for n in range(count):
        f.training(f.person(site.org, site.division, last_name=f"Trainee{n:02d}"), until=datetime.date(2026, 12, 1))


def crew_waiting_for_briefing(site) -> Permit:
    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    return permit


def test_issue11_crew_member_sees_his_permit_and_its_step_not_the_trainings_of_36_people(client, site):
    many_trained_people(site)
    permit = crew_waiting_for_briefing(site)
    response = home(client, site.crew[0])
    html = text(response)
    block = permit_block(html, permit)
    # His own step (he signs his briefing on the admitting person's device), and the admitting person's part in it.
    assert f'data-act="{Act.BRIEF_MEMBER}" data-person="{site.crew[0].pk}" class="mine"' in block
    assert "Brief Akhmetov Ivan (item 11) — Dopuskov I. (admitting person)" in block
    # None of the organisation's statistics: no overview, no counts of the organisation's permits, no other's training.
    assert "training_bars" not in response.context and "counts" not in response.context
    assert 'id="home-open-permits"' not in html and "Trainings by type" not in html
    assert "Trainee" not in html
    # Only his own trainings.
    own = panel(html, "home-own-trainings")
    assert "Industrial safety" in own or own.count("<tr") == 2
    assert [t.person_id for t in response.context["own_trainings"]] == [site.crew[0].pk]


def test_issue11_crew_member_named_in_no_permit_sees_only_his_own_trainings(client, site):
    many_trained_people(site)
    site.in_progress(crew=1)  # the work of the division, on which he is not in the crew
    response = home(client, site.crew[3])
    html = text(response)
    assert "No open permit names you." in panel(html, "home-my-permits")
    assert 'id="home-open-permits"' not in html and "Trainee" not in html and "Akhmetov" not in html
    assert [t.person_id for t in response.context["own_trainings"]] == [site.crew[3].pk]


def test_issue11_issuer_sees_his_draft_and_issued_permit_with_the_next_step_and_who_takes_it(client, site):
    draft = site.draft()
    prepared = site.prepared()
    response = home(client, site.issuer)
    html = text(response)
    # What waits on him comes first.
    assert [row["permit"].pk for row in response.context["my_permits"]] == [draft.pk, prepared.pk]
    # The draft waits for him: issue it (item 6), a link to its page.
    draft_block = permit_block(html, draft)
    assert f'data-act="{Act.ISSUE}" data-person="{site.issuer.pk}" class="mine"' in draft_block
    assert f'/en/permits/{draft.pk}/issue/' in draft_block or "Issue (item 6)</a>" in draft_block
    # The issued permit, its measures carried out and approved, waits for the admitting person to admit the crew.
    issued_block = permit_block(html, prepared)
    assert "Admit (item 9) — Dopuskov I. (admitting person)" in issued_block
    assert f'data-person="{site.admitting.pk}"' in issued_block
    assert "Admit (item 9)</a>" not in issued_block  # another's step: named, not offered
    # The issuer answers for his permits, not for the organisation's trainings.
    assert 'id="home-open-permits"' not in html and "Trainings by type" not in html


def test_issue11_issued_permit_waits_for_the_measures_and_the_approval_with_who(client, site):
    permit = site.issued(kind="height")
    block = permit_block(text(home(client, site.performer)), permit)
    assert "— Dopuskov I. (admitting person)" in block  # the measures, organised by the admitting person (cl.21)
    assert "Approve (items 8, 8.1) — Smenov I. (approver named in the permit)" in block


def test_issue11_admitting_person_sees_his_own_step_as_a_link(client, site):
    permit = site.prepared()
    block = permit_block(text(home(client, site.admitting)), permit)
    assert f'data-act="{Act.ADMIT}" data-person="{site.admitting.pk}" class="mine"' in block
    assert "Admit (item 9)</a> — <strong>you</strong> (admitting person)" in block


def test_issue11_head_sees_the_state_of_the_organisation(client, site, clock):
    many_trained_people(site, 3)
    working = site.in_progress(crew=1)
    stopped = site.admitted()
    services.permit_accept_workplace(permit=stopped, by=site.performer.user, credentials=PW)
    member = services.crew_add(permit=stopped, by=site.performer.user, person=site.crew[1])
    services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    stopped = services.permit_start_work(permit=stopped, by=site.performer.user, credentials=PW)
    services.permit_suspend(permit=stopped, by=site.admitting.user, reason="Gas alarm in unit 7", credentials=PW,
                            performer_credentials=PW)
    site.draft()
    clock.move_to(Permit.objects.get(pk=working.pk).valid_until - datetime.timedelta(minutes=30))
    response = home(client, f.user(Role.HEAD, site.org))
    html = text(response)
    state = panel(html, "home-open-permits")
    counts = {row["status"]: row["count"] for row in response.context["open_permit_rows"]}
    assert counts == {"in_progress": 1, "suspended": 1}
    assert f'data-permit="{working.pk}" data-attention="lapsing"' in state
    assert f'data-permit="{stopped.pk}" data-attention="blocked"' in state
    # The trainings overview stays for him; no permit names him, so there is no "My permits".
    assert "training_bars" in response.context
    assert 'id="home-my-permits"' not in html


def test_issue11_division_head_named_as_approver_sees_both(client, site):
    permit = site.issued()
    html = text(home(client, site.supervisor))
    assert f'data-act="{Act.APPROVE}" data-person="{site.supervisor.pk}" class="mine"' in permit_block(html, permit)
    assert 'id="home-open-permits"' in html


def test_issue11_outsider_sees_none_of_it(client, site):
    """The head, an issuer and a crew member of another organisation: none of the site's permits, people or
    trainings."""
    permit = crew_waiting_for_briefing(site)
    many_trained_people(site, 3)
    other = make_site("Other refinery")
    for n, person in enumerate(other.crew):  # no name of the site's people on the other organisation's pages
        person.last_name = f"Other{n}"
        record_update(by=f.superuser(), instance=person)
    for who in (outsider_user(), other.issuer, other.crew[0]):
        response = home(client, who)
        html = text(response)
        assert f'/en/permits/{permit.pk}/' not in html
        assert "Trainee" not in html and "Akhmetov" not in html
        assert response.context.get("open_permit_total", 0) == 0
        assert response.context.get("my_permits", []) == []


def home_queries(client, who, django_assert_max_num_queries, bound: int):
    as_user(client, who)
    with django_assert_max_num_queries(bound) as captured:
        assert client.get("/en/").status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["issuer", "admitting", "performer", "crew", "head"])
def test_issue11_home_queries_do_not_grow_with_the_permits(client, site, who, django_assert_max_num_queries):
    users = {"issuer": site.issuer, "admitting": site.admitting, "performer": site.performer, "crew": site.crew[0],
             "head": f.user(Role.HEAD, site.org)}
    crew_waiting_for_briefing(site)
    site.draft()
    few = home_queries(client, users[who], django_assert_max_num_queries, 40)
    for _ in range(3):
        site.issued()
        site.prepared()
    crew_waiting_for_briefing(site)
    many_trained_people(site, 5)
    assert home_queries(client, users[who], django_assert_max_num_queries, few) <= few


@pytest.mark.parametrize("before_end", [datetime.timedelta(minutes=61), datetime.timedelta(minutes=60),
                                        datetime.timedelta(minutes=1), datetime.timedelta(0),
                                        -datetime.timedelta(minutes=1)])
def test_issue11_home_lapsing_soon_agrees_with_the_board_card(client, site, clock, before_end):
    """The home's "lapsing within the hour" is the board card's "ending soon" (`selectors._card`) as a database
    condition: at each moment around the hour and the lapse (344 cl.6), both name the same permits."""
    from django.utils import timezone

    from qauipsiz.permits.selectors import _card, board_queryset

    working = site.in_progress(crew=1)
    head = f.user(Role.HEAD, site.org)
    clock.move_to(Permit.objects.get(pk=working.pk).valid_until - before_end)
    response = home(client, head)
    on_home = {p.pk for p in response.context["attention"] if not p.blocked}
    now = timezone.now()
    on_board = {p.pk for p in board_queryset(head) if _card(p, now).ending_soon}
    assert on_home == on_board
    assert (working.pk in on_board) == (datetime.timedelta(0) < before_end <= datetime.timedelta(hours=1))
