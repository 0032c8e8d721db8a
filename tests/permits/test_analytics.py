"""Issue 11, "Permit analytics": permits by state, work type and division per month, lapses (344 cl.6), and the hours
from issue to admission (item 9), on the page and in the API, for the permits each user sees.

The known data set (`plant`): the clock stands at 23.11.2026 (Asia/Almaty); permits drawn up in September, October
and November, in two divisions and of two work types; two lapses (one in October the job has not yet stored, one in
November the job stores); admissions 2, 4 and 9 hours after issue in October, 0.5 (through the services) and 10.5
hours in November.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.services import token_create
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.permits import analytics, services
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PW, builtin_work_type, make_site
from .test_views_support import english, outsider_user, url  # noqa: F401

ALMATY = datetime.timezone(datetime.timedelta(hours=5))
SVG = "{http://www.w3.org/2000/svg}"
SEPT, OCT, NOV = 9, 10, 11  # their places among the last 12 months (December 2025 ... November 2026)


def at(month: int, day: int, hour: float) -> datetime.datetime:
    return datetime.datetime(2026, month, day, tzinfo=ALMATY) + datetime.timedelta(hours=hour)


def shaped(site, *, kind="hot", division=None, created, **fields) -> Permit:
    """A permit drawn up through the services, then put where the figures need it (the month it was drawn up, its
    state, its times): the history a plant would have."""
    permit = site.draft(kind=kind)
    Permit.objects.filter(pk=permit.pk).update(created_at=created, division=division or site.division, **fields)
    return permit


@pytest.fixture
def plant(site, clock):
    other_division = f.division(site.org, "Shop No. 3")
    site.other_division = other_division
    shaped(site, created=at(9, 10, 10))
    shaped(site, kind="height", division=other_division, created=at(9, 12, 10), status="cancelled")
    shaped(site, created=at(10, 5, 9), status="issued", issued_at=at(10, 5, 10))
    # Admitted, its shift over on 06.10 at 20:00 and never extended: lapsed (344 cl.6), though the job has not run.
    shaped(site, kind="height", division=other_division, created=at(10, 6, 7), status="admitted",
           issued_at=at(10, 6, 8), admitted_at=at(10, 6, 10), valid_until=at(10, 6, 20))
    shaped(site, created=at(10, 7, 7), status="closed", issued_at=at(10, 7, 8), admitted_at=at(10, 7, 12),
           ended_at=at(10, 7, 18), closed_at=at(10, 7, 18))
    shaped(site, created=at(10, 8, 7), status="completed", issued_at=at(10, 8, 8), admitted_at=at(10, 8, 17))
    # November, through the services: issued at 09:00, admitted at 09:30, valid to the end of the shift (20:00).
    lapsing = site.prepared()
    clock.shift(datetime.timedelta(minutes=30))
    lapsing = services.permit_admit(permit=lapsing, by=site.admitting.user, credentials=PW, measures_checked=True,
                                    performer_briefed=True, copy_handed_over=True)
    shaped(site, created=at(11, 23, 9), status="in_progress", issued_at=at(11, 23, 9), admitted_at=at(11, 23, 19.5),
           valid_until=at(11, 24, 8))
    clock.move_to(at(11, 23, 21))  # past the shift of the permit admitted at 09:30: lapsed
    site.lapsing = lapsing
    return site


def values(series: list[dict]) -> dict:
    """{key: {month index: count}} without the zeros."""
    return {s["key"]: {i: v for i, v in enumerate(s["values"]) if v} for s in series}


def expected_by_state():
    return {"draft": {SEPT: 1}, "issued": {OCT: 1}, "in_progress": {NOV: 1}, "lapsed": {OCT: 1, NOV: 1},
            "completed": {OCT: 1}, "closed": {OCT: 1}, "cancelled": {SEPT: 1}}


def test_issue11_figures_on_a_known_data_set(plant):
    head = f.user(Role.HEAD, plant.org)
    figures = analytics.figures(head)
    months = figures["months"]
    assert len(months) == 12 and months[0] == datetime.date(2025, 12, 1) and months[-1] == datetime.date(2026, 11, 1)
    assert values(figures["by_state"]) == expected_by_state()
    # In the order of the statuses, as the list's filter names them.
    assert [s["key"] for s in figures["by_state"]] == ["draft", "issued", "in_progress", "lapsed", "completed",
                                                       "closed", "cancelled"]
    hot, height = builtin_work_type("hot"), builtin_work_type("height")
    assert values(figures["by_work_type"]) == {str(hot.pk): {SEPT: 1, OCT: 3, NOV: 2},
                                               str(height.pk): {SEPT: 1, OCT: 1}}
    assert values(figures["by_division"]) == {str(plant.division.pk): {SEPT: 1, OCT: 3, NOV: 2},
                                              str(plant.other_division.pk): {SEPT: 1, OCT: 1}}
    # 344 cl.6: one lapse in October (past its validity, not yet stored), one in November.
    assert {i: n for i, n in enumerate(figures["lapses"]) if n} == {OCT: 1, NOV: 1}
    admission = figures["admission"]
    assert admission["admissions"][OCT] == 3 and admission["admissions"][NOV] == 2
    # October 2, 4, 9 h: median 4, 90th percentile 4 + 0.8 x (9 - 4); November 0.5 and 10.5 h: 5.5 and 9.5.
    assert (admission["median_hours"][OCT], admission["p90_hours"][OCT]) == (4.0, 8.0)
    assert (admission["median_hours"][NOV], admission["p90_hours"][NOV]) == (5.5, 9.5)
    assert admission["median_hours"][SEPT] is None and admission["admissions"][SEPT] == 0
    assert [(b["low"], b["high"], b["count"]) for b in admission["histogram"]] == [
        (0, 1, 1), (1, 2, 0), (2, 4, 1), (4, 8, 1), (8, 24, 2), (24, 72, 0), (72, None, 0)]


def test_issue11_344_cl06_a_lapse_counts_once_before_and_after_the_job_stores_it(plant):
    """344 cl.6: past its validity the permit reads as lapsed at once; the job's lapse is the same lapse."""
    head = f.user(Role.HEAD, plant.org)
    before = analytics.figures(head)
    services.permit_lapse(permit=plant.lapsing)
    assert LedgerEntry.objects.filter(action="permits.permit.lapse", object_id=str(plant.lapsing.pk)).exists()
    after = analytics.figures(head)
    assert after["lapses"] == before["lapses"] and values(after["by_state"]) == expected_by_state()


