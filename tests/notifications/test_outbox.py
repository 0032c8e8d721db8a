"""Notices go to an outbox written in the act's transaction; the worker builds and sends them (issue 8)."""

import pytest
from django.core import mail
from django.core.management import call_command

from qauipsiz.notifications import outbox
from qauipsiz.notifications.jobs import jobs
from qauipsiz.notifications.models import Notice, OutboxMessage
from qauipsiz.permits import services
from qauipsiz.permits.models import Permit
from tests.permits import conftest as permits

PW = permits.PW
site, clock = permits.site, permits.clock  # the permits' fixtures: a site whose permits can go all the way


def test_the_outbox_job_is_registered():
    assert jobs()["notifications.outbox"] is outbox.deliver


def test_an_act_writes_its_notice_to_the_outbox_and_builds_no_notice_or_mail_itself(site):
    site.performer.user.email = "performer@example.kz"
    site.performer.user.save()
    permit = site.issued()
    row = OutboxMessage.objects.get()
    assert (row.kind, row.payload, row.sent_at) == ("permits.act", {"permit_id": permit.pk, "act": "issue"}, None)
    assert not Notice.objects.exists() and mail.outbox == []
    assert outbox.deliver() == "1 notice(s) sent"
    told = set(Notice.objects.values_list("user_id", flat=True))
    assert {site.issuer.user_id, site.performer.user_id, site.admitting.user_id, site.supervisor.user_id} <= told
    assert any("performer@example.kz" in m.to for m in mail.outbox)
    assert OutboxMessage.objects.get().sent_at is not None
    assert outbox.deliver() == "0 notice(s) sent"  # sent once


def test_a_refused_act_leaves_nothing_in_the_outbox(site):
    permit = site.draft()
    with pytest.raises(Exception):  # noqa: B017 - the refusal itself is tested elsewhere
        services.permit_issue(permit=permit, by=site.issuer.user, credentials={"password": "wrong"})
    assert not OutboxMessage.objects.exists()


def test_a_failing_builder_keeps_the_message_with_its_error_for_the_next_tick(site, monkeypatch):
    permit = site.issued()

    def broken(**payload):
        raise RuntimeError("mail server on fire")

    monkeypatch.setitem(outbox.BUILDERS, "permits.act", broken)
    assert outbox.deliver() == "0 notice(s) sent, 1 failed"
    row = OutboxMessage.objects.get()
    assert (row.sent_at, row.attempts, row.last_error) == (None, 1, "mail server on fire")
    monkeypatch.undo()
    call_command("tick")
    assert OutboxMessage.objects.get().sent_at is not None
    assert Notice.objects.filter(message__contains="was issued", link__contains=str(permit.pk)).exists()
    assert Permit.objects.get(pk=permit.pk).status == "issued"
