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
