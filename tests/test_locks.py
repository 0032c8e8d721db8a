"""The lock order and the bounded retry (issue 10 item 3, docs/architecture.md "Locks and retries")."""

import ast
import threading
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction

from qauipsiz import transactions
from qauipsiz.core.models import Organisation
from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.verify import verify_organisation
from tests import factories as f

PACKAGE = Path(__file__).resolve().parent.parent / "qauipsiz"
TIMEOUT = 60


def _calls_of(name: str):
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == name:
                yield path.relative_to(PACKAGE.parent), node


def test_every_row_lock_is_for_no_key_update():
    """FOR UPDATE on a row would block the FOR KEY SHARE of a deferred foreign-key check in the transaction holding
    a chain head, while the FOR UPDATE holder waits for that head: a deadlock."""
    calls = list(_calls_of("select_for_update"))
    assert calls, "no row lock found: the walk is broken"
    plain = [f"{path}:{node.lineno}" for path, node in calls
             if not any(k.arg == "no_key" and getattr(k.value, "value", None) is True for k in node.keywords)]
    assert not plain, plain


def test_every_write_starts_its_transaction_through_the_retrying_atomic():
    """Django's `transaction.atomic` is used only where the transaction is never the outermost one of a request
    (a savepoint, the ledger's own row creation), or by the jobs and commands that run outside requests."""
    allowed = {"qauipsiz/transactions.py", "qauipsiz/ledger/services.py", "qauipsiz/acts/idempotency.py",
               "qauipsiz/notifications/jobs.py", "qauipsiz/notifications/outbox.py", "qauipsiz/ledger/digest.py",
               "qauipsiz/accounts/management/commands/createadmin.py", "qauipsiz/core/demo/__init__.py"}
    plain = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = str(path.relative_to(PACKAGE.parent))
        if "migrations" in path.parts or relative in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "atomic" and getattr(node.value, "id", "") == "transaction":
                plain.append(f"{relative}:{node.lineno}")
    assert not plain, plain


def _aborted(sqlstate: str) -> OperationalError:
    cause = Exception("deadlock detected")
    cause.sqlstate = sqlstate
    error = OperationalError("deadlock detected\nDETAIL: ...")
    error.__cause__ = cause
    return error


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sqlstate", ["40P01", "40001"])
def test_a_transaction_aborted_as_a_deadlock_runs_again_and_its_first_attempt_leaves_nothing(sqlstate, monkeypatch):
    monkeypatch.setattr(transactions, "PAUSE_SECONDS", 0)
    org = f.organisation()
    attempts = []

    @transactions.atomic
    def write():
        attempts.append(1)
        ledger.append(organisation_id=org.pk, by=None, action="test.retried", content={"attempt": len(attempts)})
        if len(attempts) == 1:
            raise _aborted(sqlstate)

    before = LedgerEntry.objects.filter(organisation=org).count()
    write()
    assert len(attempts) == 2
    entries = LedgerEntry.objects.filter(organisation=org, action="test.retried")
    assert [e.content for e in entries] == ['{"attempt":2}']
    assert LedgerEntry.objects.filter(organisation=org).count() == before + 1
    assert verify_organisation(org.pk) == []


@pytest.mark.django_db(transaction=True)
def test_the_retry_is_bounded_and_raises_the_last_failure(monkeypatch):
    monkeypatch.setattr(transactions, "PAUSE_SECONDS", 0)
    attempts = []

    @transactions.atomic
    def always_aborted():
        attempts.append(1)
        raise _aborted("40P01")

    with pytest.raises(OperationalError, match="deadlock"):
        always_aborted()
    assert len(attempts) == transactions.ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried(monkeypatch):
    attempts = []

    @transactions.atomic
    def broken():
        attempts.append(1)
        raise OperationalError("no such table: nowhere")

    with pytest.raises(OperationalError):
        broken()
    assert attempts == [1]


@pytest.mark.django_db(transaction=True)
def test_nested_it_is_a_savepoint_and_the_outermost_transaction_retries(monkeypatch):
    monkeypatch.setattr(transactions, "PAUSE_SECONDS", 0)
    inner_calls, outer_calls = [], []

    @transactions.atomic
    def inner():
        inner_calls.append(connection.in_atomic_block)
        if len(inner_calls) == 1:
            raise _aborted("40P01")

    @transactions.atomic
    def outer():
        outer_calls.append(1)
        inner()

    outer()
    assert outer_calls == [1, 1] and inner_calls == [True, True]


@pytest.mark.django_db(transaction=True)
def test_an_unsaved_record_passed_in_is_unsaved_again_for_the_next_attempt(monkeypatch):
    monkeypatch.setattr(transactions, "PAUSE_SECONDS", 0)
    seen = []

    @transactions.atomic
    def create(*, instance):
        seen.append((instance.pk, instance._state.adding))
        instance.save()
        if len(seen) == 1:
            raise _aborted("40P01")

    org = Organisation(name_en="Retried", bin=f.bin_number())
    create(instance=org)
    assert seen == [(None, True), (None, True)]
    assert Organisation.objects.filter(name_en="Retried").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_deadlock_between_two_writers_is_retried_on_postgresql(monkeypatch):
    """Two writers lock two rows in opposite orders: PostgreSQL aborts one as a deadlock, and it runs again."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite takes its write lock at BEGIN IMMEDIATE, so two writers never interleave")
    first, second = f.organisation("First"), f.organisation("Second")
    barrier = threading.Barrier(2)
    attempts, errors = [], []

    def writer(rows):
        @transactions.atomic
        def write():
            attempts.append(rows[0])
            Organisation.objects.select_for_update(no_key=True).get(pk=rows[0])
            if len(attempts) <= 2:
                barrier.wait(timeout=TIMEOUT)  # both hold their first row before either takes its second
            Organisation.objects.select_for_update(no_key=True).get(pk=rows[1])

        try:
            write()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(rows,)) for rows in ([first.pk, second.pk],
                                                                           [second.pk, first.pk])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not errors, errors
    assert len(attempts) == 3, attempts  # one of the two ran twice


def test_outside_a_transaction_only(db):
    """Inside the test's own transaction the decorator never retries: there is no outermost transaction to run
    again."""
    calls = []

    @transactions.atomic
    def aborted():
        calls.append(1)
        raise _aborted("40P01")

    assert connection.in_atomic_block
    with pytest.raises(OperationalError), transaction.atomic():
        aborted()
    assert calls == [1]
