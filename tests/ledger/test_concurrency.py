"""Many writers at once, and a writer killed mid-stream: the chain never forks, nothing committed is lost."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.verify import verify_organisation
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
WRITERS, EACH = 8, 25


def run_in_threads(work, count=WRITERS):
    errors = []

    def target(index):
        try:
            work(index)
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def test_parallel_writers_never_fork_or_lose_an_entry():
    org = f.organisation()
    before = LedgerEntry.objects.filter(organisation=org).count()

    def write(index):
        for n in range(EACH):
            with transaction.atomic():
                ledger.append(organisation_id=org.pk, by=None, action="test.parallel", content={"w": index, "n": n})

    run_in_threads(write)
    seqs = list(LedgerEntry.objects.filter(organisation=org).order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == before + WRITERS * EACH
    assert seqs == list(range(1, len(seqs) + 1))
    assert verify_organisation(org.pk) == []


def test_parallel_numbering_hands_out_each_number_once():
    org = f.organisation()
    taken = []
    lock = threading.Lock()

    def take(index):
        for _n in range(10):
            with transaction.atomic():
                number = ledger.number_next(organisation_id=org.pk, register="permit", year=2026)
            with lock:
                taken.append(number)

    run_in_threads(take)
    assert sorted(taken) == list(range(1, WRITERS * 10 + 1))


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host = quote(settings["HOST"] or "localhost", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    return f"postgres://{quote(settings['USER'])}:{password}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


def test_a_writer_killed_mid_stream_loses_nothing_committed():
    org = f.organisation()
    env = {**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "tests.settings"}
    writer = subprocess.Popen([sys.executable, "-m", "tests.ledger.writer", str(org.pk)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    committed = []
    try:
        for line in writer.stdout:
            committed.append(int(line))
            if len(committed) >= 40:
                break
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert len(committed) >= 40, writer.stderr.read()
    connection.close()  # what a restarted server would do: a fresh connection
    stored = set(LedgerEntry.objects.filter(organisation=org).values_list("seq", flat=True))
    assert set(committed) <= stored
    assert verify_organisation(org.pk) == []
