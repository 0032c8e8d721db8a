"""344 cl.6: a permit past its validity is lapsed the moment it passes, for every reading BY status too: the list page's
and the API's status filter, the home page's counts and the tiles they open, the board's columns and cards, and the
register's export. One query condition (`Permit.lapsed_q`, next to `Permit.lapsed_at`) is what the job, the filters and
the counts read; the clock moves past `valid_until` and the lapse job does not run."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qauipsiz.accounts.choices import Role
from qauipsiz.permits import services
from qauipsiz.permits.choices import OPEN_STATUSES, Status
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PW, START
from .test_api import as_, ok
from .test_views_support import as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def extend(site, permit):
    site.sample(permit, value="1.0")  # a fresh passing sample for the next shift (item 5.4)
    return services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                  shift_performer=site.performer, performer_credentials=PW, crew_count=1)


def listed(client, status: str) -> set[int]:
    html = text(client.get(url("list"), {"status": status}))
    return {p.pk for p in Permit.objects.all() if f'data-permit="{p.pk}"' in html}


def api_listed(api, status: str) -> tuple[int, set[int]]:
    body = ok(api.get("/", {"status": status}))
    return body["count"], {p["id"] for p in body["items"]}


@pytest.fixture
def two_working(site, clock):
    """At 20:00: `lapsing` was never extended (its shift ended), `extended` was extended at 19:30 for the night."""
    lapsing = site.in_progress(crew=1)
    extended = site.in_progress(crew=1, place="Bay 2", devices=[], scope_of_work="Second job")
    clock.move_to(at(23, 19, 30))
    extend(site, extended)
    clock.move_to(at(23, 20))
    return lapsing, extended


def test_344_cl06_list_page_filters_by_the_status_read_now(client, site, two_working):
    lapsing, extended = two_working
    client = as_user(client, site.admitting)
    assert listed(client, "lapsed") == {lapsing.pk}
    assert listed(client, "in_progress") == {extended.pk}
    html = text(client.get(url("list"), {"status": "lapsed"}))
    assert 'data-status="lapsed"' in html and 'data-status="in_progress"' not in html
    assert Permit.objects.get(pk=lapsing.pk).status == Status.IN_PROGRESS  # the job has not run


def test_344_cl06_api_list_filters_by_the_status_read_now(site, two_working):
    lapsing, extended = two_working
    api = as_(site.admitting)
    assert api_listed(api, "lapsed") == (1, {lapsing.pk})
    assert api_listed(api, "in_progress") == (1, {extended.pk})
    assert api_listed(api, "admitted") == (0, set())
    body = ok(api.get("/", {"status": "lapsed"}))
    assert body["items"][0]["status"] == "lapsed"
    services.lapse_job()  # once the job has stored it, the same answers
    assert api_listed(api, "lapsed") == (1, {lapsing.pk})
    assert api_listed(api, "in_progress") == (1, {extended.pk})


def test_344_cl06_paused_and_admitted_past_their_validity_are_listed_as_lapsed(client, site, clock):
    """A permit admitted (work not yet started) and one paused for the break, both for one shift, past 20:00."""
    admitted = site.admitted(validity="single_shift")
    paused = site.in_progress(crew=1, validity="single_shift", place="Bay 2", devices=[])
    services.permit_pause(permit=paused, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    api = as_(site.admitting)
    assert api_listed(api, "admitted") == (1, {admitted.pk})
    assert api_listed(api, "paused") == (1, {paused.pk})
    clock.move_to(at(23, 20, 1))
    assert api_listed(api, "admitted") == (0, set())
    assert api_listed(api, "paused") == (0, set())
    assert api_listed(api, "lapsed") == (2, {admitted.pk, paused.pk})
    client = as_user(client, site.admitting)
    assert listed(client, "lapsed") == {admitted.pk, paused.pk}
    assert listed(client, "paused") == set() and listed(client, "admitted") == set()


def test_344_cl06_home_counts_agree_with_the_list_they_open(client, site, two_working):
    """The home page's tile of lapsed permits counts what the list it opens shows."""
    lapsing, _extended = two_working
    client = as_user(client, f.user(Role.HEAD, site.org))
    html = text(client.get("/en/"))
    panel = html[html.index('id="home-open-permits"'):]
    panel = panel[:panel.index("</section>")]
    lapsed_tile = panel[panel.index(f'{url("list")}?status=lapsed'):]
    assert lapsed_tile.split("</a>")[0].split("<strong>")[1].startswith("1</strong>")
    in_progress_tile = panel[panel.index(f'{url("list")}?status=in_progress'):]
    assert in_progress_tile.split("</a>")[0].split("<strong>")[1].startswith("1</strong>")
    assert listed(client, "lapsed") == {lapsing.pk}


