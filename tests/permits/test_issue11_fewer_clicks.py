"""Issue 11, "at most 60 clicks" for the reference job (tests/browser/test_issue11_reference_job.py): the page changes
that took the clicks out, each shown on its own.

- Log out is one press in the top bar, not a menu to open first (people take turns at one tablet on site).
- The issuer's home offers "New permit" (one press, not the menu, the list and its button).
- The permit page opens the measures set with every measure the person may sign ticked (one press, not a tick a
  measure); he may still untick what he did not carry out.
- The permit page's crew form adds several members with one press (each its own act, all or none).
- A crew member's briefing leads to the next member not yet briefed, on the same device; the last one back to the
  permit.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.permits import services

from .conftest import PW
from .test_views_support import COSIGN, SIGN, as_user, text, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_issue11_log_out_is_one_press_in_the_top_bar(client, site):
    page = text(as_user(client, site.admitting).get("/en/"))
    usermenu = re.search(r'<details class="usermenu">.*?</details>', page, re.S).group(0)
    assert "/logout/" not in usermenu
    assert re.search(r'<form class="logout" action="/en/accounts/logout/" method="post">', page)
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302 and client.get("/en/").status_code == 302  # logged out: home asks to log in


def test_issue11_the_issuers_home_offers_a_new_permit(client, site):
    page = text(as_user(client, site.issuer).get("/en/"))
    assert re.search(r'<a class="button primary" href="/en/permits/new/" data-new-permit>New permit</a>', page)
    client.logout()
    assert "data-new-permit" not in text(as_user(client, site.performer).get("/en/"))  # he draws up no permit


def test_issue11_the_measures_set_opens_with_every_signable_measure_ticked(client, site):
    permit = site.issued()
    site.sample(permit, value="1.0")  # 5.4 may be signed once a passing sample is there
    ids = sorted(permit.measures.values_list("pk", flat=True))
    page = text(as_user(client, site.admitting).get(url("detail", permit.pk)))
    link = re.search(r'<a class="button primary" href="([^"]+)"[^>]*data-action="complete_measures_all">([^<]+)</a>',
                     page)
    assert link and link.group(2) == f"Sign all {len(ids)} measures at once"
    href = link.group(1).replace("&amp;", "&")
    assert href == url("measures-complete", permit.pk) + "?" + "&".join(f"measures={pk}" for pk in ids)
    card = text(client.get(href, headers={"HX-Request": "true"}))
    for pk in ids:
        assert re.search(rf'<input type="checkbox" name="measures" value="{pk}"[^>]* checked', card), pk
    # He signs them all with that one press and one signature.
    response = client.post(url("measures-complete", permit.pk), {"measures": ids, **SIGN})
    assert response.status_code == 302
    assert not permit.measures.filter(done_at__isnull=True).exists()


def test_issue11_the_measures_set_link_needs_two_measures_to_sign(client, site):
    permit = site.issued()
    site.sample(permit, value="1.0")
    *first, last = permit.measures.order_by("pk")
    for measure in first:
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    page = text(as_user(client, site.admitting).get(url("detail", permit.pk)))
    assert 'data-action="complete_measures_all"' not in page  # one measure left: its own button, or the ticked set
    assert f'data-measure-pick="{last.pk}"' in page


def test_issue11_a_briefing_leads_to_the_next_member_not_yet_briefed(client, site):
    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    first, second, third = (services.crew_add(permit=permit, by=site.performer.user, person=p) for p in site.crew[:3])
    services.crew_brief(member=second, by=site.admitting.user, credentials=PW, member_credentials=PW)
    as_user(client, site.admitting)
    response = client.post(url("crew-brief", permit.pk, first.pk), {**SIGN, **COSIGN})
    assert response.status_code == 302 and response.url == url("crew-brief", permit.pk, third.pk)  # the second is done
    response = client.post(url("crew-brief", permit.pk, third.pk), {**SIGN, **COSIGN})
    assert response.status_code == 302 and response.url == url("detail", permit.pk)
    assert permit.crew.filter(briefed_at__isnull=True).count() == 0


def test_issue11_the_permit_page_adds_several_crew_members_with_one_press(client, site):
    permit = site.admitted()
    page = text(as_user(client, site.admitting).get(url("detail", permit.pk)))
    assert f'action="{url("crew-add-several", permit.pk)}"' in page
    assert re.search(r'<select name="person" size="6"[^>]* id="id_person" multiple>', page)
    entries = LedgerEntry.objects.filter(organisation=site.org).count()
    people = site.crew[:3]
    response = client.post(url("crew-add-several", permit.pk), {"person": [p.pk for p in people]}, follow=True)
    assert response.redirect_chain == [(url("detail", permit.pk) + "#item-11", 302)]
    assert "were added to the crew" in text(response)
    assert sorted(permit.crew.values_list("person", flat=True)) == sorted(p.pk for p in people)
    # Each is its own act "Add a crew member", ledgered as the act's own page ledgers it.
    assert LedgerEntry.objects.filter(organisation=site.org).count() == entries + 3


def test_issue11_several_crew_members_all_or_none(client, site):
    permit = site.admitted()
    services.crew_add(permit=permit, by=site.performer.user, person=site.crew[1])
    as_user(client, site.admitting)
    response = client.post(url("crew-add-several", permit.pk), {"person": [site.crew[0].pk, site.crew[1].pk]},
                           follow=True)
    assert response.status_code == 200  # back on the permit page, saying why nobody was added
    assert "Select a valid choice" in text(response)  # one already in the crew is not offered
    assert list(permit.crew.values_list("person", flat=True)) == [site.crew[1].pk]
    # The service refuses him too (a page open since he was added), and adds nobody of the set.
    with pytest.raises(ValidationError, match="already in the crew"):
        services.crew_add_several(permit=permit, by=site.admitting.user, people=[site.crew[0], site.crew[1]])
    assert list(permit.crew.values_list("person", flat=True)) == [site.crew[1].pk]
    assert client.post(url("crew-add-several", permit.pk), {"person": []}, follow=True).status_code == 200
    assert permit.crew.count() == 1
    client.logout()
    as_user(client, site.crew[2])  # a crew member forms no crew (the act's gate)
    assert client.post(url("crew-add-several", permit.pk), {"person": [site.crew[3].pk]}).status_code == 403
    assert permit.crew.count() == 1
