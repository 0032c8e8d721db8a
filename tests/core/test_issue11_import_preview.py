"""Issue 11, "long work shows progress": an import preview is paged, counts the whole file, keeps the uploaded file on
the server for its own user only, applies the whole file after paging, and reads the database a fixed number of times
whatever the length of the file."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core import import_store
from qauipsiz.core.models import Person, Training
from tests import factories as f


@pytest.fixture
def office(db, client):
    org = f.organisation()
    shop = f.division(org, "Primary processing shop", code="PPS")
    user = f.user(Role.PC_OFFICIAL, org)
    client.force_login(user)
    return org, shop, user


def upload(client, slug, rows, name="people.xlsx"):
    with translation.override("en"):
        return client.post(reverse("core:import", args=[slug]), {"file": SimpleUploadedFile(name, f.xlsx_bytes(rows))})


def people_file(count: int, *, bad_every: int = 0, known: dict | None = None):
    """`count` people; every `bad_every`-th (1-based) has an IIN of 11 digits; `known` people keep their names."""
    rows = [["IIN", "Last name", "First name", "Division"]]
    for n in range(1, count + 1):
        iin = "1234567890" + "1" if bad_every and n % bad_every == 0 else f.iin()
        rows.append([iin, f"Person{n}", "Ivan", "PPS"])
    for person, last_name in (known or {}).items():
        rows.append([person.iin, last_name, person.first_name, "PPS"])
    return rows


def preview(client, token, **query):
    with translation.override("en"):
        return client.get(reverse("core:import-preview", args=["people", token]), query)


def shown_rows(response) -> list[int]:
    return [row["number"] for row in response.context["page"]]


def test_issue11_preview_is_paged_with_the_whole_files_totals(office, client):
    org, shop, user = office
    unchanged = f.person(org, shop, last_name="Same", first_name="Ivan")
    changed = f.person(org, shop, last_name="Old", first_name="Ivan")
    # 120 new people, every tenth with a broken IIN (12 rows rejected), one unchanged and one changed person.
    response = upload(client, "people", people_file(120, bad_every=10, known={unchanged: "Same", changed: "New"}))
    assert response.status_code == 200
    token = response.context["token"]
    pending = response.context["pending"]
    assert (pending.count_create, pending.count_update, pending.count_unchanged, pending.count_reject) == (108, 1, 1, 12)
    content = response.content.decode()
    for element, value in (("count-create", 108), ("count-update", 1), ("count-unchanged", 1), ("count-reject", 12)):
        assert f'id="{element}">{value}<' in content
    # The first page holds the file's first 50 rows (the header is the file's row 1), and says there are three pages.
    assert shown_rows(response) == list(range(2, 52))
    assert "Page 1 of 3" in content
    with translation.override("en"):
        assert response["X-Preview-Url"] == reverse("core:import-preview", args=["people", token])

    page_two = preview(client, token, page=2)
    assert page_two.status_code == 200
    assert shown_rows(page_two) == list(range(52, 102)), "page 2 shows the file's rows 51 to 100"
    assert 'id="count-create">108<' in page_two.content.decode(), "the totals stay the whole file's on every page"
    assert shown_rows(preview(client, token, page=3)) == list(range(102, 124))

    errors = preview(client, token, show="errors")
    assert shown_rows(errors) == [n + 1 for n in range(10, 121, 10)]
    assert all(row["action"] == "reject" for row in errors.context["page"])
    assert "Rows with errors only" in errors.content.decode()
    assert Person.objects.count() == 2, "neither the upload nor the pages write anything"


def test_issue11_apply_after_paging_applies_every_row_of_the_file(office, client):
    org, shop, user = office
    changed = f.person(org, shop, last_name="Old", first_name="Ivan")
    response = upload(client, "people", people_file(75, bad_every=25, known={changed: "New"}))
    token = response.context["token"]
    preview(client, token, page=2)
    preview(client, token, show="errors")
    with translation.override("en"):
        applied = client.post(reverse("core:import", args=["people"]), {"token": token}, follow=True)
    assert Person.objects.count() == 1 + 72
    changed.refresh_from_db()
    assert changed.last_name == "New"
    assert "72 created, 1 updated, 3 rows skipped" in " ".join(str(m) for m in applied.context["messages"])
    # Applied: the file is gone from the server, and its pages with it.
    assert not (import_store._directory() / token).exists()
    assert preview(client, token).status_code == 302


def test_issue11_an_unchanged_row_is_shown_and_left_as_it_is(office, client):
    org, shop, user = office
    person = f.person(org, shop, last_name="Same", first_name="Ivan")
    response = upload(client, "people", [["IIN", "Last name", "First name", "Division"],
                                         [person.iin, "Same", "Ivan", "PPS"]])
    assert [r.action for r in response.context["plan"].rows] == ["unchanged"]
    assert b"Nothing to import: every row matches the register already." in response.content
    updated_at = person.updated_at
    person.refresh_from_db()
    assert person.updated_at == updated_at


def test_issue11_another_user_cannot_use_an_upload_token(office, client):
    org, shop, user = office
    token = upload(client, "people", people_file(3)).context["token"]
    client.force_login(f.user(Role.PC_OFFICIAL, org))
    assert preview(client, token).status_code == 404
    assert client.post(reverse("core:import", args=["people"]), {"token": token}).status_code == 404
    assert Person.objects.count() == 0
    # Nor is the token good for another list than the one it was uploaded to.
    client.force_login(user)
    assert client.get(reverse("core:import-preview", args=["trainings", token])).status_code == 404
    assert client.get(reverse("core:import-preview", args=["people", "..%2Fsecret_key"])).status_code == 302


def test_issue11_an_upload_left_unapplied_expires(office, client, settings):
    token = upload(client, "people", people_file(2)).context["token"]
    path = import_store._directory() / token
    old = time.time() - settings.IMPORT_KEEP_SECONDS - 60
    os.utime(path, (old, old))
    os.utime(import_store._directory() / f"{token}.json", (old, old))
    upload(client, "people", people_file(2))  # the next upload clears what waited too long
    assert not path.exists()
    assert preview(client, token).status_code == 302


def _queries(client, slug, rows, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, slug, rows, name=name)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.count("reject") == 0, [r.reasons for r in plan.rows if r.reasons][:3]
    return len(queries)


def test_issue11_preview_queries_do_not_grow_with_the_rows_people(office, client):
    org, shop, user = office
    f.contractor(org, "Scaffold LLP")
    small, large = ([["IIN", "Last name", "First name", "Division", "Contractor"]]
                    + [[f.iin(), f"P{n}", "I", "PPS", "Scaffold LLP"] for n in range(count)] for count in (100, 1000))
    # Half of each file updates people already on the register, so that both kinds of row are counted.
    Person.objects.bulk_create([Person(organisation=org, division=shop, iin=row[0], last_name="Before", first_name="I")
                                for rows in (small, large) for row in rows[1::2]])
    counts = [_queries(client, "people", rows, "people.xlsx") for rows in (small, large)]
    assert counts[0] == counts[1], counts
    assert counts[0] < 40, counts


def test_issue11_preview_queries_do_not_grow_with_the_rows_trainings(office, client):
    org, shop, user = office
    people = Person.objects.bulk_create([Person(organisation=org, division=shop, iin=f.iin(), last_name=f"P{n}",
                                                first_name="I") for n in range(1000)])
    f.training_type("work_at_height")

    def rows(count):
        return [["IIN", "Training type", "Document number", "Passed on", "Valid until"]] + [
            [p.iin, ("industrial_safety", "Work at height")[n % 2], f"D-{n}", "2026-01-10", "2027-01-10"]
            for n, p in enumerate(people[:count])]

    counts = [_queries(client, "trainings", rows(count), "trainings.xlsx") for count in (100, 1000)]
    assert counts[0] == counts[1], counts
    assert Training.objects.count() == 0


def test_issue11_the_preview_still_applies_every_check_of_the_form(office, client):
    """The bulk reads answer what each row's form asked the database: the same refusals as before."""
    org, shop, user = office
    other = f.organisation("Other")
    f.division(other, "Foreign shop", code="FS")
    taken = f.person(org, shop)
    f.person(org, shop, last_name="Hidden")
    inactive = f.division(org, "Closed shop", code="CLOSED")
    inactive.is_active = False
    inactive.save()
    rows = [["IIN", "Last name", "First name", "Division"],
            [f.iin(), "Closed", "Shop", "CLOSED"],  # an inactive division is no choice for a new record
            [f.iin(), "Foreign", "Shop", "FS"],  # another organisation's division is unknown here
            [taken.iin, "", "Nameless", "PPS"]]  # an update still needs the required fields
    plan = upload(client, "people", rows).context["plan"]
    reasons = [" ".join(r.reasons) for r in plan.rows]
    assert [r.action for r in plan.rows] == ["reject", "reject", "reject"]
    assert "valid choice" in reasons[0]
    assert 'unknown division "FS"' in reasons[1]
    assert "required" in reasons[2]

    # A division head cannot see people of another division: a new row with such a person's IIN is refused by the
    # unique constraint, checked for all rows at once.
    lab = f.division(org, "Laboratory", code="LAB")
    outsider = f.person(org, lab, last_name="Chemist")
    client.force_login(f.user(Role.DIVISION_HEAD, org, division=shop))
    plan = upload(client, "people", [["IIN", "Last name", "First name", "Division"],
                                     [outsider.iin, "Chemist", "Ivan", "PPS"],
                                     [f.iin(), "Fresh", "Ivan", "PPS"]]).context["plan"]
    assert [r.action for r in plan.rows] == ["reject", "create"]
    assert "A person with this IIN already exists." in plan.rows[0].reasons


def test_issue11_training_dates_checked_without_the_database(office, client):
    org, shop, user = office
    person = f.person(org, shop)
    plan = upload(client, "trainings", [["IIN", "Training type", "Document number", "Passed on", "Valid until"],
                                        [person.iin, "industrial_safety", "A-1", "2026-02-01", "2025-02-01"],
                                        [person.iin, "industrial_safety", "A-2", "2026-02-01", "2027-02-01"]],
                  name="t.xlsx").context["plan"]
    assert [r.action for r in plan.rows] == ["reject", "create"]
    assert "'Valid until' must be after 'passed on'." in plan.rows[0].reasons