def test_issue11_344_cl06_states_agree_with_the_list_lapsed_as_its_validity_passes(plant):
    """The lapsed in the chart are those the list's status filter finds (`Permit.status_q`)."""
    head = f.user(Role.HEAD, plant.org)
    figures = analytics.figures(head)
    from django.utils import timezone
    for series in figures["by_state"]:
        listed = Permit.objects.filter(Permit.status_q(series["key"], timezone.now()), organisation=plant.org)
        assert sum(series["values"]) == listed.count(), series["key"]


def test_issue11_filters_division_work_type_and_period(plant):
    head = f.user(Role.HEAD, plant.org)
    in_other = analytics.figures(head, analytics.Filters(division=plant.other_division))
    assert values(in_other["by_state"]) == {"lapsed": {OCT: 1}, "cancelled": {SEPT: 1}}
    hot = analytics.figures(head, analytics.Filters(work_type=builtin_work_type("hot")))
    assert sum(sum(s["values"]) for s in hot["by_state"]) == 6
    three = analytics.figures(head, analytics.Filters(months=3))
    assert [m.month for m in three["months"]] == [9, 10, 11]
    assert three["lapses"] == [0, 1, 1]


def test_issue11_top_work_types_and_the_rest_as_other(plant, monkeypatch):
    monkeypatch.setattr(analytics, "TOP", 1)
    figures = analytics.figures(f.user(Role.HEAD, plant.org))
    by_division = figures["by_division"]
    assert [s["key"] for s in by_division] == [str(plant.division.pk), "other"]
    assert values(by_division)["other"] == {SEPT: 1, OCT: 1}


