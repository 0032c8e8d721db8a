"""Notices of changes to the legal acts, sent by production control and acknowledged by the workers (315 cl.4.11)."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from qauipsiz.accounts.choices import Role
from qauipsiz.control.home import _my_changes, _unacknowledged
from qauipsiz.control.models import ChangeNotice, ChangeNoticeRecipient
from qauipsiz.control.services.legal import acknowledge_change, send_change_notice
from qauipsiz.core import legal
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.core.models import LegalAct, LegalActClause
from qauipsiz.core.services import record_create
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.notifications.models import Notice
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def plant():
    org = f.organisation()
    shop = f.division(org, "Shop 1")
    section = f.division(org, "Section 1.1", parent=shop)
    other = f.division(org, "Shop 2")
    act = record_create(by=f.superuser(), instance=LegalAct(
        organisation=None, title_kk="Нұсқаулық", number="315", adopted_on=datetime.date(2021, 6, 24), issuer="МЧС"))
    amending = record_create(by=f.superuser(), instance=LegalAct(
        organisation=None, title_kk="Өзгерістер", number="433", adopted_on=datetime.date(2025, 10, 2), issuer="МЧС"))
    clause = record_create(by=f.superuser(), instance=LegalActClause(act=act, number="1", text_kk="Бастапқы"))
    edition = legal.clause_amend(by=f.superuser(), clause=clause, day=datetime.date(2026, 1, 1), act=amending,
                                 text_kk="Жаңа редакция")
    official = f.user(Role.PC_OFFICIAL, org)

    def worker(division, name, role=Role.CREW_MEMBER):
        user = f.user(role, org, division=division if role in (Role.CREW_MEMBER, Role.DIVISION_HEAD) else None)
        person = f.person(org, division, last_name=name, user=user)
        return user, person

    people = {"shop": worker(shop, "Abenov"), "section": worker(section, "Bekov"), "other": worker(other, "Sidorov")}
    return {"org": org, "shop": shop, "section": section, "other": other, "edition": edition, "official": official,
            "people": people}


def send(plant, **audience):
    return send_change_notice(by=plant["official"], organisation=plant["org"], edition=plant["edition"],
                              **audience)


def test_315_cl4_11_the_audience_is_a_division_subtree(plant):
    notice = send(plant, division=plant["shop"])
    assert {r.person.last_name for r in notice.recipients.all()} == {"Abenov", "Bekov"}
    assert LedgerEntry.objects.filter(organisation=plant["org"], action="control.changenotice.sent").count() == 1


def test_315_cl4_11_the_audience_by_facility_role_and_appointment(plant):
    facility = f.facility(plant["org"], plant["section"])
    assert {r.person.last_name for r in send(plant, facility=facility).recipients.all()} == {"Bekov"}
    by_role = send(plant, access_roles=[Role.CREW_MEMBER], division=plant["other"])
    assert {r.person.last_name for r in by_role.recipients.all()} == {"Sidorov"}
    f.appointment(plant["people"]["shop"][1], AppointmentRole.PERMIT_ISSUER, whole=True)
    appointed = send(plant, appointment_roles=[AppointmentRole.PERMIT_ISSUER])
    assert {r.person.last_name for r in appointed.recipients.all()} == {"Abenov"}


def test_315_cl4_11_recipients_are_fixed_when_sent_and_told_in_their_language(plant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = send(plant, division=plant["section"])
    later = f.person(plant["org"], plant["section"], last_name="Newcomer")
    assert not notice.recipients.filter(person=later).exists()
    user = plant["people"]["section"][0]
    told = Notice.objects.get(user=user)
    assert "cl. 1" in told.message % told.params or "%(clause)s" in told.message
    assert told.link == notice.recipients.get(person__user=user).get_absolute_url()


def test_315_cl4_11_empty_or_foreign_audience_is_refused_and_nothing_written(plant):
    with pytest.raises(ValidationError):
        send(plant)
    foreign = f.division(f.organisation("Other"), "Theirs")
    with pytest.raises(ValidationError):
        send(plant, division=foreign)
    assert not ChangeNotice.objects.exists()


def test_315_cl4_11_a_non_official_cannot_send(client, plant):
    head = f.user(Role.HEAD, plant["org"])
    with pytest.raises(PermissionDenied):
        send_change_notice(by=head, organisation=plant["org"], edition=plant["edition"], division=plant["shop"])
    client.force_login(head)
    response = client.post(reverse("control:change-notice-new"), {"edition": plant["edition"].pk,
                                                                    "division": plant["shop"].pk})
    assert response.status_code == 403
    api = client.post("/api/v1/control/legal/notices", {"edition": plant["edition"].pk, "division": plant["shop"].pk},
                      content_type="application/json")
    assert api.status_code == 403
    assert not ChangeNotice.objects.exists() and not ChangeNoticeRecipient.objects.exists()


def test_315_cl4_11_an_official_sends_on_the_page(client, plant):
    client.force_login(plant["official"])
    response = client.post(reverse("control:change-notice-new"), {
        "edition": plant["edition"].pk, "division": plant["shop"].pk, "message": "Read it"})
    notice = ChangeNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == notice.get_absolute_url()
    assert notice.recipients.count() == 2
    empty = client.post(reverse("control:change-notice-new"), {"edition": plant["edition"].pk})
    assert empty.status_code == 200 and "Choose whom the change concerns" in empty.content.decode()


def test_315_cl4_11_acknowledgement_is_the_workers_own_ledgered_act(client, plant):
    notice = send(plant, division=plant["shop"])
    user, person = plant["people"]["section"]
    receipt = notice.recipients.get(person=person)
    with pytest.raises(PermissionDenied):
        acknowledge_change(by=plant["official"], recipient=receipt)
    client.force_login(user)
    page = client.get(reverse("control:change-receipt", args=[receipt.pk]))
    assert page.status_code == 200 and "Жаңа редакция" in page.content.decode()
    assert client.post(reverse("control:change-receipt-acknowledge", args=[receipt.pk])).status_code == 302
    receipt.refresh_from_db()
    assert receipt.acknowledged_at is not None
    assert LedgerEntry.objects.filter(action="control.changenoticerecipient.acknowledged", actor_user=user).exists()
    with pytest.raises(ValidationError):
        acknowledge_change(by=user, recipient=receipt)


def test_315_cl4_11_the_not_acknowledged_list_and_its_xlsx(client, plant):
    notice = send(plant, division=plant["shop"])
    user, person = plant["people"]["section"]
    acknowledge_change(by=user, recipient=notice.recipients.get(person=person))
    client.force_login(plant["official"])
    page = client.get(reverse("control:change-notice", args=[notice.pk])).content.decode()
    assert f'data-acknowledged="{person.pk}"' in page
    assert f'data-pending="{plant["people"]["shop"][1].pk}"' in page
    xlsx = client.get(reverse("control:change-notice-pending-xlsx", args=[notice.pk]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert len(rows) == 2 and "Abenov" in rows[1][0]
    assert _unacknowledged(type("R", (), {"user": plant["official"]})())["unacknowledged"] == [notice]
    api = client.get(f"/api/v1/control/legal/notices/{notice.pk}").json()
    assert api["acknowledged_count"] == 1 and len(api["recipients"]) == 2


def test_315_cl4_11_a_worker_of_another_division_cannot_see_or_acknowledge(client, plant):
    notice = send(plant, division=plant["section"])
    receipt = notice.recipients.get()
    outsider_user, _ = plant["people"]["other"]
    client.force_login(outsider_user)
    assert client.get(reverse("control:change-receipt", args=[receipt.pk])).status_code == 404
    assert client.post(reverse("control:change-receipt-acknowledge", args=[receipt.pk])).status_code == 404
    assert client.post(f"/api/v1/control/legal/my/{receipt.pk}/acknowledge").status_code == 404
    assert client.get(reverse("control:change-notice", args=[notice.pk])).status_code == 404
    assert client.get(reverse("control:change-notices")).status_code == 403
    receipt.refresh_from_db()
    assert receipt.acknowledged_at is None


def test_315_cl4_11_outsiders_get_404(client, plant):
    notice = send(plant, division=plant["shop"])
    stranger = f.user(Role.PC_OFFICIAL, f.organisation("Other"))
    client.force_login(stranger)
    assert client.get(reverse("control:change-notice", args=[notice.pk])).status_code == 404
    assert client.get(reverse("control:change-notice-pending-xlsx", args=[notice.pk])).status_code == 404
    assert client.get(f"/api/v1/control/legal/notices/{notice.pk}").status_code == 404
    assert client.get("/api/v1/control/legal/notices").json()["count"] == 0


def test_315_cl4_11_my_changes_page_panel_and_api(client, plant):
    notice = send(plant, division=plant["shop"])
    user, _person = plant["people"]["shop"]
    client.force_login(user)
    assert client.get(reverse("control:my-changes")).status_code == 200
    assert _my_changes(type("R", (), {"user": user})())["my_changes"][0].notice == notice
    mine = client.get("/api/v1/control/legal/my").json()
    assert mine["count"] == 1
    done = client.post(f"/api/v1/control/legal/my/{mine['items'][0]['id']}/acknowledge").json()
    assert done["acknowledged_at"]
    assert _my_changes(type("R", (), {"user": user})()) is None
    again = client.post(f"/api/v1/control/legal/my/{mine['items'][0]['id']}/acknowledge")
    assert again.status_code == 422


def test_315_cl4_11_the_list_of_notices_has_no_n_plus_1(client, plant, django_assert_max_num_queries):
    for division in ("shop", "section", "other"):
        send(plant, division=plant[division])
    client.force_login(plant["official"])
    # constant: the session, the user, the grants, the count, the page, the menu's checks and the session's save
    with django_assert_max_num_queries(12):
        response = client.get(reverse("control:change-notices"))
    assert response.status_code == 200 and response.content.decode().count("/control/changes/") >= 3
