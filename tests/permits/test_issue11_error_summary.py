"""Issue 11, "Pickers that know the rules": after a failed save, an error summary at the top of the form names every
problem, each a link to its field, and takes the focus (role="alert", tabindex="-1"). One tag builds it
(`core/templatetags/form_errors.py`) for every form page: the permit draft, the register's records, the acts."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qauipsiz.accounts.choices import Role
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PASSWORD
from .test_views import draft_data
from .test_views_support import as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def summary(html: str) -> str:
    match = re.search(r"<section class=\"errors error-summary\"(.*?)</section>", html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def links(box: str) -> dict[str, str]:
    """href → the text of the line, for each linked line of the summary."""
    return {href: re.sub(r"<[^>]+>", "", label).strip()
            for href, label in re.findall(r'<a href="([^"]+)">(.*?)</a>', box, re.S)}


def lines(box: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", line).strip() for line in re.findall(r"<li>(.*?)</li>", box, re.S)]


def test_issue11_no_summary_before_a_save(client, site):
    html = text(as_user(client, site.issuer).get(url("create")))
    assert "error-summary" not in html


def test_issue11_permit_form_summary_links_every_field_and_formset_error(client, site):
    data = draft_data(site, place="", performer="", planned_end="2026-11-22T09:00",
                      **{"measures-0-code": "9.9", "measures-1-code": "nonsense"})
    response = as_user(client, site.issuer).post(url("create"), data)
    assert response.status_code == 400
    box = summary(text(response))
    assert 'role="alert"' in box and 'tabindex="-1"' in box and "data-error-summary" in box
    found = links(box)
    assert found["#id_place"].startswith("2. Place of work: This field is required.")
    assert found["#id_performer"].startswith("1. Work performer: This field is required.")
    assert found["#id_planned_end"] == "Planned end: The planned end must come after the planned start."
    # The measures formset of item 5: each row's field, numbered as the person sees it.
    assert found["#id_measures-0-code"].startswith("Item (row 1): Select a valid choice.")
    assert found["#id_measures-1-code"].startswith("Item (row 2): Select a valid choice.")
    assert "The form was not saved: 5 problems" in box
    assert len(lines(box)) == 5
    # Each link points at an element of the page.
    html = text(response)
    for href in found:
        assert f'id="{href[1:]}"' in html
    # The summary comes before the first field of the form.
    assert html.index("data-error-summary") < html.index('id="id_division"')
    assert not Permit.objects.exists()


def test_issue11_permit_form_summary_lists_non_field_and_formset_errors(client, site, monkeypatch):
    from qauipsiz.permits import services

    def refuse(**kwargs):
        raise ValidationError("The organisation has closed the register for the year.")

    monkeypatch.setattr(services, "permit_create", refuse)
    client = as_user(client, site.issuer)
    response = client.post(url("create"), draft_data(site))
    assert response.status_code == 422
    box = summary(text(response))
    assert lines(box) == ["The organisation has closed the register for the year."]
    assert "The form was not saved: 1 problem<" in box  # the singular, counted
    # Too many rows: the formset's own error, listed without a field to link to.
    rows = {"measures-TOTAL_FORMS": "101"}
    for index in range(101):
        rows.update({f"measures-{index}-code": "5.1", f"measures-{index}-text": f"Measure {index}"})
    response = client.post(url("create"), draft_data(site, **rows))
    assert response.status_code == 400
    box = summary(text(response))
    assert any("101" not in line and "100" in line for line in lines(box)), lines(box)


def test_issue11_register_form_summary(client, site):
    client.force_login(f.user(Role.HEAD, site.org))
    response = client.post(reverse("core:create", args=["divisions"]),
                           {"organisation": site.org.pk, "kind": "nonsense", "code": "X" * 300})
    assert response.status_code in (400, 422)
    box = summary(text(response))
    assert "Enter the name in at least one language." in lines(box)  # the form's own error, first
    assert lines(box)[0] == "Enter the name in at least one language."
    found = links(box)
    assert found["#id_kind"].startswith("Kind: Select a valid choice.")
    assert "#id_code" in found and "at most" in found["#id_code"]
    count = len(lines(box))
    assert f"The form was not saved: {count} problems" in box


def test_issue11_act_form_summary_covers_the_form_and_the_signature(client, site):
    permit = site.issued()  # cancelled after issue, so signed
    response = as_user(client, site.issuer).post(url("cancel", permit.pk), {"reason": "", "sign_method": "password",
                                                                         "sign_password": ""})
    assert response.status_code == 400
    box = summary(text(response))
    found = links(box)
    assert found["#id_reason"].endswith("This field is required.")
    assert found["#id_sign_password"] == "Your password: Enter your password to sign."
    assert "The form was not saved: 2 problems" in box


def test_issue11_act_form_summary_names_a_refused_signature(client, site):
    permit = site.issued()  # cancelled after issue, so signed
    response = as_user(client, site.issuer).post(url("cancel", permit.pk), {
        "reason": "Planned again", "sign_method": "password", "sign_password": "not the password"})
    assert response.status_code == 422
    box = summary(text(response))
    assert len(lines(box)) == 1 and "password" in lines(box)[0].lower()


def test_issue11_a_login_error_is_summarised(client, db):
    response = client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong"})
    box = summary(text(response))
    assert len(lines(box)) == 1


def test_issue11_act_form_summary_lists_a_cosigners_error_of_the_whole_block(client, site):
    """A co-signer without an active login cannot sign: an error of his signature block as a whole, listed (with no
    field to link to) beside the links to the fields."""
    from qauipsiz.permits import services

    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials={"password": PASSWORD})
    member = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    site.crew[0].user.is_active = False
    site.crew[0].user.save(update_fields=["is_active"])
    response = as_user(client, site.admitting).post(url("crew-brief", permit.pk, member.pk), {
        "sign_method": "password", "sign_password": PASSWORD, "cosigner-sign_method": "password",
        "cosigner-sign_password": PASSWORD})
    assert response.status_code == 422
    box = summary(text(response))
    assert lines(box) == [f"{site.crew[0]} has no active login and cannot sign."]
    assert not links(box)
