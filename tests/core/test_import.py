"""Import from XLSX and CSV: a preview row by row, then all good rows in one transaction; a bad file changes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from qauipsiz.accounts.choices import Role
from qauipsiz.core.models import HazardousFacility, Person, TechnicalDevice, Training
from tests import factories as f


@pytest.fixture
def setup(db, client):
    org = f.organisation()
    shop = f.division(org, "Primary processing shop", code="PPS")
    other_org = f.organisation("Other")
    f.division(other_org, "Foreign shop", code="FS")
    user = f.user(Role.PC_OFFICIAL, org)
    client.force_login(user)
    return org, shop, user


xlsx = f.xlsx_bytes


def upload(client, slug, data: bytes, name="people.xlsx"):
    return client.post(reverse("core:import", args=[slug]), {"file": SimpleUploadedFile(name, data)})


def test_people_preview_explains_every_row_and_confirm_imports_only_good_rows(setup, client):
    org, shop, user = setup
    existing = f.person(org, shop, last_name="Old", position="Operator")
    good = f.iin()
    rows = [
        ["IIN", "Last name", "First name", "Position", "Division"],
        [good, "Сейтқали", "Ерлан", "Оператор", "PPS"],  # create, division by code
        [existing.iin, "Old", "Ivan", "Senior operator", "Primary processing shop"],  # update, division by name
        ["880101300011", "Bad", "Iin", "", "PPS"],  # wrong check digit
        [f.iin(), "Lost", "Division", "", "Nowhere"],  # unknown division
        [f.iin(), "Foreign", "Division", "", "FS"],  # another organisation's division is unknown here
        [good, "Twice", "Same", "", "PPS"],  # duplicate of row 2
        ["", "", "Name", "", ""],  # required fields missing
    ]
    with translation.override("en"):
        response = upload(client, "people", xlsx(rows))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [r.action for r in plan.rows] == ["create", "update", "reject", "reject", "reject", "reject", "reject"]
    reasons = {r.number: " ".join(r.reasons) for r in plan.rows}
    assert "check digit" in reasons[4]
    assert "unknown division \"Nowhere\"" in reasons[5]
    assert "unknown division \"FS\"" in reasons[6]
    assert "duplicate of row 2" in reasons[7]
    assert "required" in reasons[8]
    assert Person.objects.count() == 1, "the preview must not write"

    response = client.post(reverse("core:import", args=["people"]), {"token": response.context["token"]})
    assert response.status_code == 302
    assert Person.objects.count() == 2
    created = Person.objects.get(iin=good)
    assert (created.last_name, created.division, created.organisation) == ("Сейтқали", shop, org)
    existing.refresh_from_db()
    assert existing.position == "Senior operator"

    # The same confirmation cannot be replayed.
    again = client.post(reverse("core:import", args=["people"]), {"token": response.wsgi_request.POST["token"]})
    assert again.status_code == 302
    assert Person.objects.count() == 2


def test_csv_with_russian_headers_and_dates(setup, client):
    org, shop, user = setup
    person = f.person(org, shop)
    data = ("ИИН;Вид обучения;Номер документа;Дата прохождения;Действительно до\n"
            f"{person.iin};industrial_safety;PB-1;10.01.2026;10.01.2027\n"
            f"{person.iin};Работы на высоте;H-2;2026-02-01;2025-02-01\n").encode("cp1251")
    with translation.override("ru"):
        response = upload(client, "trainings", data, name="trainings.csv")
    plan = response.context["plan"]
    assert [r.action for r in plan.rows] == ["create", "reject"]
    assert plan.rows[1].reasons  # valid until before passed on
    client.post(reverse("core:import", args=["trainings"]), {"token": response.context["token"]})
    training = Training.objects.get()
    assert training.valid_until.isoformat() == "2027-01-10"


def test_facilities_and_devices(setup, client):
    org, shop, user = setup
    rows = [["registration_number", "name_ru", "hazard_class", "division"], ["HPF-77", "Установка АВТ", "2", "PPS"]]
    response = upload(client, "facilities", xlsx(rows))
    client.post(reverse("core:import", args=["facilities"]), {"token": response.context["token"]})
    facility = HazardousFacility.objects.get(registration_number="HPF-77")
    rows = [["registration_number", "name_kk", "device_type", "facility", "next_certification_on"],
            ["R-1", "Сепаратор", "pressure_vessel", "HPF-77", "2027-05-01"],
            ["R-2", "Сорап", "pump_compressor", "Установка АВТ", None]]
    response = upload(client, "devices", xlsx(rows), name="devices.xlsx")
    assert [r.action for r in response.context["plan"].rows] == ["create", "create"]
    client.post(reverse("core:import", args=["devices"]), {"token": response.context["token"]})
    assert TechnicalDevice.objects.filter(facility=facility).count() == 2


def test_not_a_spreadsheet_is_refused_clearly(setup, client):
    response = upload(client, "people", b"%PDF-1.4 not a table", name="scan.pdf")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    response = upload(client, "people", b"PK\x03\x04 broken zip", name="broken.xlsx")
    assert response.status_code == 400
    assert Person.objects.count() == 0


def test_huge_file_is_refused_and_nothing_is_written(setup, client, settings):
    settings.IMPORT_MAX_BYTES = 10_000
    rows = [["iin", "last_name", "first_name"]] + [[f.iin(), "Name", "X" * 50] for _ in range(400)]
    response = upload(client, "people", xlsx(rows))
    assert response.status_code == 400
    assert "too large" in str(response.context["form"].errors["file"]) or response.context["form"].errors
    assert Person.objects.count() == 0


def test_too_many_rows_is_refused(setup, client, settings):
    settings.IMPORT_MAX_ROWS = 5
    rows = [["iin", "last_name", "first_name"]] + [[f.iin(), "Name", "N"] for _ in range(6)]
    response = upload(client, "people", xlsx(rows))
    assert response.status_code == 400
    assert Person.objects.count() == 0


def test_a_row_failing_at_confirmation_rolls_back_everything(setup, client, monkeypatch):
    from django.core.exceptions import ValidationError

    from qauipsiz.core import services

    org, shop, user = setup
    rows = [["iin", "last_name", "first_name"], [f.iin(), "A", "A"], [f.iin(), "B", "B"]]
    response = upload(client, "people", xlsx(rows))
    original = services.record_create

    def refuse_second(*, by, instance, m2m=None):
        if instance.last_name == "B":
            raise ValidationError("refused for the test")
        return original(by=by, instance=instance, m2m=m2m)

    monkeypatch.setattr(services, "record_create", refuse_second)
    with translation.override("en"):
        response = client.post(reverse("core:import", args=["people"]), {"token": response.context["token"]},
                               follow=True)
    assert Person.objects.count() == 0, "the first row must be rolled back with the second"
    assert [str(m) for m in response.context["messages"]] == ["Row 3: refused for the test"]


def test_no_import_for_roles_that_cannot_create(db, client):
    org = f.organisation()
    client.force_login(f.user(Role.AUDITOR, org))
    assert client.get(reverse("core:import", args=["people"])).status_code == 403


def test_template_has_translated_headers(setup, client):
    with translation.override("ru"):
        response = client.get(reverse("core:import-template", args=["people"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert "ИИН" in headers


def test_scoped_importers_must_name_their_division_or_contractor(db, client):
    org = f.organisation()
    shop = f.division(org, "Shop", code="S")
    f.division(org, "Other", code="O")
    contractor = f.contractor(org, "Scaffold LLP")
    rows = [["iin", "last_name", "first_name", "division", "contractor"],
            [f.iin(), "InShop", "A", "S", ""],
            [f.iin(), "NoDivision", "B", "", ""],
            [f.iin(), "OtherShop", "C", "O", ""]]
    client.force_login(f.user(Role.DIVISION_HEAD, org, division=shop))
    plan = upload(client, "people", xlsx(rows)).context["plan"]
    assert [r.action for r in plan.rows] == ["create", "reject", "reject"]

    client.force_login(f.user(Role.CONTRACTOR_REP, org, contractor=contractor))
    rows = [["iin", "last_name", "first_name", "contractor"], [f.iin(), "Staff", "A", "Scaffold LLP"],
            [f.iin(), "Nobody", "B", ""]]
    response = upload(client, "people", xlsx(rows))
    assert [r.action for r in response.context["plan"].rows] == ["create", "reject"]
    client.post(reverse("core:import", args=["people"]), {"token": response.context["token"]})
    assert Person.objects.get().contractor == contractor