def test_344_cl06_board_puts_the_permit_in_the_lapsed_column_with_the_warning(client, site, two_working):
    lapsing, extended = two_working
    board = text(as_user(client, site.admitting).get(url("board")))
    lapsed = board[board.index('data-status="lapsed"'):].split("</section>")[0]
    working = board[board.index('data-status="in_progress"'):].split("</section>")[0]
    assert f'data-permit="{lapsing.pk}"' in lapsed and "Validity has lapsed" in lapsed
    assert f'data-permit="{extended.pk}"' in working and "Validity has lapsed" not in working


def test_344_cl06_register_reads_the_lapse_at_once(client, site, two_working):
    """The register's XLSX (its status column) and the API's register read the permit as lapsed too."""
    lapsing, extended = two_working
    head = f.user(Role.HEAD, site.org)
    response = as_user(client, head).get(url("register-xlsx"), {"organisation": site.org.pk, "year": 2026})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    status = {row[2]: row[5] for row in rows[1:]}
    assert status[lapsing.display_number] == str(Status.LAPSED.label)
    assert status[extended.display_number] == str(Status.IN_PROGRESS.label)
    body = ok(as_(head).get("/register", {"organisation": site.org.pk, "year": 2026}))
    assert {r["number"]: r["status"] for r in body["items"]} == {lapsing.number: "lapsed",
                                                                 extended.number: "in_progress"}


def test_344_cl06_lapsed_q_is_lapsed_at_and_the_job(site, clock):
    """The query condition, the Python reading and the job select the same permits at each moment (working, paused
    for one shift, paused within a whole period, extended), and each status filter finds exactly the permits whose
    `effective_status` it names."""
    working = site.in_progress()
    paused_single = site.in_progress(validity="single_shift", place="Bay 2", devices=[])
    paused_whole = site.in_progress(place="Bay 3", devices=[], planned_end=at(24, 9))
    admitted = site.admitted(place="Bay 4", devices=[])
    extended = site.in_progress(place="Bay 5", devices=[])
    for permit in (paused_single, paused_whole):
        services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 19, 30))
    extend(site, extended)
    ids = [working.pk, paused_single.pk, paused_whole.pk, admitted.pk, extended.pk]
    for moment in (at(23, 19, 59), at(23, 20), at(24, 7, 59), at(24, 8), at(24, 8, 59), at(24, 9)):
        clock.move_to(moment)
        permits = list(Permit.objects.filter(pk__in=ids))
        due = set(services.lapse_due().values_list("pk", flat=True))
        by_q = set(Permit.objects.filter(Permit.lapsed_q(moment), pk__in=ids).values_list("pk", flat=True))
        assert by_q == due == {p.pk for p in permits if p.lapsed_at(moment)}, moment
        annotated = dict(Permit.objects.filter(pk__in=ids).annotate(current=Permit.effective_status_of(moment))
                         .values_list("pk", "current"))
        assert annotated == {p.pk: p.effective_status for p in permits}, moment
        for status in OPEN_STATUSES:
            found = set(Permit.objects.filter(Permit.status_q(status, moment), pk__in=ids).values_list("pk", flat=True))
            assert found == {p.pk for p in permits if p.effective_status == status}, (moment, status)


def count_queries(client, address, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, params)
    assert response.status_code == 200
    return len(captured)


def test_344_cl06_filtering_by_status_adds_no_query_per_permit(client, site, clock):
    site.in_progress(crew=1)
    head = f.user(Role.HEAD, site.org)
    clock.move_to(at(23, 20))
    client = as_user(client, head)
    api = Client(HTTP_AUTHORIZATION=as_(head).client.defaults["HTTP_AUTHORIZATION"])
    count_queries(api, "/api/v1/permits/", {})  # the token's first use records itself
    one = [count_queries(client, url("list"), {"status": "lapsed"}), count_queries(client, "/en/", {}),
           count_queries(api, "/api/v1/permits/", {"status": "lapsed"})]
    clock.move_to(at(23, 9))
    for n in range(4):
        site.in_progress(crew=1, place=f"Bay {n}", devices=[], scope_of_work=f"Job {n}")
    clock.move_to(at(23, 20))
    client = as_user(client, head)
    assert len(listed(client, "lapsed")) == 5
    assert [count_queries(client, url("list"), {"status": "lapsed"}), count_queries(client, "/en/", {}),
            count_queries(api, "/api/v1/permits/", {"status": "lapsed"})] == one
