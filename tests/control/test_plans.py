"""Plans of production control: the plan of measures (315 cl.4.5), a division's work plan (cl.4.1), their
versions after approval, their execution (cl.26.1), and who sees and does what (cl.25)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qauipsiz.accounts.policy import visible_to
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.control.choices import ItemStatus, PlanKind, VersionStatus
from qauipsiz.control.models import Plan, PlanEvidence, PlanItem
from qauipsiz.control.plan_selectors import overdue_items, plan_execution, version_diff
from qauipsiz.control.regulation_sources import PLAN_FACTS
from qauipsiz.control.services import plans as services
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.signatures import Signature
from qauipsiz.ledger.verify import verify_organisation

from .plans_site import PW, build_site

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5)))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def site():
    return build_site()


def test_315_cl4_5_one_plan_of_measures_per_organisation_and_year(site):
    site.measures_plan(year=2026)
    with pytest.raises(ValidationError):
        services.plan_create(by=site.official, organisation=site.org, kind=PlanKind.MEASURES, year=2026)
    assert services.plan_create(by=site.official, organisation=site.org, kind=PlanKind.MEASURES, year=2027)


def test_315_cl4_5_drafted_by_officials_approved_by_the_head_with_a_signature(site):
    plan = site.measures_plan(approve=False)
    version = plan.versions.get()
    with pytest.raises(PermissionDenied):
        services.plan_approve(record=version, by=site.official, credentials=PW)  # an official does not approve
    with pytest.raises(PermissionDenied):
        services.plan_create(by=site.head_a, organisation=site.org, kind=PlanKind.WORK, year=2026,
                             division=site.div_a)  # a division's head does not draft
    services.plan_approve(record=version, by=site.head, credentials=PW)
    version.refresh_from_db()
    plan.refresh_from_db()
    assert version.status == VersionStatus.APPROVED and version.approved_by == site.head
    assert plan.number == 1
    signature = Signature.objects.get(purpose__endswith=".plan_approved")
    assert '"plan_items"' in signature.content and "Measure 1" in signature.content
    assert verify_organisation(site.org.pk) == []


def test_315_cl4_5_an_approved_version_is_never_edited(site):
    plan = site.measures_plan()
    version = plan.versions.get()
    item = version.items.first()
    with pytest.raises(ActionRefused):
        services.item_update(by=site.official, item=item, measure="Something else")
    with pytest.raises(ActionRefused):
        services.item_add(by=site.official, version=version, measure="More", deadline=datetime.date(2026, 9, 1))
    with pytest.raises(ActionRefused):
        services.item_remove(by=site.official, item=item)
    item.refresh_from_db()
    assert item.measure == "Measure 1" and version.items.count() == 2


def test_315_cl4_5_a_change_after_approval_is_a_new_version_with_its_reason(site):
    plan = site.measures_plan()
    first = plan.versions.get()
    with pytest.raises(ValidationError):
        services.version_new(by=site.official, plan=plan, reason=" ")
    second = services.version_new(by=site.official, plan=plan, reason="A new unit")
    with pytest.raises(ActionRefused):
        services.version_new(by=site.official, plan=plan, reason="Another")  # one draft at a time
    old_item, kept = first.items.order_by("position")
    new_item = second.items.get(origin=old_item)
    services.item_update(by=site.official, item=new_item, measure="Measure 1, extended",
                         deadline=datetime.date(2026, 6, 1))
    services.item_remove(by=site.official, item=second.items.get(origin=kept))
    services.item_add(by=site.official, version=second, measure="Measure 3", deadline=datetime.date(2026, 7, 1))
    # While the new version is a draft, the approved one stays in force, as it was.
    first.refresh_from_db()
    assert first.status == VersionStatus.APPROVED
    assert first.items.get(pk=old_item.pk).measure == "Measure 1"
    services.plan_approve(record=second, by=site.head, credentials=PW)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (VersionStatus.SUPERSEDED, VersionStatus.APPROVED)
    assert sorted(first.items.values_list("measure", flat=True)) == ["Measure 1", "Measure 2"]
    changes = {d.change: d for d in version_diff(first, second)}
    assert set(changes) == {"added", "removed", "changed"}
    assert changes["changed"].fields == ["measure", "deadline"]
    assert changes["removed"].old.measure == "Measure 2"
    assert verify_organisation(site.org.pk) == []  # the removed draft item is ledgered as gone


def test_315_cl4_5_execution_is_recorded_on_the_version_in_force_and_carried_forward(site):
    plan = site.measures_plan()
    version = plan.versions.get()
    item = version.items.order_by("position").first()
    with pytest.raises(ValidationError):
        services.item_execute(by=site.official, item=item, status=ItemStatus.NOT_DONE)  # the reason is required
    services.item_execute(by=site.official, item=item, status=ItemStatus.DONE, executed_on=datetime.date(2026, 3, 1))
    evidence = services.evidence_add(by=site.official, item=item, text="Acceptance act No. 5",
                                     upload=SimpleUploadedFile("act.pdf", b"%PDF-1.4 act", "application/pdf"))
    assert len(evidence.sha256) == 64
    entry = LedgerEntry.objects.get(object_type="control.planevidence", object_id=str(evidence.pk))
    assert evidence.sha256 in entry.content
    draft = services.version_new(by=site.official, plan=plan, reason="Corrected")
    with pytest.raises(ActionRefused):  # execution is not recorded on a draft
        services.item_execute(by=site.official, item=draft.items.first(), status=ItemStatus.DONE)
    services.plan_approve(record=draft, by=site.head, credentials=PW)
    carried = draft.items.get(origin=item)
    assert (carried.status, carried.executed_on) == (ItemStatus.DONE, datetime.date(2026, 3, 1))
    assert carried.evidence.get().sha256 == evidence.sha256
    with pytest.raises(ActionRefused):  # nor on a superseded version
        services.item_execute(by=site.official, item=item, status=ItemStatus.PLANNED)
    assert verify_organisation(site.org.pk) == []


def test_315_cl4_5_a_division_head_records_his_divisions_items_only(site):
    plan = site.measures_plan()
    item = plan.versions.get().items.first()  # division A's
    services.item_execute(by=site.head_a, item=item, status=ItemStatus.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.item_execute(by=site.head_b, item=item, status=ItemStatus.DONE)
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS


def test_315_cl4_5_the_auditor_reads_and_changes_nothing(site):
    plan = site.measures_plan()
    item = plan.versions.get().items.first()
    before = LedgerEntry.objects.count()
    assert visible_to(site.auditor, Plan).count() == 1
    for attempt in (lambda: services.item_execute(by=site.auditor, item=item, status=ItemStatus.DONE),
                    lambda: services.evidence_add(by=site.auditor, item=item, text="x"),
                    lambda: services.version_new(by=site.auditor, plan=plan, reason="x"),
                    lambda: services.plan_create(by=site.auditor, organisation=site.org, kind=PlanKind.MEASURES,
                                                 year=2030)):
        with pytest.raises(PermissionDenied):
            attempt()
    assert LedgerEntry.objects.count() == before
    assert not PlanEvidence.objects.exists()


def test_315_cl4_1_a_work_plan_is_its_divisions_and_seen_by_its_head_and_people(site):
    plan = site.work_plan(division=site.div_a)
    item = plan.versions.get().items.get()
    assert item.division == site.div_a  # a work plan's items are its division's
    assert list(visible_to(site.head_a, Plan)) == [plan]
    assert list(visible_to(site.worker_a, Plan)) == [plan]
    assert not visible_to(site.head_b, Plan).exists()
    assert not visible_to(site.outsider, Plan).exists()
    with pytest.raises(ValidationError):
        services.plan_create(by=site.official, organisation=site.org, kind=PlanKind.WORK, year=2026)


def test_315_cl4_1_a_work_plan_is_versioned_like_the_plan_of_measures(site):
    plan = site.work_plan()
    second = services.version_new(by=site.official, plan=plan, reason="The shop's schedule changed")
    services.plan_approve(record=second, by=site.head, credentials=PW)
    assert list(plan.versions.values_list("status", flat=True).order_by("version")) == [
        VersionStatus.SUPERSEDED, VersionStatus.APPROVED]


def test_315_cl26_1_last_years_execution_counts_done_not_done_and_overdue(site):
    plan = site.measures_plan(year=2025, items=4)
    items = list(plan.versions.get().items.order_by("position"))
    services.item_execute(by=site.official, item=items[0], status=ItemStatus.DONE,
                          executed_on=datetime.date(2025, 3, 1))
    services.item_execute(by=site.official, item=items[1], status=ItemStatus.NOT_DONE, not_done_reason="No supplier")
    services.item_execute(by=site.official, item=items[2], status=ItemStatus.IN_PROGRESS)
    report = plan_execution(site.org, 2025)
    assert (report.total, report.done, report.not_done, report.overdue, report.pending) == (4, 1, 1, 2, 0)
    assert report.done_percent == 25
    assert [i.state for i in report.items] == ["done", "not_done", "overdue", "overdue"]
    assert plan_execution(site.org, 2024).plan is None


def test_315_cl4_5_overdue_items_are_listed_for_heads_officials_and_their_divisions_head(site):
    plan = site.measures_plan()  # deadlines 01.03 and 01.04.2026: both past on 03.12.2026
    items = list(plan.versions.get().items.order_by("position"))
    services.item_execute(by=site.official, item=items[1], status=ItemStatus.DONE,
                          executed_on=datetime.date(2026, 4, 1))
    assert list(overdue_items(site.head)) == [items[0]]
    assert list(overdue_items(site.official)) == [items[0]]
    assert list(overdue_items(site.head_a)) == [items[0]]
    assert not overdue_items(site.head_b).exists()
    assert not overdue_items(site.outsider).exists()


def test_315_cl4_5_the_regulation_reads_the_plan_in_force(site):
    assert "No plan of measures" in PLAN_FACTS[-1](site.org, 2026)[0].text
    site.measures_plan()
    text = PLAN_FACTS[-1](site.org, 2026)[0].text
    assert "No. 1/2026" in text and "measures: 2." in text


def test_315_cl4_5_items_of_another_organisation_are_refused(site):
    from tests import factories as f

    plan = site.measures_plan(approve=False)
    foreign = f.person(f.organisation("Third plant"))
    with pytest.raises(ValidationError):
        services.item_add(by=site.official, version=plan.versions.get(), measure="X",
                          deadline=datetime.date(2026, 5, 1), responsible=foreign)
    assert PlanItem.objects.count() == 2


def test_315_cl4_1_the_approval_is_told_to_the_officials_and_the_divisions_head(site):
    from qauipsiz.notifications.models import Notice
    from qauipsiz.notifications.outbox import deliver

    site.work_plan(division=site.div_a)
    deliver()
    told = set(Notice.objects.values_list("user_id", flat=True))
    assert {site.official.pk, site.head_a.pk} <= told
    assert site.head_b.pk not in told and site.outsider.pk not in told
