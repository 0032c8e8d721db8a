"""Expert examinations, technical certification and inspection of devices and buildings (315 cl.4.6, cl.26.5)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.control import jobs
from qauipsiz.control.choices import ExaminationKind, ExaminationResult
from qauipsiz.control.models import Examination
from qauipsiz.control.removal_selectors import examinations
from qauipsiz.control.services import examinations as services
from qauipsiz.notifications.models import Notice
from tests import factories as f

from .removal_site import TODAY, build_site, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with travel() as traveller:
        yield traveller


@pytest.fixture
def site(db, clock):
    site = build_site()
    site.building = f.building(site.facility, inventory_number="INV-7")
    site.division_head = f.user(Role.DIVISION_HEAD, site.org, division=site.division)
    return site


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def plan(site, days: int, *, device=None, building=None, kind=ExaminationKind.CERTIFICATION):
    return services.examination_create(by=site.official, organisation=site.org, device=device,
                                       building=None if device else (building or site.building), kind=kind,
                                       due_on=TODAY + datetime.timedelta(days=days))


def test_315_cl4_6_overdue_and_due_soon_examinations_are_listed(site):
    overdue = plan(site, -3, device=site.device)
    soon = plan(site, 10, kind=ExaminationKind.INSPECTION)
    later = plan(site, 90, kind=ExaminationKind.EXPERT_EXAMINATION)
    assert list(examinations(site.official, state="overdue")) == [overdue]
    assert list(examinations(site.official, state="due_soon")) == [soon]
    assert set(examinations(site.official, state="open")) == {overdue, soon, later}
    assert list(examinations(site.official, kind=ExaminationKind.INSPECTION)) == [soon]
    assert list(examinations(site.official, state="due_soon", soon=100)) == [soon, later]


def test_315_cl4_6_an_examination_names_one_object_of_the_organisation(site):
    with pytest.raises(ValidationError):
        services.examination_create(by=site.official, organisation=site.org, device=site.device,
                                    building=site.building, kind=ExaminationKind.CERTIFICATION, due_on=TODAY)
    stranger = f.device(f.facility(f.organisation("Other"), f.division(f.organisation("Other 2"))))
    with pytest.raises(ValidationError):
        services.examination_create(by=site.official, organisation=site.org, device=stranger, building=None,
                                    kind=ExaminationKind.CERTIFICATION, due_on=TODAY)
    assert not Examination.objects.exists()


def test_315_cl4_6_only_the_service_keeps_the_examinations(site):
    with pytest.raises(PermissionDenied):
        services.examination_create(by=site.auditor, organisation=site.org, device=site.device, building=None,
                                    kind=ExaminationKind.CERTIFICATION, due_on=TODAY)


def test_315_cl26_5_a_result_with_a_next_due_date_plans_the_next_one(site):
    done = plan(site, -3, device=site.device)
    services.examination_update(by=site.official, examination=done, done_on=TODAY,
                                result=ExaminationResult.FIT_WITH_CONDITIONS, conclusion_number="ЭПБ-12/2026",
                                expert_organisation="Expert LLP", next_due_on=datetime.date(2027, 11, 1))
    done.refresh_from_db()
    assert done.result == ExaminationResult.FIT_WITH_CONDITIONS and done.conclusion_number == "ЭПБ-12/2026"
    following = Examination.objects.get(done_on__isnull=True)
    assert (following.device, following.due_on, following.kind) == (site.device, datetime.date(2027, 11, 1),
                                                                    done.kind)
    with pytest.raises(ValidationError):
        services.examination_update(by=site.official, examination=following, done_on=TODAY, result="")


def test_315_cl4_6_the_daily_job_tells_each_threshold_once(site, clock):
    overdue = plan(site, -3, device=site.device)
    plan(site, 10)
    jobs.examinations_due()
    told = Notice.objects.filter(user__in=[site.official, site.division_head])
    assert told.count() == 4  # two records, the official and the division head each
    assert Notice.objects.filter(user=site.head).count() == 0
    from qauipsiz.notifications.jobs import run
    clock.shift(datetime.timedelta(days=1))
    run(jobs.EXAMINATIONS_JOB)
    run(jobs.EXAMINATIONS_JOB)
    assert told.count() == 4  # not again the next day
    clock.shift(datetime.timedelta(days=10))  # the one due soon is now overdue: told once more
    run(jobs.EXAMINATIONS_JOB)
    assert told.count() == 6
    assert overdue.reminders.get().threshold == "overdue"


def test_315_cl4_6_list_export_and_record_page(client, site):
    examination = plan(site, -3, device=site.device)
    client.force_login(site.official)
    page = client.get(reverse("control:examinations"), {"state": "overdue"})
    assert page.status_code == 200 and f'data-examination="{examination.pk}"' in page.content.decode()
    export = client.get(reverse("control:examinations-export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.post(reverse("control:examination-file-add", args=[examination.pk]),
                {"file": SimpleUploadedFile("conclusion.pdf", b"%PDF-1.4 conclusion")})
    detail = client.get(reverse("control:examination", args=[examination.pk])).content.decode()
    assert "conclusion.pdf" in detail and "control.examination.created" in detail
    assert "control.examinationfile.file_added" in detail


def test_315_cl4_6_outsiders_get_404_and_the_auditor_403(client, site):
    examination = plan(site, -3, device=site.device)
    client.force_login(f.user(Role.PC_OFFICIAL, f.organisation("Other refinery")))
    assert client.get(reverse("control:examination", args=[examination.pk])).status_code == 404
    assert client.get(f"/api/v1/control/removal/examinations/{examination.pk}").status_code == 404
    client.force_login(site.auditor)
    assert client.get(reverse("control:examination", args=[examination.pk])).status_code == 200
    assert client.get(reverse("control:examination-create")).status_code == 403
    assert client.post(reverse("control:examination-update", args=[examination.pk]),
                       {"kind": "inspection", "due_on": "2026-12-01"}).status_code == 403
    answer = client.post(f"/api/v1/control/removal/examinations/{examination.pk}/result",
                         {"done_on": "2026-11-20", "result": "fit"}, content_type="application/json")
    assert answer.status_code == 403
    examination.refresh_from_db()
    assert examination.done_on is None


def test_315_cl4_6_the_list_reads_as_much_for_many_rows_as_for_few(client, site):
    client.force_login(site.official)
    plan(site, -3, device=site.device)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("control:examinations")).status_code == 200
    for days in range(5):
        plan(site, days, device=f.device(site.facility))
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("control:examinations")).status_code == 200
    assert len(many) == len(few)


def test_315_cl4_6_import_with_a_preview_then_confirmed(client, site):
    client.force_login(site.official)
    rows = [["Device registration number", "Building inventory number", "Kind", "Due date", "Done on", "Result"],
            [site.device.registration_number, "", "Technical certification", "01.12.2026", "", ""],
            ["", "INV-7", "inspection", datetime.date(2026, 12, 5), "", ""],
            ["NO-SUCH", "", "certification", "01.12.2026", "", ""],
            [site.device.registration_number, "", "certification", "not a date", "", ""]]
    upload = client.post(reverse("control:examination-import"),
                         {"organisation": site.org.pk, "file": SimpleUploadedFile("e.xlsx", f.xlsx_bytes(rows))})
    assert upload.status_code == 302
    preview = client.get(upload["Location"])
    text = preview.content.decode()
    assert 'id="count-create">2<' in text and 'id="count-reject">2<' in text
    assert not Examination.objects.exists()  # the preview writes nothing
    token = upload["Location"].rstrip("/").rsplit("/", 1)[-1]
    done = client.post(reverse("control:examination-import"), {"token": token})
    assert done.status_code == 302
    assert Examination.objects.count() == 2


def test_315_cl4_6_the_home_panels_show_what_is_due(client, site):
    plan(site, -3, device=site.device)
    client.force_login(site.division_head)
    home = client.get(reverse("home")).content.decode()
    assert 'id="home-certifications"' in home and 'id="home-lapses"' in home


def test_315_cl26_5_the_regulation_states_each_facilitys_certification_and_training(site):
    from qauipsiz.control.regulation_sources import FACILITY_FACTS

    plan(site, -3, device=site.device)
    facts = [fact for provide in FACILITY_FACTS for fact in provide(site.facility, TODAY.year)]
    texts = " ".join(fact.text for fact in facts)
    assert "1 overdue now" in texts and "people work" in texts
