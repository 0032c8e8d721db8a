"""The ledger: one chain per organisation, written in the transaction of the change, refused UPDATE and DELETE by the
database itself, gapless register numbers (315 cl.24-25; 344 cl.5, cl.13-15)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from qauipsiz.accounts.choices import Role
from qauipsiz.core.models import LegalAct, Person
from qauipsiz.core.services import record_create, record_set_active, record_update
from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.canonical import canonical_json, sha256_hex
from qauipsiz.ledger.models import GENESIS_HASH, ChainHead, LedgerEntry
from qauipsiz.ledger.verify import verify_organisation
from tests import factories as f


@pytest.fixture
def org(db):
    return f.organisation()


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused():
    org = f.organisation()
    with pytest.raises(ledger.LedgerError):
        ledger.append(organisation_id=org.pk, by=None, action="test.event", content={"a": 1})


def test_entries_are_chained_per_organisation(org):
    other = f.organisation("Other")
    # Each organisation's chain starts with the entry that records the organisation's own creation.
    created = LedgerEntry.objects.get(organisation=org)
    assert (created.seq, created.action, created.prev_hash) == (1, "core.organisation.created", GENESIS_HASH)
    with transaction.atomic():
        first = ledger.append(organisation_id=org.pk, by=None, action="test.one", content={"n": 1})
        foreign = ledger.append(organisation_id=other.pk, by=None, action="test.one", content={"n": 1})
        second = ledger.append(organisation_id=org.pk, by=None, action="test.two", content={"n": 2})
    assert (first.seq, second.seq, foreign.seq) == (2, 3, 2)
    assert first.prev_hash == created.entry_hash
    assert second.prev_hash == first.entry_hash
    assert first.content == '{"n":1}'
    assert first.content_hash == sha256_hex('{"n":1}')
    head = ChainHead.objects.get(organisation=org)
    assert (head.seq, head.entry_hash) == (3, second.entry_hash)
    assert verify_organisation(org.pk) == []


def test_register_services_write_who_did_what_with_the_record_content(org):
    user = f.user(Role.PC_OFFICIAL, org)
    person = record_create(by=user, instance=Person(organisation=org, iin=f.iin(), last_name="Жақыпова",
                                                    first_name="Айгүл"))
    person.position = "Инженер"
    record_update(by=user, instance=person)
    record_set_active(by=user, instance=person, active=False)
    entries = list(LedgerEntry.objects.filter(object_type="core.person", object_id=str(person.pk)))
    assert [e.action for e in entries] == ["core.person.created", "core.person.changed", "core.person.deactivated"]
    assert {e.actor_user_id for e in entries} == {user.pk}
    assert {e.actor_role for e in entries} == {Role.PC_OFFICIAL}
    assert '"position_ru":"Инженер"' in entries[1].content  # issue 11: the title is kept per language
    assert verify_organisation(org.pk) == []


def test_a_refused_change_leaves_no_entry(org):
    auditor = f.user(Role.AUDITOR, org)
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied; what matters is what stays behind
        record_create(by=auditor, instance=Person(organisation=org, iin=f.iin(), last_name="X", first_name="Y"))
    assert not LedgerEntry.objects.filter(object_type="core.person").exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_ledgerentry SET action = 'forged'",
    "DELETE FROM ledger_ledgerentry",
])
def test_the_database_refuses_update_and_delete(org, statement):
    with transaction.atomic():
        ledger.append(organisation_id=org.pk, by=None, action="test.event", content={})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.filter(action="test.event").count() == 1
    assert not LedgerEntry.objects.filter(action="forged").exists()


def test_register_numbers_are_gapless_and_a_rollback_returns_the_number(org):
    with transaction.atomic():
        assert ledger.number_next(organisation_id=org.pk, register="permit", year=2026) == 1
        assert ledger.number_next(organisation_id=org.pk, register="permit", year=2026) == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        assert ledger.number_next(organisation_id=org.pk, register="permit", year=2026) == 3
        raise IntegrityError("the permit could not be saved")
    with transaction.atomic():
        assert ledger.number_next(organisation_id=org.pk, register="permit", year=2026) == 3
        assert ledger.number_next(organisation_id=org.pk, register="permit", year=2027) == 1
        assert ledger.number_next(organisation_id=org.pk, register="journal", year=2026) == 1


def test_canonical_json_is_stable():
    moment = datetime.datetime(2026, 3, 5, 7, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=5)))
    assert canonical_json({"b": 1, "a": [moment, datetime.date(2026, 1, 2)], "ж": "қ"}) == \
        '{"a":["2026-03-05T02:09:00Z","2026-01-02"],"b":1,"ж":"қ"}'
    with pytest.raises(ValueError):
        canonical_json(datetime.datetime(2026, 1, 1))  # noqa: DTZ001 - a naive time has no place in the ledger


def test_the_demo_organisation_verifies(db, capsys):
    call_command("demo")
    call_command("verify")
    out = capsys.readouterr().out
    assert "BROKEN" not in out
    assert out.count("OK ") >= 2


def test_verify_command_fails_and_names_the_record(org, attacker):
    act = record_create(by=f.superuser(), instance=LegalAct(
        organisation=org, title_en="Order 344", number="344", adopted_on=datetime.date(2020, 8, 28), issuer="MLSP"))
    with attacker:
        attacker.sql("UPDATE core_legalact SET number = '345' WHERE id = %s", [act.pk])
    with pytest.raises(SystemExit) as exit_info:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["qauipsiz", "verify"])
    assert exit_info.value.code == 1


def test_application_role_cannot_rewrite_history_on_postgresql(org):
    """The documented PostgreSQL setup: the application's role has no UPDATE, DELETE or TRUNCATE on the ledger."""
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    from qauipsiz.ledger.management.commands.ledger import privileges_sql

    with transaction.atomic():
        ledger.append(organisation_id=org.pk, by=None, action="test.event", content={})
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE qauipsiz_app_test NOLOGIN")
        cursor.execute(privileges_sql("qauipsiz_app_test"))
    for statement in ("UPDATE ledger_ledgerentry SET action = 'x'", "DELETE FROM ledger_ledgerentry",
                      "TRUNCATE ledger_ledgerentry CASCADE"):
        refused = pytest.raises(DatabaseError, match="permission denied")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL ROLE qauipsiz_app_test")
            cursor.execute(statement)
    with transaction.atomic(), connection.cursor() as cursor:  # and yet it can append
        cursor.execute("SET LOCAL ROLE qauipsiz_app_test")
        ledger.append(organisation_id=org.pk, by=None, action="test.as_app", content={})
