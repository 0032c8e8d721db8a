"""Document numbering (control.numbering): gapless per kind, organisation and year, taken inside the act."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import translation

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
    with translation.override("en"):  # a page read before may have left its language active
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


TIMEOUT = 60


def _together(works) -> list:
    """Run the works in threads started at once; the failures, as text."""
    barrier, failures = threading.Barrier(len(works)), []

    def target(work):
        try:
            barrier.wait(timeout=TIMEOUT)
            work()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            failures.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a writer is still waiting"
    return failures


@pytest.mark.django_db(transaction=True)
def test_315_cl4_5_concurrent_writers_take_distinct_gapless_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite takes its write lock at BEGIN IMMEDIATE, so two writers never interleave")
    org = f.organisation("Concurrent plant")
    taken = []

    def writer():
        for _ in range(5):
            taken.append(_take(org, DocumentKind.JOURNAL_ENTRY, 2026))

    assert _together([writer] * 6) == []
    assert sorted(taken) == list(range(1, 31))


@pytest.mark.django_db(transaction=True)
def test_315_cl4_1_work_plans_approved_at_once_are_numbered_one_to_n_and_the_ledger_verifies():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite takes its write lock at BEGIN IMMEDIATE, so two writers never interleave")
    from qauipsiz.ledger.verify import verify_organisation

    site = build_site()
    divisions = [site.div_a, site.div_b, *(f.division(site.org, f"Shop {n}") for n in range(3))]
    versions = [site.work_plan(division=division, approve=False).versions.get() for division in divisions]

    def approve(version):
        return lambda: services.plan_approve(record=version, by=site.head, credentials=PW)

    assert _together([approve(version) for version in versions]) == []
    numbers = sorted(v.plan.number for v in type(versions[0]).objects.filter(pk__in=[v.pk for v in versions])
                     .select_related("plan"))
    assert numbers == [1, 2, 3, 4, 5]
    assert verify_organisation(site.org.pk) == []
