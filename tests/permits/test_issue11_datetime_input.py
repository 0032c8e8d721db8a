"""Issue 11 item 3: a moment is typed dd.mm.yyyy HH:MM (local, 24-hour) in a plain text input, not the browser's
datetime-local, which follows the browser's locale to mm/dd/yyyy and a 12-hour clock. One widget and one field
(qauipsiz.core.forms.DateTimeInput, DateTimeField) serve every date-time input of the permit forms."""

import datetime

import pytest
from django import forms
from django.utils import translation

from qauipsiz.core.forms import DateTimeField, DateTimeInput
from qauipsiz.permits.forms.drafting import PermitForm
from qauipsiz.permits.forms.emergencies import EmergencyForm, ThreatEliminatedForm
from qauipsiz.permits.models import Permit

from .conftest import START
from .test_views import draft_data
from .test_views_support import as_user, text, url

MOMENT = datetime.datetime(2026, 11, 23, 4, 0, tzinfo=datetime.UTC)  # 09:00 in Almaty


class MomentForm(forms.Form):
    at = DateTimeField()


def parsed(value: str, language: str = "ru"):
    with translation.override(language):
        form = MomentForm({"at": value})
        return form.cleaned_data["at"] if form.is_valid() else None


def test_issue11_the_input_is_text_and_shows_the_moment_day_first_in_local_time():
    with translation.override("en"):
        html = MomentForm(initial={"at": MOMENT}).as_p()
    assert 'type="text"' in html and "datetime-local" not in html
    assert 'value="23.11.2026 09:00"' in html
    assert 'placeholder="dd.mm.yyyy hh:mm"' in html and 'autocomplete="off"' in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("typed", ["23.11.2026 09:00", " 23.11.2026  09:00 ", "23.11.2026 9:00", "23.11.2026 09:00:00",
                                   "2026-11-23T09:00"])
def test_issue11_the_field_reads_a_local_moment_typed_day_first_in_every_language(typed, language):
    assert parsed(typed, language) == MOMENT


@pytest.mark.parametrize("typed", ["11/23/2026 09:00 AM", "23.11.2026", "32.11.2026 09:00", "23.11.2026 25:00",
                                   "09:00"])
def test_issue11_the_field_refuses_what_is_not_a_day_and_a_time(typed):
    assert parsed(typed) is None


def test_issue11_every_date_time_input_of_the_permit_forms_is_the_shared_one():
    fields = [PermitForm.base_fields["planned_start"], PermitForm.base_fields["planned_end"],
              EmergencyForm.base_fields["started_at"], ThreatEliminatedForm.base_fields["at"]]
    for field in fields:
        assert isinstance(field, DateTimeField) and isinstance(field.widget, DateTimeInput)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_issue11_a_draft_takes_its_period_typed_day_first(client, site, language):
    client = as_user(client, site.issuer)
    with translation.override(language):
        page = text(client.get(url("create")))
        assert 'name="planned_start"' in page and "datetime-local" not in page
        response = client.post(url("create"), draft_data(site, planned_start="23.11.2026 09:00",
                                                         planned_end="26.11.2026 09:00"))
    assert response.status_code == 302, text(response)
    permit = Permit.objects.get()
    assert permit.planned_start == START and permit.planned_end == START + datetime.timedelta(days=3)
    with translation.override(language):
        edit = text(client.get(url("edit", permit.pk)))
    assert 'value="23.11.2026 09:00"' in edit and 'value="26.11.2026 09:00"' in edit
