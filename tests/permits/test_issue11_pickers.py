"""Issue 11, "Pickers that know the rules": the person pickers of the permit forms offer first those competent for the
part on the permit's dates (344 cl.19) and name what the others lack; they are re-drawn when the dates, the division or
the issuer change; the divisions are the tree the issuer may issue for (344 cl.16), and the drafting service refuses a
draft in a division its issuer may not issue for, on the page and in the API."""

import datetime
import html as entities
import json
import re

import pytest
from django.test import Client

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.services import token_create
from qauipsiz.core.choices import AppointmentPosition, AppointmentRole, CompetenceRole
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import staff
from .test_views import draft_data
from .test_views_support import as_user, english, text, url  # noqa: F401 (english: a fixture)

pytestmark = pytest.mark.usefixtures("english")


def select(html: str, name: str) -> str:
    """The <select> (or the list of checkboxes) of the field `name`."""
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>.*?</select>', html, re.S)
    if match is None:
        match = re.search(rf'<div id="id_{name}"[^>]*>.*?</div>\s*</div>\s*(?=<|$)', html, re.S)
    assert match is not None, name
    return match.group(0)


def groups(html: str, name: str) -> dict[str, str]:
    """The optgroups of the field's select: label → its options' HTML."""
    return dict(re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select(html, name), re.S))


def options(fragment: str) -> list[str]:
    return [entities.unescape(re.sub(r"[ \t\n]+", " ", o).strip(" \n"))
            for o in re.findall(r"<option[^>]*>(.*?)</option>", fragment, re.S)]


def selected(fragment: str) -> list[str]:
    return re.findall(r'<option value="(\d+)"[^>]*selected', fragment)


@pytest.fixture
def work_at_height(site):
    """The organisation requires work at height of its work performers; the site's performer has it, to 31.12.2026."""
    f.requirement(site.org, CompetenceRole.WORK_PERFORMER, "work_at_height")
    f.training(site.performer, "work_at_height", passed=datetime.date(2026, 1, 10), until=datetime.date(2026, 11, 24))
    f.training(site.crew[3], "work_at_height", passed=datetime.date(2026, 1, 10), until=datetime.date(2027, 1, 10))


def test_issue11_344_cl19_person_pickers_offer_the_competent_first_and_name_what_the_others_lack(client, site,
                                                                                            work_at_height):
    html = text(as_user(client, site.issuer).get(url("create"), {}))
    # No dates typed yet: competence on today (23.11.2026), when the performer's training is still valid.
    performers = groups(html, "performer")
    assert list(performers) == ["Competent on 23.11.2026", "Not competent on 23.11.2026"]
    assert options(performers["Competent on 23.11.2026"]) == ["Omarov Ivan", "Proizvoditelev Ivan"]
    others = options(performers["Not competent on 23.11.2026"])
    assert 'Akhmetov Ivan — there is no record of the training "Work at height"' in others
    assert 'Issuerov Ivan — there is no record of the training "Work at height"' in others
    # Each picker with its own part: the issuer's is his appointment by order covering the division (344 cl.16).
    issuers = groups(html, "issuer")
    assert "Issuerov Ivan" in options(issuers["Competent on 23.11.2026"])
    assert any(o.startswith("Akhmetov Ivan — there is no appointment as Permit issuer")
               for o in options(issuers["Not competent on 23.11.2026"]))
    assert 'data-picker="Type to search"' in select(html, "performer")
    # The approvers (items 8, 8.1) need no competence of the register: searchable, not grouped.
    assert "<optgroup" not in select(html, "shift_supervisor") and "data-picker" in select(html, "shift_supervisor")


