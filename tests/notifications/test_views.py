"""The notices page: the user's own notices in the reader's language, marked as read; the unread badge in the menu."""

import pytest
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.notifications.models import Notice
from qauipsiz.notifications.services import notify
from tests import factories as f

MESSAGE = "%(permit)s was suspended (344 cl.27)"


@pytest.fixture
def people(db):
    org = f.organisation()
    reader = f.user(Role.ADMITTING_PERSON, org, username="reader")
    other = f.user(Role.ADMITTING_PERSON, org, username="other")
    return org, reader, other


def send(org, users, link="/kk/permits/7/"):
    return notify(users=users, organisation_id=org.pk, message=MESSAGE, params={"permit": "7/2026"}, link=link)


def test_notices_page_lists_only_the_users_own_notices_in_their_language(client, people):
    org, reader, other = people
    send(org, [reader])
    notify(users=[other], organisation_id=org.pk, message="%(permit)s lapsed", params={"permit": "9/2026"})
    client.force_login(reader)
    with translation.override("en"):
        html = client.get(reverse("notifications:list")).content.decode()
    assert "7/2026 was suspended (344 cl.27)" in html and "9/2026" not in html
    assert 'class="badge unread" id="unread-badge">1<' in html
    with translation.override("ru"):
        html = client.get(reverse("notifications:list")).content.decode()
    assert "7/2026" in html and 'lang="ru"' in html


def test_mark_one_and_all_as_read(client, people):
    org, reader, other = people
    first, = send(org, [reader])
    second, = send(org, [reader])
    theirs, = send(org, [other])
    client.force_login(reader)
    with translation.override("en"):
        response = client.post(reverse("notifications:mark-read"), {"notice": [first.pk, theirs.pk]})
        assert response.status_code == 302
        assert Notice.objects.get(pk=first.pk).read_at is not None
        assert Notice.objects.get(pk=theirs.pk).read_at is None  # not the reader's: untouched
        assert Notice.objects.get(pk=second.pk).read_at is None
        html = client.get(reverse("notifications:list"), {"show": "unread"}).content.decode()
        assert f'data-notice="{second.pk}"' in html and f'data-notice="{first.pk}"' not in html
        client.post(reverse("notifications:mark-read"))
        assert not Notice.objects.filter(user=reader, read_at__isnull=True).exists()
        html = client.get(reverse("notifications:list")).content.decode()
        assert 'id="unread-badge"' not in html
        assert client.get(reverse("notifications:mark-read")).status_code == 405


def test_open_marks_read_and_goes_to_the_page_in_the_readers_language(client, people):
    org, reader, other = people
    notice, = send(org, [reader], link="/kk/permits/7/")
    theirs, = send(org, [other])
    client.force_login(reader)
    with translation.override("en"):
        response = client.post(reverse("notifications:open", args=[notice.pk]))
        assert response.status_code == 302 and response["Location"] == "/en/permits/7/"
        assert Notice.objects.get(pk=notice.pk).read_at is not None
        assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
        assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 405


def test_a_link_to_another_site_is_not_followed(client, people):
    org, reader, _other = people
    notice, = send(org, [reader], link="https://evil.example/")
    client.force_login(reader)
    with translation.override("en"):
        response = client.post(reverse("notifications:open", args=[notice.pk]))
        assert response["Location"] == reverse("notifications:list")


def test_badge_in_the_menu_on_every_page(client, people):
    org, reader, _other = people
    send(org, [reader])
    send(org, [reader])
    client.force_login(reader)
    with translation.override("en"):
        html = client.get(reverse("home")).content.decode()
        assert 'data-unread="2"' in html and f'href="{reverse("notifications:list")}"' in html


def test_notices_need_a_login(client, db):
    with translation.override("en"):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]