def test_issue11_each_sees_only_the_permits_he_may_see(plant):
    # A division head of the other shop: his division's permits only.
    shop_head = f.user(Role.DIVISION_HEAD, plant.org, division=plant.other_division)
    assert values(analytics.figures(shop_head)["by_state"]) == {"lapsed": {OCT: 1}, "cancelled": {SEPT: 1}}
    # The head of another organisation: nothing of this one, his own permits counted.
    outsider = outsider_user()
    figures = analytics.figures(outsider)
    assert all(not any(s["values"]) for s in figures["by_state"]) and not any(figures["lapses"])
    assert figures["admission"]["histogram"][0]["count"] == 0
    other = make_site("Other plant")
    other.draft()
    other_head = f.user(Role.HEAD, other.org)
    assert values(analytics.figures(other_head)["by_state"]) == {"draft": {NOV: 1}}


@pytest.mark.usefixtures("english")
def test_issue11_crew_and_admitting_persons_get_no_page(plant, client):
    for user in (plant.crew[0].user, plant.admitting.user, plant.performer.user):
        client.force_login(user)
        assert client.get(url("analytics")).status_code == 403
        assert "permits/analytics/" not in client.get(url("list")).content.decode()
    client.force_login(plant.issuer.user)
    assert client.get(url("analytics")).status_code == 200


def _query_count(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        analytics.figures(user)
    return len(queries)


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("analytics")).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("english")
def test_issue11_the_number_of_queries_does_not_grow_with_the_permits(plant, client):
    head = f.user(Role.HEAD, plant.org)
    client.force_login(head)
    _query_count(head)  # the grants, once per user object
    few, page_few = _query_count(head), _page_queries(client)
    for month in range(1, 12):
        shaped(plant, kind="height", division=plant.other_division, created=at(month, 3, 9), status="admitted",
               issued_at=at(month, 3, 9), admitted_at=at(month, 3, 9 + month), valid_until=at(month, 3, 20))
    shaped(plant, kind="electrical", created=at(11, 1, 9))
    many, page_many = _query_count(head), _page_queries(client)
    assert few == many <= 11
    assert page_few == page_many, (page_few, page_many)


def _svgs(html: str) -> list[ET.Element]:
    charts, start = [], 0
    while (start := html.find('<svg xmlns="http://www.w3.org/2000/svg" class="chart"', start)) != -1:
        end = html.index("</svg>", start) + len("</svg>")
        charts.append(ET.fromstring(html[start:end]))  # noqa: S314 - the page's own charts
        start = end
    return charts


@pytest.mark.usefixtures("english")
def test_issue11_page_charts_are_well_formed_svg_with_titles_and_tables(plant, client):
    client.force_login(f.user(Role.HEAD, plant.org))
    response = client.get(url("analytics"))
    assert response.status_code == 200
    html = response.content.decode()
    charts = _svgs(html)
    assert len(charts) == 6
    for svg in charts:
        assert svg.get("role") == "img" and svg.find(f"{SVG}title").text
        assert svg.find(f"{SVG}desc").text
        assert svg.findall(f".//{SVG}g[@class='legend-item']")
    state = charts[0]
    tips = [t.text for t in state.iter(f"{SVG}title")]
    assert "10.2026: Lapsed (not extended) — 1" in tips and "10.2026: 4" in tips
    assert "Month (local time)" in ET.tostring(state, encoding="unicode")
    assert html.count("<details class=\"chart-data\">") == 6
    assert "<th scope=\"row\">10.2026</th>" in html