def test_issue11_344_cl19_pickers_are_re_evaluated_when_the_dates_change_keeping_the_choice(client, site,
                                                                                    work_at_height):
    client = as_user(client, site.issuer)
    form = text(client.get(url("create")))
    assert f'hx-post="{url("draft-pickers")}"' in select(form, "division")
    data = draft_data(site, planned_start="23.11.2026 09:00", planned_end="26.11.2026 09:00")
    html = text(client.post(url("draft-pickers"), data))
    # The training ends on 24.11.2026, before the planned end: the performer drops among the others, still chosen.
    performers = groups(html, "performer")
    assert options(performers["Competent on 23.11.2026\u201326.11.2026"]) == ["Omarov Ivan"]
    assert ('Proizvoditelev Ivan — the training "Work at height" expired on 24.11.2026 (document '
            in " ".join(options(performers["Not competent on 23.11.2026\u201326.11.2026"])))
    assert selected(select(html, "performer")) == [str(site.performer.pk)]
    assert 'hx-swap-oob="outerHTML:#id_performer"' in html
    # Within the training's validity he is first again.
    html = text(client.post(url("draft-pickers"), {**data, "planned_end": "23.11.2026 18:00"}))
    assert options(groups(html, "performer")["Competent on 23.11.2026"]) == ["Omarov Ivan", "Proizvoditelev Ivan"]
    assert selected(select(html, "admitting_persons")) == [str(site.admitting.pk)]


def test_issue11_344_cl16_division_choices_are_the_tree_the_issuer_may_issue_for(client, site):
    f.division(site.org, "Pump bay", parent=site.division)
    f.division(site.org, "Boiler house")
    client = as_user(client, site.issuer)
    html = text(client.get(url("create")))
    assert options(select(html, "division")) == ["---------", "Shop No. 2", "\u2003Pump bay"]
    assert "Boiler house" not in select(html, "other_divisions")
    # A whole-organisation appointment covers every division: all of them, a parent before its children.
    chief = staff(site.org, site.division, "", Role.HEAD, last_name="Glavnyy", appointment=False)
    f.appointment(chief, AppointmentRole.PERMIT_ISSUER, whole=True, position=AppointmentPosition.HEAD)
    html = text(client.post(url("draft-pickers"), draft_data(site, issuer=chief.pk)))
    assert options(select(html, "division")) == ["---------", "Shop No. 2", "\u2003Pump bay", "Boiler house"]
    # Back to an issuer of Shop No. 2 alone, the division chosen meanwhile stays (the service says why it cannot).
    boiler = select(html, "division").split("Boiler house")[0].rsplit('value="', 1)[1].split('"')[0]
    html = text(client.post(url("draft-pickers"), draft_data(site, division=boiler)))
    assert options(select(html, "division")) == ["---------", "Shop No. 2", "\u2003Pump bay", "Boiler house"]
    assert selected(select(html, "division")) == [boiler]


def test_issue11_344_cl16_an_edited_draft_keeps_its_division(client, site):
    other = f.division(site.org, "Boiler house")
    # Access to the whole organisation, appointed to issue for Shop No. 2 only.
    head = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.HEAD, last_name="Glavnyy")
    permit = site.draft(issuer=head)
    Permit.objects.filter(pk=permit.pk).update(division=other)  # as a draft saved before the rule could be
    response = as_user(client, head).get(url("edit", permit.pk))
    assert response.status_code == 200
    html = text(response)
    assert options(select(html, "division")) == ["---------", "Shop No. 2", "Boiler house"]


def test_issue11_344_cl16_the_page_refuses_a_division_the_issuer_may_not_issue_for(client, site):
    other = f.division(site.org, "Boiler house")
    client = as_user(client, site.issuer)
    response = client.post(url("create"), draft_data(site, division=other.pk))
    assert response.status_code == 422
    assert ("Issuerov Ivan may not issue permits for Boiler house: no appointment of theirs as permit issuer, head or "
            "deputy head covers it (344 cl.16)") in text(response)
    assert re.search(r'data-field="division">.*?may not issue permits for Boiler house', text(response), re.S)
    assert not Permit.objects.exists()
    # Nor is a draft moved there.
    permit = site.draft()
    response = client.post(url("edit", permit.pk), draft_data(site, division=other.pk))
    assert response.status_code == 422 and "may not issue permits for Boiler house" in text(response)
    assert Permit.objects.get(pk=permit.pk).division == site.division


