"""List pages and API lists take a fixed number of queries, however many records they show (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qauipsiz.accounts.choices import Role
from qauipsiz.core.resources import RESOURCES
from tests import factories as f


def populate(org, shop, n):
    contractor = f.contractor(org, f"Contractor {n}")
    for i in range(n):
        site = f.division(org, f"Site {n}-{i}", parent=shop)
        facility = f.facility(org, site)
        f.device(facility)
        f.building(facility)
        person = f.person(org, site, contractor=contractor if i % 2 else None, last_name=f"P{n}-{i}")
        f.training(person)
        f.appointment(person, divisions=[site, shop])


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("slug", list(RESOURCES))
@pytest.mark.parametrize("role", [Role.PC_OFFICIAL, Role.DIVISION_HEAD])
def test_list_queries_do_not_grow_with_rows(db, client, slug, role):
    org = f.organisation()
    shop = f.division(org, "Shop")
    user = f.user(role, org, division=shop if role == Role.DIVISION_HEAD else None)
    client.force_login(user)
    populate(org, shop, 2)
    page_small = count_queries(client, reverse("core:list", args=[slug]))
    api_small = count_queries(client, f"/api/v1/{slug}/")
    populate(org, shop, 8)
    assert count_queries(client, reverse("core:list", args=[slug])) == page_small
    assert count_queries(client, f"/api/v1/{slug}/") == api_small
    # Session, user, grants, the query and its count, the filters' choices, the unread-notices badge: a handful.
    assert page_small <= 13, "a list page should need only a handful of queries"
