"""Issue 11, the tablet and wall board: the control room's board at the full width, on a kiosk link that outlives
every session, and a refresh that never pastes the login page into the board."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from qauipsiz.accounts.choices import Role
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits.models import KioskLink
from qauipsiz.permits.services import kiosk as kiosk_service
from qauipsiz.permits.views.wall import BOARD_HEADER
from tests import factories as f

from .conftest import make_site
from .test_views_support import english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")

HTMX = {"HTTP_HX_REQUEST": "true"}


def head_of(site):
    return f.user(Role.HEAD, site.org)


def new_link(site, name="Control room 2"):
    link, key = kiosk_service.kiosk_link_create(by=head_of(site), organisation_id=site.org.pk, name=name)
    return link, key


def kiosk_url(key):
    return reverse("permits:kiosk", args=[key])


def count_of(html: str, status: str) -> int:
    return int(re.search(rf'data-status="{status}" data-count="(\d+)"', html).group(1))


def assert_not_login_page(response):
    body = text(response)
    assert 'name="password"' not in body and "login" not in response.get("Location", "")


@pytest.mark.django_db
def test_issue11_head_creates_a_kiosk_link_shown_once_hash_stored_and_ledgered(site, client):
    head = head_of(site)
    client.force_login(head)
    response = client.post(url("kiosk-links"), {"organisation": site.org.pk, "name": "Control room 2"})
    assert response.status_code == 200
    shown = re.search(r'<code class="kiosk-url">http://testserver(/en/permits/kiosk/([^/]+)/)</code>', text(response))
    key = shown.group(2)
    link = KioskLink.objects.get()
    assert link.key_hash == KioskLink.hash_key(key) and key not in (link.key_hash, link.hint)
    assert key not in text(client.get(url("kiosk-links")))  # shown once only
    client.post(url("kiosk-links"), {"organisation": site.org.pk, "revoke": link.pk})
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == head
    actions = set(LedgerEntry.objects.filter(organisation=site.org, object_type="permits.kiosklink")
                  .values_list("action", flat=True))
    assert actions == {"permits.kiosklink.created", "permits.kiosklink.revoked"}
    assert all(link.key_hash not in e.content for e in LedgerEntry.objects.filter(object_type="permits.kiosklink"))
    assert verify_organisation(site.org.pk) == []


@pytest.mark.django_db
def test_issue11_only_the_management_manages_kiosk_links(site, client):
    client.force_login(site.performer.user)
    assert client.get(url("kiosk-links")).status_code == 403
    with pytest.raises(Exception, match="head of the organisation"):
        kiosk_service.kiosk_link_create(by=site.performer.user, organisation_id=site.org.pk, name="x")
    outsider = make_site("Other refinery")
    client.force_login(head_of(outsider))
    assert client.get(url("kiosk-links") + f"?organisation={site.org.pk}").status_code == 404


@pytest.mark.django_db
def test_issue11_kiosk_link_reads_its_organisations_board_without_a_session(site):
    permit = site.in_progress()
    other = make_site("Other refinery")
    foreign = other.issued()
    _link, key = new_link(site)
    kiosk = Client()
    page = kiosk.get(kiosk_url(key))
    assert page.status_code == 200 and page[BOARD_HEADER] == "fresh"
    html = text(page)
    assert f'data-permit="{permit.pk}"' in html and f'data-permit="{foreign.pk}"' not in html
    assert 'class="mainnav"' not in html  # the wall screen: no menu
    refresh = kiosk.get(kiosk_url(key), **HTMX)
    assert refresh.status_code == 200 and refresh[BOARD_HEADER] == "fresh"
    assert text(refresh).lstrip().startswith('<div id="board"')
    assert "sessionid" not in kiosk.cookies  # no session is opened by the link
    assert kiosk.post(kiosk_url(key), {"name": "x"}).status_code == 405  # it reads, nothing else


@pytest.mark.django_db
def test_issue11_kiosk_key_opens_nothing_else(site):
    permit = site.issued()
    _link, key = new_link(site)
    # Whatever way the key is sent, every other page is a page for the signed-in only, the API answers 401.
    for kiosk in (Client(HTTP_AUTHORIZATION=f"Bearer {key}"), Client(HTTP_X_KIOSK_KEY=key)):
        for address in (url("list"), url("board"), url("wall"), url("detail", permit.pk), url("pdf", permit.pk),
                        url("kiosk-links"), url("tasks"), f"{url('detail', permit.pk)}?key={key}"):
            response = kiosk.get(address)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], address
        for address in ("/api/v1/permits/", f"/api/v1/permits/{permit.pk}"):
            assert kiosk.get(address).status_code == 401, address
    # Its board shows the permits but opens none of them: no link to a permit page.
    assert reverse("permits:detail", args=[permit.pk]) not in text(Client().get(kiosk_url(key)))


@pytest.mark.django_db
def test_issue11_revoked_or_unknown_kiosk_link_refused_with_the_handled_state(site):
    link, key = new_link(site)
    kiosk_service.kiosk_link_revoke(by=head_of(site), link=link)
    kiosk = Client()
    page = kiosk.get(kiosk_url(key))
    assert page.status_code == 410 and "kiosk link has been revoked" in text(page)
    refresh = kiosk.get(kiosk_url(key), **HTMX)
    assert refresh.status_code == 410 and refresh[BOARD_HEADER] == "disconnected"
    assert 'data-reason="revoked"' in text(refresh)
    assert_not_login_page(refresh)
    assert kiosk.post(kiosk_url(key)).status_code == 405  # read-only, revoked or not
    unknown = kiosk.get(kiosk_url(KioskLink.new_key()), **HTMX)
    assert unknown.status_code == 404 and unknown[BOARD_HEADER] == "disconnected"
    assert kiosk.get(kiosk_url(KioskLink.new_key())).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("ending", ["expired", "signed out"])
@pytest.mark.parametrize("name", ["board", "wall"])
def test_issue11_refresh_after_the_session_ended_answers_401_not_the_login_page(site, client, name, ending):
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(site.performer.user)
    assert client.get(url(name), **HTMX)[BOARD_HEADER] == "fresh"
    if ending == "expired":
        Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    else:
        client.logout()
    refresh = client.get(url(name), **HTMX)
    assert refresh.status_code == 401 and refresh[BOARD_HEADER] == "disconnected"
    assert 'data-reason="session"' in text(refresh) and "Sign in again" in text(refresh)
    assert_not_login_page(refresh)
    page = client.get(url(name))  # the page itself still goes to the login page
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


@pytest.mark.django_db
def test_issue11_wall_counts_people_air_blocked_on_a_small_site(site):
    working = site.in_progress(crew=3)
    waiting = site.issued()  # measures not signed, no air sample: admission is blocked
    site.draft()  # a draft is not on the board
    _link, key = new_link(site)
    html = text(Client().get(kiosk_url(key)))
    assert count_of(html, "in_progress") == 1 and count_of(html, "issued") == 1
    assert count_of(html, "admitted") == 0 and count_of(html, "lapsed") == 0
    assert 'data-on-site="4"' in html  # the performer and three briefed crew members
    assert re.search(rf'data-permit="{working.pk}" data-people="4"', html)
    on_site = html[html.index('id="wall-on-site"'):html.index('id="wall-air"')]
    assert "Crew: 3, briefed 3" in on_site and f'data-permit="{waiting.pk}"' not in on_site
    blocked = html[html.index('id="wall-blocked"'):html.index('id="wall-overlaps"')]
    assert f'data-permit="{waiting.pk}"' in blocked and "Measures not yet carried out and signed (item 7)" in blocked
    assert f'data-permit="{working.pk}"' not in blocked
    air = html[html.index('id="wall-air"'):html.index('id="wall-blocked"')]
    if waiting.measures.filter(code="5.4").exists():
        assert f'data-permit="{waiting.pk}"' in air and "No air sample has been recorded" in air


@pytest.mark.django_db
def test_issue11_wall_shows_the_admitted_crew_not_yet_briefed_as_blocked(site):
    from qauipsiz.permits import services

    permit = site.admitted()
    services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    _link, key = new_link(site)
    html = text(Client().get(kiosk_url(key)))
    blocked = html[html.index('id="wall-blocked"'):html.index('id="wall-overlaps"')]
    assert "has not yet accepted the workplace (item 10)" in blocked and "Not yet briefed (item 11)" in blocked
    assert 'data-on-site="2"' in html and "not briefed" in html


@pytest.mark.django_db
def test_issue11_wall_query_count_does_not_grow_with_the_permits_at_work(site):
    """One statement per relation the wall reads, whatever the number of permits at work; an issued permit adds the
    admission's cl.7 questions (three statements each), as the act asks them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    site.in_progress(crew=2)
    site.issued()
    _link, key = new_link(site)
    kiosk = Client()
    kiosk.get(kiosk_url(key))  # the first use records its time (once a minute); the clock stands still after it
    with CaptureQueriesContext(connection) as few:
        assert kiosk.get(kiosk_url(key), **HTMX).status_code == 200
    for _ in range(3):
        site.in_progress(crew=2)
    with CaptureQueriesContext(connection) as more:
        assert kiosk.get(kiosk_url(key), **HTMX).status_code == 200
    assert len(more) == len(few) <= 15


