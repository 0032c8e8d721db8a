"""The scheduled digest (issue 10 item 10): at least daily and after every LEDGER_DIGEST_EVERY entries, a copy kept
outside the database beside the backups, and `verify` warning when a chain has outgrown its last digest."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from qauipsiz.ledger import services as ledger
from qauipsiz.ledger.digest import digest_file, digest_job, due_heads
from qauipsiz.ledger.models import Digest
from qauipsiz.notifications.jobs import jobs
from tests import factories as f

MORNING = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5)))


@pytest.fixture
def books(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.LEDGER_DIGEST_EVERY = 3
    settings.LEDGER_DIGEST_EMAIL = False
    settings.TSA_URL = ""
    with time_machine.travel(MORNING, tick=False) as clock:
        org = f.organisation()
        yield org, clock


def write(org, count: int) -> None:
    with transaction.atomic():
        for n in range(count):
            ledger.append(organisation_id=org.pk, by=None, action="test.note", content={"n": n})


def test_the_job_is_registered_and_digests_a_chain_once_a_day(books):
    org, clock = books
    assert jobs()["ledger.digest"] is digest_job
    write(org, 1)
    assert digest_job() == "1 digests, 0 e-mailed"
    assert digest_job() == "no chain due"  # the same day, few entries since
    write(org, 1)
    assert digest_job() == "no chain due"
    clock.shift(datetime.timedelta(days=1))
    assert [h.organisation_id for h in due_heads()] == [org.pk]
    digest_job()
    assert Digest.objects.filter(organisation=org).count() == 2


def test_the_job_digests_again_after_every_n_entries(books):
    org, _clock = books
    write(org, 1)
    digest_job()
    write(org, 2)
    assert digest_job() == "no chain due"
    write(org, 1)  # 3 entries since the digest
    digest_job()
    first, second = Digest.objects.filter(organisation=org).order_by("seq").values_list("seq", flat=True)
    assert second - first == 3


def test_each_digest_is_kept_outside_the_database_owner_only(books):
    org, clock = books
    write(org, 1)
    digest_job()
    clock.shift(datetime.timedelta(days=1))
    write(org, 1)
    digest_job()
    path = digest_file()
    lines = path.read_text(encoding="utf-8").splitlines()
    digests = list(Digest.objects.filter(organisation=org).order_by("created_at"))
    assert [line.split(" ", 1)[1] for line in lines] == [d.text for d in digests]
    assert lines[0].startswith("2026-11-23T09:00:00+05:00 qauipsiz-digest")
    assert oct(path.stat().st_mode & 0o777) == "0o600" and oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_the_job_e_mails_the_digest_when_asked(books, settings, mailoutbox):
    from qauipsiz.accounts.choices import Role

    org, _clock = books
    head = f.user(Role.HEAD, org)
    head.email = "head@example.kz"
    head.save()
    settings.LEDGER_DIGEST_EMAIL = True
    assert digest_job() == "1 digests, 1 e-mailed"
    assert mailoutbox[0].to == ["head@example.kz"]


def test_verify_warns_when_a_chain_outgrew_its_last_digest(books):
    org, _clock = books
    write(org, 1)
    digest_job()
    write(org, 3)
    out = io.StringIO()
    call_command("verify", "--organisation", org.bin, stdout=out)
    assert "WARNING" not in out.getvalue()  # 3 since the digest: not more than the setting
    write(org, 1)
    out = io.StringIO()
    call_command("verify", "--organisation", org.bin, stdout=out)
    assert "WARNING" in out.getvalue() and "4 entries since the last digest" in out.getvalue()
    assert out.getvalue().startswith("OK")  # a warning, not a broken ledger
