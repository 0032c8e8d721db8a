"""User-defined work types with templates that pre-fill the measures (issue: work types "and user-defined")."""

import pytest

from qauipsiz.accounts.choices import Role
from qauipsiz.permits.models import Permit, WorkType
from tests import factories as f

from .conftest import builtin_work_type

pytestmark = pytest.mark.django_db


def test_an_organisation_adds_its_own_work_type_and_a_new_permit_is_prefilled_from_it(site, client):
    head = f.user(Role.HEAD, site.org)
    client.force_login(head)
    builtin_work_type("hot")
    assert client.get("/en/permits/work-types/").status_code == 200
    response = client.post("/en/permits/work-types/new/", {
        "organisation": site.org.pk, "kind": "other", "name_en": "Tank cleaning", "is_active": "on",
        "measures-TOTAL_FORMS": "2", "measures-INITIAL_FORMS": "0",
        "measures-0-code": "5.2", "measures-0-text_en": "Disconnect the tank from the pipelines",
        "measures-1-code": "5.4", "measures-1-text_ru": "Анализ воздуха в резервуаре",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    work_type = WorkType.objects.get(name_en="Tank cleaning")
    assert [m.code for m in work_type.measures.all()] == ["5.2", "5.4"]
    permit = site.draft(kind="hot", work_type=work_type)
    assert [m.text for m in Permit.objects.get(pk=permit.pk).measures.all()] == [
        "Disconnect the tank from the pipelines", "Анализ воздуха в резервуаре"]


def test_built_in_work_types_cannot_be_changed_and_others_cannot_add(site, client):
    hot = builtin_work_type("hot")
    client.force_login(f.user(Role.HEAD, site.org))
    assert client.get(f"/en/permits/work-types/{hot.pk}/edit/").status_code == 403
    client.force_login(site.performer.user)
    assert client.get("/en/permits/work-types/new/").status_code == 403


def test_a_work_type_without_measures_is_refused(site, client):
    client.force_login(f.user(Role.HEAD, site.org))
    response = client.post("/en/permits/work-types/new/", {
        "organisation": site.org.pk, "kind": "other", "name_en": "Empty", "is_active": "on",
        "measures-TOTAL_FORMS": "0", "measures-INITIAL_FORMS": "0"})
    assert response.status_code == 422
    assert not WorkType.objects.filter(name_en="Empty").exists()
