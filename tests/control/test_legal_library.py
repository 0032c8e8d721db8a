"""The national library of legal acts and the editions of their clauses (315 cl.16)."""

import datetime
import importlib

import pytest
from django.apps import apps as live_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import can, visible_to
from qauipsiz.core import legal
from qauipsiz.core.models import ClauseEdition, LegalAct, LegalActClause
from qauipsiz.core.order315 import parse
from qauipsiz.core.services import record_create, record_update
from qauipsiz.ledger.models import LedgerEntry
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 6, 24)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def national_act(number="315", adopted=DAY, **fields):
    return record_create(by=f.superuser(), instance=LegalAct(
        organisation=None, title_kk="Нұсқаулық", number=number, adopted_on=adopted, issuer="МЧС", **fields))


def own_act(org, number="СТП-1"):
    return record_create(by=f.superuser(), instance=LegalAct(
        organisation=org, title_ru="Инструкция", number=number, adopted_on=datetime.date(2024, 1, 10), issuer="ТОО"))


def clause(act, number="16", text="Нұсқамада бұзушылықтар көрсетіледі."):
    return record_create(by=f.superuser(), instance=LegalActClause(act=act, number=number, text_kk=text))


def test_315_cl16_every_organisation_reads_the_national_act_and_only_its_own_internal_acts():
    one, two = f.organisation("One"), f.organisation("Two")
    national = national_act()
    mine, theirs = own_act(one), own_act(two, "СТП-2")
    reader = f.user(Role.CREW_MEMBER, one)
    assert set(visible_to(reader, LegalAct)) == {national, mine}
    assert theirs not in visible_to(reader, LegalAct)
    assert national.library == "national"


@pytest.mark.parametrize("role", [Role.HEAD, Role.SYSADMIN, Role.PC_OFFICIAL])
def test_315_cl16_an_organisation_cannot_change_a_national_act(client, role):
    org = f.organisation()
    act = national_act()
    user = f.user(role, org)
    assert not can(user, Action.CHANGE, act)
    act.number = "316"
    with pytest.raises(PermissionDenied):
        record_update(by=user, instance=act)
    assert LegalAct.objects.get(pk=act.pk).number == "315"
    client.force_login(user)
    assert client.post(reverse("core:edit", args=["legal-acts", act.pk]), {"number": "1"}).status_code == 403
    assert client.patch(f"/api/v1/legal-acts/{act.pk}", {"number": "1"},
                        content_type="application/json").status_code == 403
    # adding a clause to it is refused too, and nothing is written
    with pytest.raises(PermissionDenied):
        record_create(by=user, instance=LegalActClause(act=act, number="99", text_kk="x"))
    assert not LegalActClause.objects.filter(number="99").exists()


def test_315_cl16_the_superuser_keeps_the_national_library_outside_every_chain():
    org = f.organisation()
    before = LedgerEntry.objects.count()
    act = national_act()
    act.title_en = "Instruction"
    record_update(by=f.superuser(), instance=act)
    assert LedgerEntry.objects.count() == before
    assert LegalAct.objects.get(pk=act.pk).title_en == "Instruction"
    # an organisation's own act is ledgered in its chain, as always
    own_act(org)
    assert LedgerEntry.objects.filter(organisation=org, object_type="core.legalact").exists()


def test_315_cl16_an_organisation_adds_only_its_own_act(client):
    org = f.organisation()
    head = f.user(Role.HEAD, org)
    client.force_login(head)
    response = client.post(reverse("core:create", args=["legal-acts"]), {
        "title_ru": "Инструкция", "number": "СТП-7", "adopted_on": "2024-02-01", "issuer": "ТОО", "status": "in_force"})
    assert response.status_code == 302
    assert LegalAct.objects.get(number="СТП-7").organisation == org


def test_315_cl16_the_superuser_adds_a_national_act_on_the_page(client):
    f.organisation()
    client.force_login(f.superuser())
    response = client.post(reverse("core:create", args=["legal-acts"]), {
        "organisation": "", "title_kk": "Бұйрық", "number": "500", "adopted_on": "2025-05-05", "issuer": "МЧС",
        "status": "in_force"})
    assert response.status_code == 302
    assert LegalAct.objects.get(number="500").organisation_id is None
    page = client.get(reverse("core:list", args=["legal-acts"]) + "?library=national").content.decode()
    assert "500" in page and "national" in page


def test_315_cl16_a_clause_created_with_text_gets_its_first_edition():
    c = clause(national_act())
    edition = c.editions.get()
    assert edition.in_force_from == DAY and edition.text_kk == c.text_kk and not edition.repealed


def test_315_cl16_edition_in_force_on_a_date():
    act, amending = national_act(), national_act("433", datetime.date(2025, 10, 2))
    c = clause(act)
    new = legal.clause_amend(by=f.superuser(), clause=c, day=datetime.date(2026, 1, 1), act=amending,
                             text_kk="Жаңа редакция")
    first = ClauseEdition.objects.get(clause=c, in_force_from=DAY)
    assert first.in_force_until == datetime.date(2025, 12, 31)
    assert legal.edition_on(c, datetime.date(2025, 12, 31)) == first
    assert legal.edition_on(c, datetime.date(2026, 1, 1)) == new
    assert legal.citable_edition(c, datetime.date(2026, 5, 1)).text_kk == "Жаңа редакция"
    assert legal.edition_on(c, datetime.date(2020, 1, 1)) is None