@pytest.mark.django_db
def test_issue11_wall_shows_the_joint_measures_344_cl07_until_signed_and_carried_out(site):
    from qauipsiz.permits import services

    from .conftest import PW, contractor_draft, contractor_party

    unit = f.location(site.facility, "Unit AVT-6")
    bay = f.location(site.facility, "Pump bay", parent=unit)
    scaffolders = contractor_party(site, "Scaffold LLP", "Lesov")
    customer = site.issued(location=unit)
    draft = contractor_draft(site, scaffolders, location=bay)
    agreement = services.joint_measures_agree(permit=draft, others=[customer], by=scaffolders.issuer.user,
                                              measures="One watchman for both crews", credentials=PW)
    _link, key = new_link(site)

    def overlaps():
        html = text(Client().get(kiosk_url(key)))
        return html[html.index('id="wall-overlaps"'):html.index('class="wall-permits"')]

    proposed = overlaps()
    assert f'data-agreement="{agreement.pk}"' in proposed and "Awaiting signatures" in proposed
    assert f"Yet to sign: {site.issuer}" in proposed and customer.display_number in proposed
    services.joint_measures_sign(permit=customer, agreement=agreement, by=site.issuer.user, credentials=PW)
    agreed = overlaps()
    assert "Agreed" in agreed and "Yet to sign" not in agreed
    assert f"Not yet carried out on: № {customer.display_number}" in agreed
    for measure in customer.measures.filter(joint=agreement):
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    draft.refresh_from_db()
    assert f'data-agreement="{agreement.pk}"' not in overlaps()  # agreed and carried out on the board's permits
