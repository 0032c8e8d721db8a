"""Bad input gets a clear answer and changes nothing: never a 500."""

import pytest
from django.urls import reverse

from qauipsiz.accounts.choices import Role
from qauipsiz.core.resources import RESOURCES
from tests import factories as f

GARBAGE = {"division": "abc", "organisation": "-1", "page": "zzz", "active": "maybe", "facility": "1e9",
           "hazard_class": "<script>", "validity": "\x00", "q": "' OR 1=1 --", "current": "perhaps"}


@pytest.mark.parametrize("slug", list(RESOURCES))
def test_garbage_filters_and_forms(db, client, slug):
    org = f.organisation()
    client.force_login(f.user(Role.HEAD, org))
    assert client.get(reverse("core:list", args=[slug]), GARBAGE).status_code == 200
    assert client.get(reverse("core:export", args=[slug]), GARBAGE).status_code == 200
    assert client.get(f"/api/v1/{slug}/", GARBAGE).status_code in (200, 422)
    count = RESOURCES[slug].model.objects.count()
    junk = dict.fromkeys(RESOURCES[slug].form._meta.fields, "\x00<b>" * 3)
    response = client.post(reverse("core:create", args=[slug]), junk)
    assert response.status_code in (400, 403)
    assert client.post(f"/api/v1/{slug}/", junk, content_type="application/json").status_code in (403, 422)
    assert client.post(f"/api/v1/{slug}/", "[1, 2", content_type="application/json").status_code in (400, 403, 422)
    assert RESOURCES[slug].model.objects.count() == count


def test_unknown_register_type_and_record(db, client):
    org = f.organisation()
    client.force_login(f.user(Role.HEAD, org))
    assert client.get("/kk/register/nonsense/").status_code == 404
    assert client.get(reverse("core:detail", args=["people", 99999])).status_code == 404
    assert client.get("/kk/register/people/abc/").status_code == 404
    assert client.get("/kk/register/people/import/").status_code == 200
    assert client.get("/kk/register/organisations/import/").status_code == 404


def test_built_in_training_types_cannot_be_changed_even_by_the_superuser(db, client):
    builtin = f.training_type("first_aid")
    client.force_login(f.superuser())
    response = client.post(reverse("core:deactivate", args=["training-types", builtin.pk]))
    assert response.status_code == 403
    builtin.refresh_from_db()
    assert builtin.is_active


def test_a_clause_without_an_order_is_saved_first(db, client):
    import datetime

    from qauipsiz.core.models import LegalAct, LegalActClause
    from qauipsiz.core.services import record_create

    org = f.organisation()
    act = record_create(by=f.superuser(), instance=LegalAct(organisation=org, title_en="Act", number="1",
                                                            adopted_on=datetime.date(2020, 1, 1), issuer="X"))
    client.force_login(f.user(Role.HEAD, org))
    response = client.post(reverse("core:create", args=["clauses"]), {"act": act.pk, "number": "1", "position": ""})
    assert response.status_code == 302
    assert LegalActClause.objects.get().position == 0
