"""The demo's plans (control/demo.py): this year's approved plan of measures with a second version, last year's with
its execution, shop Ц-1's work plan; every signature real, the ledger verified."""

import pytest
from django.db import transaction
from django.utils import timezone

from qauipsiz.control.choices import PlanKind, VersionStatus
from qauipsiz.control.models import Plan
from qauipsiz.control.plan_selectors import plan_execution
from qauipsiz.core.demo import load_demo
from qauipsiz.ledger.verify import verify_organisation


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_315_cl4_5_the_demo_has_the_plans_and_verifies(demo):
    year = timezone.localdate().year
    current = Plan.objects.get(organisation=demo.organisation, kind=PlanKind.MEASURES, year=year)
    assert list(current.versions.order_by("version").values_list("status", flat=True)) == [
        VersionStatus.SUPERSEDED, VersionStatus.APPROVED]
    report = plan_execution(demo.organisation, year - 1)
    assert report.done == 3 and report.not_done == 1 and report.total == 5
    work = Plan.objects.get(organisation=demo.organisation, kind=PlanKind.WORK, year=year)
    assert work.division.code == "Ц-1" and work.number == 1
    assert verify_organisation(demo.organisation.pk) == []