def test_issue11_344_cl16_the_api_refuses_a_division_the_issuer_may_not_issue_for(site):
    from .test_api import _draft_body

    other = f.division(site.org, "Boiler house")
    _token, key = token_create(user=site.issuer.user, name="api test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    response = api.post("/api/v1/permits/", json.dumps(_draft_body(site, division=other.pk)),
                        content_type="application/json")
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == "The data is not valid."
    assert body["errors"]["division"] == [
        "Issuerov Ivan may not issue permits for Boiler house: no appointment of theirs as permit issuer, head or deputy "
        "head covers it (344 cl.16). Choose a division they issue for, or another issuer."]
    assert not Permit.objects.exists()
    permit = site.draft()
    response = api.patch(f"/api/v1/permits/{permit.pk}", json.dumps({"division": other.pk}),
                         content_type="application/json")
    assert response.status_code == 422 and "division" in response.json()["errors"]
    assert Permit.objects.get(pk=permit.pk).division == site.division


def test_issue11_the_new_permit_page_reads_the_register_once_for_all_the_pickers(client, site, work_at_height,
                                                                                django_assert_max_num_queries):
    client = as_user(client, site.issuer)

    def page_queries(bound):
        with django_assert_max_num_queries(bound) as captured:
            assert client.get(url("create")).status_code == 200
        return len(captured)

    few = page_queries(30)
    for n in range(20):
        person = f.person(site.org, site.division, last_name=f"Extra{n}")
        f.training(person, "work_at_height", until=datetime.date(2027, 1, 10))
        f.appointment(person, AppointmentRole.WORK_PERFORMER, divisions=[site.division])
    assert page_queries(30) == few, "no query per person"


def test_issue11_crew_picker_offers_the_competent_first(client, site):
    f.requirement(site.org, CompetenceRole.CREW_MEMBER, "work_at_height")
    f.training(site.crew[1], "work_at_height", until=datetime.date(2027, 1, 10))
    permit = site.admitted()
    html = text(as_user(client, site.performer).get(url("detail", permit.pk)))
    crew = groups(html, "person")
    assert "Bekov Ivan" in options(crew["Competent on 23.11.2026"])
    assert 'Akhmetov Ivan — there is no record of the training "Work at height"' in options(
        crew["Not competent on 23.11.2026"])



def test_issue11_an_edited_draft_re_draws_its_pickers_an_issued_permit_refuses(client, site):
    permit = site.draft()
    client = as_user(client, site.issuer)
    response = client.post(url("edit-pickers", permit.pk), draft_data(site, performer=site.crew[0].pk))
    assert response.status_code == 200
    assert selected(select(text(response), "performer")) == [str(site.crew[0].pk)]
    assert f'hx-post="{url("edit-pickers", permit.pk)}"' in select(text(client.get(url("edit", permit.pk))), "issuer")
    issued = site.issued(place="Tank T-3 roof", devices=[])
    assert client.post(url("edit-pickers", issued.pk), draft_data(site)).status_code == 409


def test_issue11_344_cl20_admitting_persons_of_another_division_or_a_contractor_come_after(client, site):
    from .conftest import contractor_party

    boiler = f.division(site.org, "Boiler house")
    staff(site.org, boiler, AppointmentRole.ADMITTING_PERSON, Role.ADMITTING_PERSON, last_name="Chuzhoy")
    contractor = contractor_party(site, "Montazh LLP", "Montazh")
    client = as_user(client, site.issuer)
    html = text(client.post(url("draft-pickers"), draft_data(site)))
    admitting = groups(html, "admitting_persons")
    competent = options(admitting["Competent on 23.11.2026\u201326.11.2026"])
    others = options(admitting["Not competent on 23.11.2026\u201326.11.2026"])
    assert "Dopuskov Ivan" in competent
    assert ("Chuzhoy Ivan — not of the management of Shop No. 2 or of a division above it (344 cl.20)") in others
    assert (f"{contractor.performer.full_name} — an employee of a contractor: the admitting person comes from the "
            "management of the division (344 cl.20)") in others
