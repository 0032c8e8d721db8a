"""Issue 11 in Chromium: a crew member ticks the measures he carried out on the permit page and signs them once
(item 7); each is then shown carried out by him, with the one signature."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qauipsiz.ledger.models import Signature
from qauipsiz.permits.models import PermitMeasure
from tests.permits.conftest import PASSWORD, builtin_work_type, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_issue11_ticked_measures_are_signed_with_one_signature(page, login):
    site = make_site("Ertis refinery")
    builtin_work_type("hot")
    now = timezone.now()
    permit = site.issued(planned_start=now - datetime.timedelta(minutes=5), planned_end=now + datetime.timedelta(days=2))
    chosen = list(permit.measures.exclude(code="5.4").order_by("pk")[:3])
    doer = site.crew[0]

    login(doer.user).goto(f"/en/permits/{permit.pk}/")
    for measure in chosen:
        page.locator(f'input[data-measure-pick="{measure.pk}"]').check()
    page.locator('button[data-action="complete_measures"]').click()
    card = page.locator("#action-panel #action-form")
    expect(card).to_be_visible()
    for measure in chosen:  # what is signed names each measure ticked
        expect(card.locator("#signing")).to_contain_text(measure.text)
    card.locator("#id_sign_password").fill(PASSWORD)
    card.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("were signed as carried out")
    for measure in chosen:
        expect(page.locator(f'tr[data-measure="{measure.pk}"]')).to_contain_text(doer.full_name)
    assert PermitMeasure.objects.filter(pk__in=[m.pk for m in chosen], done_by=doer).count() == 3
    assert Signature.objects.filter(object_id=str(permit.pk), purpose__endswith="item7_measure_done").count() == 1
