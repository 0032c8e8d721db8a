"""The demo's examinations and removal from work (315 cl.4.6, cl.4.7, cl.27.4): loaded through the services."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qauipsiz.accounts.models import User
from qauipsiz.control.choices import RemovalStatus
from qauipsiz.control.models import Examination, Removal
from qauipsiz.control.removal_selectors import examinations, training_lapses
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.competence import is_competent
from qauipsiz.core.demo import load_demo
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits.models import Permit


@pytest.fixture(scope="class")
def result(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestTheDemoControl:

    def test_315_cl4_6_certifications_due_and_overdue_at_the_refinery(self, result):
        official = User.objects.get(username="pc_official")
        assert examinations(official, state="overdue").exists()
        assert examinations(official, state="due_soon").exists()
        assert Examination.objects.filter(done_on__isnull=False, result="fit_with_conditions").exists()
        assert Examination.objects.filter(kind="expert_examination").count() == 2

    def test_315_cl27_4_a_person_removed_from_work_is_named_on_a_live_permit(self, result, client):
        removal = Removal.objects.get(status=RemovalStatus.REMOVED)
        assert removal.removed_from == timezone.localdate() and removal.lapsed
        assert not is_competent(removal.person, CompetenceRole.CREW_MEMBER)
        permit = Permit.objects.get(crew__person=removal.person)
        client.force_login(User.objects.get(username="head"))
        page = client.get(reverse("permits:detail", args=[permit.pk])).content.decode()
        assert 'id="removed-from-work"' in page and removal.person.full_name in page

    def test_315_cl4_7_trainings_lapse_at_the_refinery(self, result):
        official = User.objects.get(username="pc_official")
        assert training_lapses(official, result.organisation.pk, state="lapsed")

    def test_the_ledger_verifies(self, result):
        problems = verify_organisation(result.organisation.pk)
        assert problems == [], [str(problem) for problem in problems]