def test_issue11_numbers_with_the_readers_decimal_separator(plant, client):
    client.force_login(f.user(Role.HEAD, plant.org))
    html = client.get("/ru/permits/analytics/").content.decode()
    assert "<td class=\"num\">5,5</td>" in html and "5.5" not in html.split("<details")[-1]
    charts = _svgs(html)
    assert any("5,5" in (t.text or "") for t in charts[4].iter(f"{SVG}title"))


def _section(html: str, key: str) -> str:
    return html.split(f'id="chart-{key}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.usefixtures("english")
def test_issue11_filters_as_get_parameters(plant, client):
    client.force_login(f.user(Role.HEAD, plant.org))
    html = client.get(url("analytics"), {"months": 3, "division": plant.other_division.pk}).content.decode()
    assert "<th scope=\"row\">08.2026</th>" not in html and "<th scope=\"row\">09.2026</th>" in html
    # A filter that is not valid is left out, the others stay.
    html = client.get(url("analytics"), {"months": "abc", "division": plant.other_division.pk}).content.decode()
    assert "<th scope=\"row\">12.2025</th>" in html and "Shop No. 2" not in _section(html, "division")
    outsider_division = f.division(f.organisation("Elsewhere"), "Far shop")
    html = client.get(url("analytics"), {"months": 3, "division": outsider_division.pk}).content.decode()
    assert "<th scope=\"row\">08.2026</th>" not in html
    assert "Shop No. 2" in _section(html, "division") and "Shop No. 3" in _section(html, "division")


class Api:
    def __init__(self, user):
        _token, key = token_create(user=user, name="analytics test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")

    def get(self, **params):
        return self.client.get("/api/v1/permits/analytics", params)


def test_issue11_api_returns_the_same_figures(plant):
    head = f.user(Role.HEAD, plant.org)
    response = Api(head).get()
    assert response.status_code == 200, response.content
    body = response.json()
    figures = analytics.figures(head)
    assert body["months"] == [m.isoformat() for m in figures["months"]]
    for key in ("by_state", "by_work_type", "by_division", "lapses"):
        assert body[key] == figures[key], key
    assert body["admission"] == figures["admission"]
    filtered = Api(head).get(months=3, division=plant.other_division.pk).json()
    assert values(filtered["by_state"]) == {"lapsed": {1: 1}, "cancelled": {0: 1}}


def test_issue11_api_permissions_as_the_page(plant):
    assert Api(plant.crew[0].user).get().status_code == 403
    outsider = Api(outsider_user())
    body = outsider.get().json()
    assert not any(any(s["values"]) for s in body["by_state"])
    # Another organisation's division is not a filter he may choose.
    assert outsider.get(division=plant.division.pk).status_code == 404
    assert Api(f.user(Role.HEAD, plant.org)).get(months=5).status_code == 422


@pytest.mark.usefixtures("english")
def test_issue11_linked_from_the_menu_and_the_home_panels(plant, client):
    analytics_url = url("analytics")
    for user, linked in ((f.user(Role.HEAD, plant.org), True), (plant.issuer.user, True),
                         (plant.crew[0].user, False)):
        client.force_login(user)
        home = client.get("/en/").content.decode()
        assert (f'href="{analytics_url}"' in home) is linked, user


def test_issue11_percentiles_as_percentile_cont(plant):
    """The median and the 90th percentile interpolate between ranks, as PostgreSQL's percentile_cont (and Python's
    inclusive quantiles) do."""
    import statistics

    hours = [0.25, 7.5, 1, 30, 2.75, 12, 3, 48, 5, 6.5, 0.5]
    for n, h in enumerate(hours):
        shaped(plant, created=at(3, 2, 7), status="closed", issued_at=at(3, 2 + n, 8), admitted_at=at(3, 2 + n, 8 + h))
    admission = analytics.figures(f.user(Role.HEAD, plant.org))["admission"]
    march = 3
    deciles = statistics.quantiles(hours, n=10, method="inclusive")
    assert admission["admissions"][march] == len(hours)
    assert admission["median_hours"][march] == round(statistics.median(hours), 1)
    assert admission["p90_hours"][march] == round(deciles[8], 1)
