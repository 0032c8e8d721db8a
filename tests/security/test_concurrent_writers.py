"""Concurrent writers through the API: every register type and permits at once, never a 5xx (issue 10 item 3).

A drill on PostgreSQL had one user edit the organisation while three others edited people: 20 of 124 writes failed
with "deadlock detected". A service locked its record, then the ledger's chain head, while another transaction held
the head and needed the first record for its deferred foreign-key checks at commit. Here every register type is
changed, deactivated and reactivated by its own writer, on the very rows the permits point to (the organisation,
its division, facility and device, the permits' people), while other writers carry permits from draft to admission.
The lock order (docs/architecture.md, "Locks and retries") and the bounded retry keep every answer below 500, and the chain
verifies afterwards. SQLite serialises writers at BEGIN IMMEDIATE, so the same test holds there too.
"""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from qauipsiz.accounts.services import token_create
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import Permit
from tests import factories as f
from tests.permits.conftest import clock, site  # noqa: F401 - fixtures
from tests.permits.test_api import SIGN

from .records import records_of

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 4
TIMEOUT = 300
ADMIT = {"signature": SIGN, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}
SAMPLE = {"place": "P-12 bay", "substance": "H2S", "value": "1.5", "limit": "5", "unit": "mg/m³", "gas_group": "II"}


class Writer:
    """One user's API client (its own token); every answer it gets is kept."""

    def __init__(self, user):
        _token, key = token_create(user=user, name="concurrent writer")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en",
                             raise_request_exception=False)
        self.answers: list[tuple[str, int, bytes]] = []

    def send(self, method: str, path: str, body=None):
        if method == "get":
            response = self.client.get(f"/api/v1{path}")
        else:
            response = getattr(self.client, method)(f"/api/v1{path}", json.dumps(body or {}),
                                                    content_type="application/json")
        self.answers.append((f"{method.upper()} {path}", response.status_code, response.content[:300]))
        return response


def _permits_records(permits_site) -> dict[str, list[int]]:
    """The rows the permits point to, per register type: changed while the permits go on, never deactivated (that
    would refuse the permits' own acts, rightly)."""
    s = permits_site
    return {"organisations": [s.org.pk], "divisions": [s.division.pk], "facilities": [s.facility.pk],
            "devices": [s.device.pk], "people": [p.pk for p in (s.issuer, s.admitting, s.performer, s.supervisor)]}


def _register_writer(writer: Writer, slug: str, own: int, shared: list[int]):
    """Change, deactivate and reactivate a record of its own; change the permits' rows of the same type."""
    def work():
        for _round in range(ROUNDS):
            if slug != "organisations":  # a deactivated organisation would refuse everyone else's work
                writer.send("patch", f"/{slug}/{own}")
                writer.send("post", f"/{slug}/{own}/deactivate")
                writer.send("post", f"/{slug}/{own}/activate")
            for record in shared:
                writer.send("patch", f"/{slug}/{record}")
    return work


def _permit_writer(writers: dict, permit_pk: int):
    def work():
        base = f"/permits/{permit_pk}"
        writers["issuer"].send("post", f"{base}/issue", {"signature": SIGN})
        permit = writers["admitting"].send("get", base).json()
        writers["admitting"].send("post", f"{base}/air-samples", {**SAMPLE, "taken_at": permit["planned_start"]})
        for measure in permit.get("measures", []):
            writers["admitting"].send("post", f"{base}/measures/{measure['id']}/complete", {"signature": SIGN})
        writers["supervisor"].send("post", f"{base}/approve", {"signature": SIGN})
        writers["admitting"].send("post", f"{base}/admit", ADMIT)
    return work


def _run_together(works: list) -> list:
    barrier = threading.Barrier(len(works))
    failures = []

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


def test_concurrent_writers_on_every_register_type_and_on_permits_get_no_5xx(site):  # noqa: F811
    own, shared = records_of(site.org), _permits_records(site)
    register_writers = {slug: Writer(f.superuser()) for slug in own}
    works = [_register_writer(register_writers[slug], slug, record.pk, shared.get(slug, []))
             for slug, record in own.items()]
    permit_writers, permits = [], []
    for _n in range(3):
        permit = site.draft()
        permits.append(permit.pk)
        writers = {"issuer": Writer(site.issuer.user), "admitting": Writer(site.admitting.user),
                   "supervisor": Writer(site.supervisor.user)}
        permit_writers.extend(writers.values())
        works.append(_permit_writer(writers, permit.pk))

    failures = _run_together(works)

    answers = [a for w in [*register_writers.values(), *permit_writers] for a in w.answers]
    server_errors = [a for a in answers if a[1] >= 500]
    assert not failures and not server_errors, (failures, server_errors[:5], len(server_errors), len(answers))
    # The writers really wrote: most register changes went through, and every permit reached admission.
    assert sum(1 for a in answers if a[1] == 200) > len(answers) * 0.8, [a for a in answers if a[1] != 200][:10]
    assert set(Permit.objects.filter(pk__in=permits).values_list("status", flat=True)) == {Status.ADMITTED}, [
        a for w in permit_writers for a in w.answers if a[1] != 200]
    assert verify_organisation(site.org.pk) == []
