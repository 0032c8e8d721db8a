"""Document numbering (control.numbering): gapless per kind, organisation and year, taken inside the act."""

import datetime
import threading

import pytest
from django.db import connection

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.control.choices import PlanKind
from qauipsiz.control.numbering import DocumentKind, display_number, display_titled, next_number, series
from qauipsiz.control.services import plans as services
from qauipsiz.transactions import atomic
from tests import factories as f

from .plans_site import PW, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site()


@atomic
def _take(org, kind, year):
    return next_number(org, kind, year)


def test_315_cl4_5_numbers_are_per_kind_per_organisation_and_restart_each_year(site):
    other = f.organisation("Second plant")
    assert [_take(site.org, DocumentKind.PRESCRIPTION, 2026) for _ in range(3)] == [1, 2, 3]
    assert _take(site.org, DocumentKind.ACT, 2026) == 1  # another kind, its own series
    assert _take(site.org, DocumentKind.PRESCRIPTION, 2027) == 1  # a new year starts again
    assert _take(other, DocumentKind.PRESCRIPTION, 2026) == 1  # another organisation, its own series
    assert _take(site.org, DocumentKind.PRESCRIPTION, 2026) == 4
    assert len({series(kind) for kind in DocumentKind.values}) == len(DocumentKind.values)


def test_315_cl4_5_the_number_reads_as_number_slash_year():
    assert display_number(12, 2026) == "12/2026"
    assert display_number(None, 2026) == "—"
    assert display_titled(DocumentKind.PRESCRIPTION, 12, 2026) == "Prescription No. 12/2026"


def test_315_cl4_5_a_refused_approval_takes_no_number(site):
    first = site.measures_plan(year=2026)
    assert first.number == 1
    empty = services.plan_create(by=site.official, organisation=site.org, kind=PlanKind.WORK, year=2026,
                                 division=site.div_a)
    with pytest.raises(ActionRefused):
        services.plan_approve(record=empty.versions.get(), by=site.head, credentials=PW)  # no items: refused
    empty.refresh_from_db()
    assert empty.number is None
    services.item_add(by=site.official, version=empty.versions.get(), measure="Walk the line",
                      deadline=datetime.date(2026, 5, 1))
    services.plan_approve(record=empty.versions.get(), by=site.head, credentials=PW)
    empty.refresh_from_db()
    assert empty.number == 1  # the work plans' series: the refused act left no gap
    second = site.work_plan(division=site.div_b)
    assert second.number == 2


def test_315_cl4_5_a_wrong_password_takes_no_number(site):
    plan = site.measures_plan(approve=False)
    with pytest.raises(Exception):  # noqa: B017 (the signature's refusal, whatever its type)
        services.plan_approve(record=plan.versions.get(), by=site.head, credentials={"password": "wrong"})
    services.plan_approve(record=plan.versions.get(), by=site.head, credentials=PW)
    plan.refresh_from_db()
    assert plan.number == 1


def test_315_cl4_5_a_new_version_keeps_the_plan_number(site):
    plan = site.measures_plan()
    version = services.version_new(by=site.official, plan=plan, reason="A new unit was commissioned")
    services.plan_approve(record=version, by=site.head, credentials=PW)
    plan.refresh_from_db()
    assert plan.number == 1
    assert _take(site.org, DocumentKind.MEASURES_PLAN, 2026) == 2


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_315_cl4_5_concurrent_writers_take_distinct_gapless_numbers():
    org = f.organisation("Concurrent plant")
    taken, errors = [], []

    def writer():
        try:
            for _ in range(5):
                taken.append(_take(org, DocumentKind.JOURNAL_ENTRY, 2026))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(taken) == list(range(1, 31))
