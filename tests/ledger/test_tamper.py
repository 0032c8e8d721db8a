"""Tampering with the database directly, past the triggers, the way an attacker with database access would: `verify`
detects every case and names the record (315 cl.24-25: protection against unauthorised change and destruction)."""

import datetime

import pytest
from django.db import connection, transaction

from qauipsiz.core.models import LegalAct, LegalActClause, Person
from qauipsiz.core.services import record_create, record_update
from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.verify import verify_organisation
from tests import factories as f


@pytest.fixture
def books(db):
    """An organisation with a few entries: a person created and changed, an act with a clause."""
    org = f.organisation()
    person = f.person(org, f.division(org), last_name="Сейтқали")
    person.position = "Оператор"
    record_update(by=f.superuser(), instance=person)
    act = record_create(by=f.superuser(), instance=LegalAct(
        organisation=org, title_kk="Наряд-рұқсат қағидалары", number="344", adopted_on=datetime.date(2020, 8, 28),
        issuer="ЕХӘҚМ"))
    clause = record_create(by=f.superuser(), instance=LegalActClause(act=act, number="5", text_ru="Без исправлений"))
    assert verify_organisation(org.pk) == []
    entries = list(LedgerEntry.objects.filter(organisation=org).order_by("seq"))
    return org, person, act, clause, entries


def problems_of(org):
    return [str(p) for p in verify_organisation(org.pk)]


def test_altered_content_is_detected_and_named(books, attacker):
    org, person, act, clause, entries = books
    target = entries[2]
    with attacker:
        attacker.sql("UPDATE ledger_ledgerentry SET content = replace(content, 'Сейтқали', 'Петров') WHERE id = %s",
                     [target.pk])
    found = problems_of(org)
    assert any(f"entry #{target.seq}" in p and "content was altered" in p and target.object_id in p for p in found)


def test_altered_content_with_recomputed_content_hash_is_still_detected(books, attacker):
    org, person, act, clause, entries = books
    target = entries[-1]
    forged = target.content.replace("Без исправлений", "С исправлениями")
    from qauipsiz.ledger.canonical import sha256_hex

    with attacker:
        attacker.sql("UPDATE ledger_ledgerentry SET content = %s, content_hash = %s WHERE id = %s",
                     [forged, sha256_hex(forged), target.pk])
    assert any(f"entry #{target.seq}" in p and "entry was altered" in p for p in problems_of(org))


def test_altered_actor_is_detected(books, attacker):
    org, person, act, clause, entries = books
    with attacker:
        attacker.sql("UPDATE ledger_ledgerentry SET actor_name = 'Someone else' WHERE id = %s", [entries[1].pk])
    assert any(f"entry #{entries[1].seq}" in p and "entry was altered" in p for p in problems_of(org))


def test_deleted_entry_is_detected(books, attacker):
    org, person, act, clause, entries = books
    removed = entries[2]
    with attacker:
        attacker.sql("DELETE FROM ledger_ledgerentry WHERE id = %s", [removed.pk])
    found = problems_of(org)
    assert any(f"entry #{removed.seq + 1}" in p and "removed, inserted or re-ordered" in p for p in found)
    assert any(f"entry #{removed.seq + 1}" in p and "does not follow the previous entry" in p for p in found)


def test_entry_cut_from_the_end_is_detected(books, attacker):
    org, person, act, clause, entries = books
    with attacker:
        attacker.sql("DELETE FROM ledger_ledgerentry WHERE id = %s", [entries[-1].pk])
    assert any("removed from the end" in p for p in problems_of(org))


def test_inserted_entry_is_detected(books, attacker):
    org, person, act, clause, entries = books
    last = entries[-1]
    with attacker:
        # Make room by moving the last entry one place down, then slip a forged entry in before it.
        attacker.sql("UPDATE ledger_ledgerentry SET seq = seq + 1, entry_hash = 'e' || substr(entry_hash, 2) "
                     "WHERE id = %s",
                     [last.pk])
        attacker.sql(
            "INSERT INTO ledger_ledgerentry (organisation_id, seq, recorded_at, action, actor_role, actor_name, "
            "object_type, object_id, object_repr, content, content_hash, prev_hash, entry_hash) "
            "SELECT organisation_id, %s, recorded_at, 'core.person.changed', '', 'Forger', 'core.person', %s, '', "
            "'{}', content_hash, prev_hash, %s FROM ledger_ledgerentry WHERE id = %s",
            [last.seq, str(person.pk), "f" * 64, last.pk])
    found = problems_of(org)
    assert any(f"entry #{last.seq}" in p and "entry was altered" in p for p in found)
    assert any(f"entry #{last.seq + 1}" in p for p in found)


def test_swapped_entries_are_detected(books, attacker):
    org, person, act, clause, entries = books
    a, b = entries[1], entries[2]
    with attacker:
        attacker.sql("UPDATE ledger_ledgerentry SET seq = 999999 WHERE id = %s", [a.pk])
        attacker.sql("UPDATE ledger_ledgerentry SET seq = %s WHERE id = %s", [a.seq, b.pk])
        attacker.sql("UPDATE ledger_ledgerentry SET seq = %s WHERE id = %s", [b.seq, a.pk])
    found = problems_of(org)
    assert any(f"entry #{a.seq}" in p and "does not follow" in p for p in found)


def test_record_changed_outside_the_system_is_detected_and_named(books, attacker):
    org, person, act, clause, entries = books
    Person.objects.filter(pk=person.pk).update(position_ru="Директор")  # a bulk update, bypassing the services
    found = problems_of(org)
    assert any(f"[core.person:{person.pk}]" in p and "changed outside the system" in p for p in found)


def test_record_deleted_outside_the_system_is_detected(books, attacker):
    org, person, act, clause, entries = books
    with attacker:
        # The clause's first edition goes with it, as a foreign key would have it (issue 12: a clause with text has one).
        attacker.sql("DELETE FROM core_clauseedition WHERE clause_id = %s", [clause.pk])
        attacker.sql("DELETE FROM core_legalactclause WHERE id = %s", [clause.pk])
    assert any(f"[core.legalactclause:{clause.pk}]" in p and "deleted outside the system" in p
               for p in problems_of(org))


def test_record_created_outside_the_system_is_detected(books):
    org, person, act, clause, entries = books
    forged = LegalActClause.objects.create(act=act, number="6", text_ru="Вставлено")
    assert any(f"[core.legalactclause:{forged.pk}]" in p and "no ledger entry" in p for p in problems_of(org))


def test_other_organisations_stay_intact(books, attacker):
    org, person, act, clause, entries = books
    other = f.organisation("Other")
    with transaction.atomic():
        ledger.append(organisation_id=other.pk, by=None, action="test.event", content={"x": 1})
    with attacker:
        attacker.sql("UPDATE ledger_ledgerentry SET actor_name = 'X' WHERE id = %s", [entries[0].pk])
    assert problems_of(org)
    assert problems_of(other) == []
    assert connection.vendor in ("sqlite", "postgresql")
