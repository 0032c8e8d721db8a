"""The division tree: subtree paths are kept by the services, moves carry the subtree, cycles are refused."""

import pytest
from django.core.exceptions import ValidationError

from qauipsiz.core.models import Division
from qauipsiz.core.services import record_set_active, record_update
from tests import factories as f


@pytest.fixture
def tree(db):
    org = f.organisation()
    shop = f.division(org, "Shop")
    site = f.division(org, "Site", parent=shop)
    unit = f.division(org, "Unit", parent=site)
    other = f.division(org, "Other")
    return org, shop, site, unit, other


def test_paths_follow_the_tree(tree):
    org, shop, site, unit, other = tree
    assert shop.path == f"/{shop.pk:08d}/"
    assert unit.path == f"/{shop.pk:08d}/{site.pk:08d}/{unit.pk:08d}/"
    assert unit.depth == 2


def test_moving_a_division_moves_its_subtree(tree):
    org, shop, site, unit, other = tree
    site.parent = other
    record_update(by=f.superuser(), instance=site)
    unit.refresh_from_db()
    assert unit.path == f"/{other.pk:08d}/{site.pk:08d}/{unit.pk:08d}/"
    assert set(Division.objects.filter(path__startswith=other.path)) == {other, site, unit}


def test_a_division_cannot_go_under_its_own_subdivision(tree):
    org, shop, site, unit, other = tree
    shop.parent = unit
    with pytest.raises(ValidationError):
        record_update(by=f.superuser(), instance=shop)
    shop.refresh_from_db()
    assert shop.parent is None


def test_parent_from_another_organisation_is_refused(tree):
    org, shop, site, unit, other = tree
    foreign = f.division(f.organisation("Other org"), "Foreign")
    site.parent = foreign
    with pytest.raises(ValidationError):
        record_update(by=f.superuser(), instance=site)


def test_a_division_with_active_subdivisions_cannot_be_deactivated(tree):
    org, shop, site, unit, other = tree
    with pytest.raises(ValidationError):
        record_set_active(by=f.superuser(), instance=site, active=False)
    record_set_active(by=f.superuser(), instance=unit, active=False)
    record_set_active(by=f.superuser(), instance=site, active=False)
    site.refresh_from_db()
    assert not site.is_active
