"""Wrong signing passwords and PINs lock signing exactly as wrong passwords lock the login (issue 10 item 2).

The count is in the database, shared by every worker and server: the drill's three workers, each counting in its own
memory, let the twelfth wrong password through where five were allowed. A cache emptied between attempts stands for
another process here. The count survives the rollback of the act's transaction (the API runs each act in one), the
owner gets a notice and the access log records the lock once.
"""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from qauipsiz.accounts.choices import AccessKind
from qauipsiz.accounts.lockout import failure_limit, locked_minutes
from qauipsiz.accounts.models import AccessEvent, SigningFailure
from qauipsiz.ledger.signatures import SignatureRefused, verify_credential
from qauipsiz.notifications.models import Notice
from tests.permits.conftest import PASSWORD, START, make_site
from tests.permits.test_api import as_, error, ok

WRONG = {"password": "not the password"}


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def site(db, clock):
    """A permit site (tests/permits/conftest.py): people who sign, with passwords."""
    return make_site()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _verify(user, **credentials):
    return verify_credential(user, content={"about": "a test signature"}, **credentials)


def test_the_limit_and_the_window_are_the_logins():
    """ "Exactly as at login": the same number of failures (LOGIN_FAILURE_LIMIT) and the same time (LOGIN_LOCKOUT_MINUTES)."""
    assert failure_limit() == settings.AXES_FAILURE_LIMIT == 5


def test_failures_counted_in_other_processes_add_up(site):
    """Another worker's memory is not this one's: the count holds with the cache emptied before every attempt."""
    user = site.issuer.user
    for _attempt in range(failure_limit()):
        cache.clear()
        with pytest.raises(SignatureRefused, match="not correct"):
            _verify(user, **WRONG)
    cache.clear()
    with pytest.raises(SignatureRefused, match="too many wrong passwords"):
        _verify(user, password=PASSWORD)  # even the right one, while locked
    assert SigningFailure.objects.filter(user=user).count() == failure_limit()


@pytest.mark.django_db(transaction=True)  # committed as in production: no test transaction around the requests
def test_failures_survive_the_rollback_of_the_acts_transaction(site):
    """Through the API each act runs in a transaction that the refusal rolls back; the failures stay counted, the sixth
    attempt is refused unchecked, the owner is told once and the access log records it."""
    permit = site.draft()
    api = as_(site.issuer)
    for _attempt in range(failure_limit()):
        assert "not correct" in str(error(api.post(f"/{permit.pk}/issue", {"signature": WRONG}), 422))
    body = error(api.post(f"/{permit.pk}/issue", {"signature": {"password": PASSWORD}}), 422)
    assert "too many wrong passwords" in str(body)
    assert SigningFailure.objects.filter(user=site.issuer.user).count() == failure_limit()
    locks = AccessEvent.objects.filter(kind=AccessKind.SIGNING_LOCKED)
    assert [(e.user, e.path) for e in locks] == [(site.issuer.user, f"/api/v1/permits/{permit.pk}/issue")]
    notice = Notice.objects.get(user=site.issuer.user)
    assert notice.params == {"minutes": 15, "count": 5} and "locked" in notice.message


def test_the_lock_ends_after_the_logins_lockout_time(site, clock):
    user = site.issuer.user
    for _attempt in range(failure_limit()):
        with pytest.raises(SignatureRefused):
            _verify(user, **WRONG)
    assert locked_minutes(user) == 15
    clock.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
    assert locked_minutes(user) == 0
    _verify(user, password=PASSWORD)
    assert not SigningFailure.objects.filter(user=user).exists()  # a right password starts the count again


def test_a_right_password_before_the_limit_starts_the_count_again(site):
    user = site.issuer.user
    for _attempt in range(failure_limit() - 1):
        with pytest.raises(SignatureRefused):
            _verify(user, **WRONG)
    _verify(user, password=PASSWORD)
    with pytest.raises(SignatureRefused, match="not correct"):
        _verify(user, **WRONG)
    assert not AccessEvent.objects.filter(kind=AccessKind.SIGNING_LOCKED).exists()
    assert ok(as_(site.issuer).get("/"))  # nothing else is held up


def test_another_users_failures_do_not_lock_this_user(site):
    for _attempt in range(failure_limit()):
        with pytest.raises(SignatureRefused):
            _verify(site.admitting.user, **WRONG)
    _verify(site.issuer.user, password=PASSWORD)
