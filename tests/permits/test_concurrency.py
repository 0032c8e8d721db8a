"""Two people (or one impatient client) acting on one permit at the same moment, from separate threads.

The permit row is locked first in every action, so one admission wins and the other finds the permit admitted: a clean
409, never a second signature, a 500 or "database is locked". On PostgreSQL the row lock makes the loser wait; on
SQLite the write lock taken at BEGIN IMMEDIATE does, so these tests run on both. The last test is about PostgreSQL's
unique constraint on the Idempotency-Key and runs there only.
"""

import threading
import time

import pytest
from django.db import connection

from qauipsiz.acts.registered import RegisteredAct
from qauipsiz.ledger.models import Signature
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import services
from qauipsiz.permits.acts import Act
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit

from .conftest import PW
from .test_api import SIGN, as_  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
ADMIT = {"signature": SIGN, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}
TIMEOUT = 60


def admissions(permit) -> int:
    return Signature.objects.filter(purpose="permits.permit.item9_admitted", object_id=str(permit.pk)).count()


def in_threads(*calls) -> list:
    """Run each call in its own thread (its own database connection), released together; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def target(index, call):
        try:
            barrier.wait(timeout=TIMEOUT)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - returned to the test, which says what it expected
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting"
    return results


def test_two_admissions_at_once_through_the_services(site):
    permit = site.prepared()

    def admit():
        return services.permit_admit(permit=Permit.objects.get(pk=permit.pk), by=site.admitting.user, credentials=PW,
                                     measures_checked=True, performer_briefed=True, copy_handed_over=True)

    results = in_threads(admit, admit)
    assert sorted(type(r).__name__ for r in results) == ["ActionRefused", "Permit"], results
    assert isinstance(next(r for r in results if not isinstance(r, Permit)), ActionRefused)
    assert Permit.objects.get(pk=permit.pk).status == Status.ADMITTED
    assert admissions(permit) == 1 and permit.periods.count() == 1
    assert verify_organisation(site.org.pk) == []


def test_two_admissions_at_once_through_the_api(site):
    permit = site.prepared()
    clients = [as_(site.admitting), as_(site.admitting)]
    responses = in_threads(*(lambda c=c: c.post(f"/{permit.pk}/admit", ADMIT) for c in clients))
    assert sorted(r.status_code for r in responses) == [200, 409], [r.content for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert "does not allow" in loser.json()["detail"]
    assert admissions(permit) == 1
    assert verify_organisation(site.org.pk) == []


def test_parallel_requests_with_one_idempotency_key_sign_once(site):
    permit = site.prepared()
    clients = [as_(site.admitting), as_(site.admitting)]
    responses = in_threads(*(lambda c=c: c.post(f"/{permit.pk}/admit", ADMIT, key="double-click") for c in clients))
    assert [r.status_code for r in responses] == [200, 200], [r.content for r in responses]
    assert responses[0].content == responses[1].content
    assert admissions(permit) == 1
    assert verify_organisation(site.org.pk) == []


def _blocked_on_the_key() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND query ILIKE %s AND pid <> pg_backend_pid()", ["%INSERT INTO%acts_idempotentrequest%"])
        return cursor.fetchone()[0] > 0


def test_a_twin_sent_while_the_first_is_running_waits_for_its_answer(site, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite takes its write lock at BEGIN IMMEDIATE, so a twin waits before it can read "
                    "the key and never reaches the unique constraint this test is about (the parallel test above "
                    "covers SQLite)")
    permit = site.prepared()
    first_client, twin_client = as_(site.admitting), as_(site.admitting)
    original = RegisteredAct.call
    inside, release = threading.Event(), threading.Event()

    def held_open(act, request, **kwargs):
        # The endpoint calls the service through its registration (`permits/registered.py`).
        result = original(act, request, **kwargs)
        if act.code == Act.ADMIT:
            inside.set()
            assert release.wait(TIMEOUT)  # the transaction, with the claimed key, stays open until the twin waits
        return result

    monkeypatch.setattr(RegisteredAct, "call", held_open)
    results = {}

    def send(name, client):
        try:
            results[name] = client.post(f"/{permit.pk}/admit", ADMIT, key="retry-after-timeout")
        finally:
            connection.close()

    first = threading.Thread(target=send, args=("first", first_client))
    first.start()
    assert inside.wait(TIMEOUT)
    twin = threading.Thread(target=send, args=("twin", twin_client))
    twin.start()
    deadline = time.monotonic() + TIMEOUT
    while not _blocked_on_the_key():
        assert time.monotonic() < deadline, "the twin never waited on the key's unique constraint"
        assert twin.is_alive(), results
        time.sleep(0.05)
    release.set()
    first.join(TIMEOUT)
    twin.join(TIMEOUT)
    assert results["first"].status_code == results["twin"].status_code == 200, results
    assert results["first"].content == results["twin"].content
    assert admissions(permit) == 1
    assert verify_organisation(site.org.pk) == []