def test_315_cl10_is_repealed_and_cannot_be_cited():
    act, amending = national_act(), national_act("335", datetime.date(2022, 12, 26))
    c = clause(act, "10", "Бастапқы мәтін")
    legal.clause_repeal(by=f.superuser(), clause=c, day=datetime.date(2023, 1, 1), act=amending)
    assert legal.citable_edition(c, datetime.date(2022, 6, 1)).text_kk == "Бастапқы мәтін"
    with pytest.raises(ValidationError, match="repealed"):
        legal.citable_edition(c, datetime.date(2024, 3, 1))
    edition = legal.edition_on(c, datetime.date(2024, 3, 1))
    assert edition.state == "repealed (No. 335 of 26.12.2022)"
    # a repealed clause is not amended
    with pytest.raises(ValidationError):
        legal.clause_amend(by=f.superuser(), clause=c, day=datetime.date(2024, 1, 1), act=amending, text_kk="x")


def test_315_cl16_an_amendment_is_refused_for_an_earlier_date_or_an_act_of_another_organisation():
    one, two = f.organisation("One"), f.organisation("Two")
    c = clause(own_act(one))
    with pytest.raises(ValidationError):
        legal.clause_amend(by=f.superuser(), clause=c, day=datetime.date(2024, 6, 1), act=own_act(two, "X"),
                           text_kk="x")
    with pytest.raises(ValidationError):
        legal.clause_amend(by=f.superuser(), clause=c, day=datetime.date(2023, 1, 1), act=national_act(),
                           text_kk="x")
    assert c.editions.count() == 1


def test_315_cl16_an_organisation_amends_its_own_clause_in_its_ledger():
    org = f.organisation()
    c = clause(own_act(org))
    official = f.user(Role.PC_OFFICIAL, org)
    legal.clause_amend(by=official, clause=c, day=datetime.date(2025, 1, 1), act=own_act(org, "СТП-1/2"),
                       text_ru="Новая редакция")
    assert LedgerEntry.objects.filter(organisation=org, object_type="core.clauseedition",
                                      action="core.clauseedition.closed").exists()
    crew = f.user(Role.CREW_MEMBER, org)
    with pytest.raises(PermissionDenied):
        legal.clause_repeal(by=crew, clause=c, day=datetime.date(2025, 6, 1), act=own_act(org, "СТП-1/3"))


def test_315_cl16_the_parser_reads_clauses_1_to_27_and_their_items():
    clauses = {c.number: c for c in parse()}
    assert [n for n in clauses if "." not in n] == [str(n) for n in range(1, 28)]
    assert "4.11" in clauses and "өзгерістер" in clauses["4.11"].text
    assert [n for n in clauses if n.startswith("6.")] == [f"6.{i}" for i in range(1, 7)]
    assert [n for n in clauses if n.startswith("27.")] == [f"27.{i}" for i in range(1, 5)]
    assert clauses["10"].repealed and "№ 335" in clauses["10"].text
    assert "№ 433" in clauses["1"].pending[0] and "№ 433" in clauses["4.13"].pending[0]
    assert "Ескерту" not in clauses["9"].text and clauses["9"].notes
    assert "тарау" not in clauses["3"].text


def test_315_cl16_the_register_lists_editions_with_their_state(client, django_assert_max_num_queries):
    org = f.organisation()
    act, amending = national_act(), national_act("335", datetime.date(2022, 12, 26))
    for n in range(5):
        c = clause(act, str(n + 1))
    legal.clause_repeal(by=f.superuser(), clause=c, day=datetime.date(2023, 1, 1), act=amending)
    client.force_login(f.user(Role.CREW_MEMBER, org))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:list", args=["clause-editions"]))
    assert response.status_code == 200
    assert "repealed (No. 335 of 26.12.2022)" in response.content.decode()
    page = client.get(reverse("core:detail", args=["clauses", c.pk]))
    assert page.status_code == 200 and "repealed (No. 335" in page.content.decode()
    export = client.get(reverse("core:export", args=["clause-editions"]))
    assert export.status_code == 200
    api = client.get("/api/v1/clause-editions/")
    assert api.status_code == 200 and api.json()["count"] == 6


def test_315_cl16_the_migration_merges_copies_into_one_national_act():
    migration = importlib.import_module("qauipsiz.ledger.migrations.0010_national_legal_acts")
    one, two = f.organisation("One"), f.organisation("Two")
    copies = [record_create(by=f.superuser(), instance=LegalAct(
        organisation=org, title_kk="Нұсқаулық", number="344", adopted_on=datetime.date(2020, 8, 28), issuer="МТСЗН"))
        for org in (one, two)]
    clause(copies[0], "9", "Мәтін")
    clause(copies[1], "9", "Мәтін")
    extra = clause(copies[1], "11", "Басқа")
    migration.merge_national_acts(live_apps, None)
    national = LegalAct.objects.get(number="344")
    assert national.organisation_id is None
    assert sorted(national.clauses.values_list("number", flat=True)) == ["11", "9"]
    assert LegalActClause.objects.get(pk=extra.pk).act == national
    assert LedgerEntry.objects.filter(organisation=two, action="core.legalact.merged_into_national").exists()
