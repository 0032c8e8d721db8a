"""`qauipsiz tick`: the scheduled jobs, run once per call under a lock (344 cl.6: an un-extended permit lapses)."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from qauipsiz.notifications import outbox
from qauipsiz.notifications.models import JobRun, Notice
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import Permit
from tests.permits.conftest import START, make_site

pytestmark = pytest.mark.django_db(transaction=False)


def test_344_cl06_tick_lapses_a_permit_not_extended_and_tells_everyone(django_capture_on_commit_callbacks):
    with time_machine.travel(START, tick=False) as clock:
        site = make_site()
        site.performer.user.email = "performer@example.kz"
        site.performer.user.save()
        permit = site.in_progress(crew=2)
        clock.move_to(permit.valid_until - datetime.timedelta(minutes=1))
        out = io.StringIO()
        call_command("tick", stdout=out)
        assert "0 permit(s) lapsed" in out.getvalue()
        clock.move_to(permit.valid_until + datetime.timedelta(minutes=1))
        with django_capture_on_commit_callbacks(execute=True):
            call_command("tick", stdout=out)
        outbox.deliver()  # the lapse's notices wait in the outbox for the worker (the next tick sends them)
    assert Permit.objects.get(pk=permit.pk).status == Status.LAPSED
    told = set(Notice.objects.filter(message__contains="lapsed").values_list("user_id", flat=True))
    expected = {site.issuer.user_id, site.performer.user_id, site.manager.user_id, site.admitting.user_id,
                *(p.user_id for p in site.crew[:2])}
    assert told == expected
    assert any("performer@example.kz" in m.to for m in mail.outbox)
    assert JobRun.objects.get(name="permits.lapse").last_result == "1 permit(s) lapsed"
