"""One organisation's slow signature does not hold up its other writers (issue 8).

Every signer's credentials are checked before the act's transaction opens, and the organisation's ledger head is locked
last, only for the append. So while one signer's password is being checked (made slow here: the check waits on an
event), a second act of the same organisation commits. PostgreSQL only: SQLite has one writer at a time anyway.
"""

import threading

import pytest
from django.db import connection

from qauipsiz.ledger import signatures
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import Permit

from .conftest import PW

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 60


def test_a_second_act_commits_while_a_cosigners_password_is_being_checked(site, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite lets one writer at a time in, whatever is locked")
    paused = site.in_progress(crew=1)
    other = site.draft(place="Unit AVT-7, compressor bay", devices=[])
    checking, release = threading.Event(), threading.Event()
    original = signatures._check_password

    def slow_for_the_performer(user, password):
        if user.pk == site.performer.user_id:
            checking.set()
            assert release.wait(TIMEOUT)  # the performer is still typing, or the hash is still running
        return original(user, password)

    monkeypatch.setattr(signatures, "_check_password", slow_for_the_performer)
    outcome = {}

    def pause():
        try:
            outcome["pause"] = services.permit_pause(permit=paused, by=site.admitting.user, credentials=PW,
                                                     performer_credentials=PW)
        except Exception as exc:  # noqa: BLE001 - returned to the test
            outcome["pause"] = exc
        finally:
            connection.close()

    slow = threading.Thread(target=pause)
    slow.start()
    try:
        assert checking.wait(TIMEOUT)
        # The slow signature is under way: the same organisation's issuer issues another permit meanwhile.
        issuing = threading.Thread(target=lambda: (outcome.setdefault("issue", services.permit_issue(
            permit=other, by=site.issuer.user, credentials=PW)), connection.close()))
        issuing.start()
        issuing.join(TIMEOUT)
        assert not issuing.is_alive(), "the second act waited for the slow signature"
        assert Permit.objects.get(pk=other.pk).status == Status.ISSUED
        assert Permit.objects.get(pk=paused.pk).status == Status.IN_PROGRESS  # not signed yet
    finally:
        release.set()
        slow.join(TIMEOUT)
    assert not isinstance(outcome["pause"], Exception), outcome["pause"]
    assert Permit.objects.get(pk=paused.pk).status == Status.PAUSED
