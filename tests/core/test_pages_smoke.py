import pytest
from django.urls import reverse

from qauipsiz.core.resources import RESOURCES
from tests import factories as f


@pytest.fixture
def world(db):
    org = f.organisation()
    shop = f.division(org, "Shop")
    site = f.division(org, "Site", parent=shop)
    fac = f.facility(org, site)
    f.device(fac)
    f.building(fac)
    p = f.person(org, site)
    f.training(p)
    f.appointment(p, divisions=[shop])
    return org


@pytest.mark.parametrize("slug", list(RESOURCES))
def test_every_register_page_renders_for_superuser(client, world, slug):
    client.force_login(f.superuser())
    assert client.get(reverse("core:list", args=[slug])).status_code == 200
    assert client.get(reverse("core:create", args=[slug])).status_code == 200
    assert client.get(reverse("core:export", args=[slug])).status_code == 200
    obj = RESOURCES[slug].model.objects.first()
    if obj is not None:
        assert client.get(reverse("core:detail", args=[slug, obj.pk])).status_code == 200
        assert client.get(reverse("core:edit", args=[slug, obj.pk])).status_code == 200


def test_home_renders(client, world):
    client.force_login(f.superuser())
    assert client.get(reverse("home")).status_code == 200


def test_overview_counts_trainings_by_type(client, db):
    import datetime

    import time_machine

    from qauipsiz.accounts.choices import Role

    org = f.organisation()
    person = f.person(org, f.division(org))
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC), tick=False):
        f.training(person, "first_aid", passed=datetime.date(2025, 1, 1), until=datetime.date(2026, 5, 1))  # expired
        f.training(person, "first_aid", passed=datetime.date(2025, 6, 1), until=datetime.date(2026, 6, 20))  # expiring
        f.training(person, "first_aid", passed=datetime.date(2026, 1, 1), until=datetime.date(2027, 1, 1))  # valid
        client.force_login(f.user(Role.HEAD, org))
        response = client.get(reverse("home"))
    [bar] = response.context["training_bars"]
    assert bar["total"] == 3
    assert [(key, count) for key, count, share in bar["parts"]] == [("valid", 1), ("expiring", 1), ("expired", 1)]
    assert response.context["counts"]["trainings_expired"] == 1


def test_pagination_keeps_the_filters(client, db, settings):
    from qauipsiz.accounts.choices import Role

    settings.PAGE_SIZE = 2
    org = f.organisation()
    for n in range(3):
        f.person(org, last_name=f"Shopworker{n}")
    client.force_login(f.user(Role.HEAD, org))
    first = client.get(reverse("core:list", args=["people"]), {"q": "shopworker"}).content.decode()
    assert "q=shopworker&amp;page=2" in first or "page=2&amp;q=shopworker" in first
    second = client.get(reverse("core:list", args=["people"]), {"q": "shopworker", "page": 2})
    assert len(second.context["rows"]) == 1
