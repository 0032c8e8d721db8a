"""The permit pages: list, board, my tasks, draft form, permit page, register, certificates, emergency works."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qauipsiz.accounts.choices import AccessKind, Role
from qauipsiz.accounts.models import AccessEvent
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.permits import services
from qauipsiz.permits.choices import CertificateStatus, EmergencyStatus, Status
from qauipsiz.permits.models import AdmissionCertificate, EmergencyWork, Permit
from tests import factories as f

from .conftest import PW, START, builtin_work_type, contractor_draft, contractor_party, staff
from .test_views_support import SIGN, as_user, english, outsider_user, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
ALMATY = START.tzinfo


# --- list ----------------------------------------------------------------------------------------------------------------

def test_list_shows_the_permits_the_user_sees(client, site):
    issued = site.issued()
    draft = site.draft(place="Tank T-3 roof", devices=[])
    response = as_user(client, site.issuer).get(url("list"))
    assert response.status_code == 200
    html = text(response)
    assert f'data-permit="{issued.pk}"' in html and f'data-permit="{draft.pk}"' in html
    assert "1/2026" in html and "New permit" in html


def test_list_filters_by_status_and_number(client, site):
    issued = site.issued()
    draft = site.draft(place="Tank T-3 roof", devices=[])
    client = as_user(client, site.issuer)
    html = text(client.get(url("list"), {"status": "draft"}))
    assert f'data-permit="{draft.pk}"' in html and f'data-permit="{issued.pk}"' not in html
    html = text(client.get(url("list"), {"q": "1/2026"}))
    assert f'data-permit="{issued.pk}"' in html and f'data-permit="{draft.pk}"' not in html
    html = text(client.get(url("list"), {"q": "T-3"}))
    assert f'data-permit="{draft.pk}"' in html and f'data-permit="{issued.pk}"' not in html
    # htmx asks for the table only.
    partial = text(client.get(url("list"), {"status": "issued"}, headers={"HX-Request": "true"}))
    assert "<html" not in partial and f'data-permit="{issued.pk}"' in partial


def test_outsider_sees_no_permit_and_gets_404(client, site):
    permit = site.issued()
    client = as_user(client, outsider_user())
    assert f'data-permit="{permit.pk}"' not in text(client.get(url("list")))
    assert client.get(url("detail", permit.pk)).status_code == 404
    assert client.get(url("issue", permit.pk)).status_code == 404
    assert client.post(url("admit", permit.pk), {**SIGN}).status_code == 404
    assert client.get(url("pdf", permit.pk)).status_code == 404


def count_queries(client, address, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, params or {})
    assert response.status_code == 200
    return len(captured)


def test_list_and_board_queries_do_not_grow_with_permits(client, site):
    """No N+1: the same number of queries for one permit as for twenty."""
    site.issued()
    client = as_user(client, site.admitting)
    list_one, board_one = count_queries(client, url("list")), count_queries(client, url("board"))
    for n in range(19):
        permit = site.draft(place=f"Bay {n}", devices=[], scope_of_work=f"Job {n}")
        if n % 2:
            services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert Permit.objects.count() == 20
    assert count_queries(client, url("list")) == list_one
    assert count_queries(client, url("board")) == board_one
    assert list_one <= 20 and board_one <= 20


# --- board ---------------------------------------------------------------------------------------------------------------

def test_board_groups_open_permits_and_polls(client, site, clock):
    working = site.in_progress(crew=1)
    issued = site.issued(place="Tank T-3 roof", devices=[], scope_of_work="Paint")
    draft = site.draft(place="Elsewhere", devices=[])
    client = as_user(client, site.issuer)
    html = text(client.get(url("board")))
    assert 'hx-trigger="every 30s"' in html
    assert f'data-permit="{working.pk}"' in html and f'data-permit="{issued.pk}"' in html
    assert f'data-permit="{draft.pk}"' not in html  # drafts are not on the board
    assert html.index('data-status="in_progress"') < html.index('data-status="issued"')
    assert "Proizvoditelev" in html
    # The partial is what htmx polls.
    partial = text(client.get(url("board"), headers={"HX-Request": "true"}))
    assert partial.lstrip().startswith('<div id="board"') or 'id="board"' in partial[:300]
    assert "<html" not in partial


def test_board_warns_when_the_shift_ends_within_an_hour_and_when_lapsed(client, site, clock):
    working = site.in_progress(crew=1)  # valid until 20:00, the end of the day shift
    client = as_user(client, site.issuer)
    assert "within an hour" not in text(client.get(url("board")))
    clock.move_to(datetime.datetime(2026, 11, 23, 19, 15, tzinfo=ALMATY))
    client = as_user(client, site.issuer)  # the session of the morning has expired
    html = text(client.get(url("board")))
    assert "The shift ends within an hour" in html and "permit-card ending" in html
    clock.move_to(datetime.datetime(2026, 11, 23, 20, 5, tzinfo=ALMATY))
    client = as_user(client, site.issuer)
    html = text(client.get(url("board")))
    assert "Validity has lapsed" in html and f'data-permit="{working.pk}"' in html


def test_board_filters_by_work_type(client, site):
    hot = site.issued()
    height = site.issued(kind="height", place="Column K-1", devices=[], scope_of_work="Insulation")
    client = as_user(client, site.issuer)
    html = text(client.get(url("board"), {"work_type": builtin_work_type("height").pk}))
    assert f'data-permit="{height.pk}"' in html and f'data-permit="{hot.pk}"' not in html


# --- my tasks ------------------------------------------------------------------------------------------------------------

def test_tasks_name_what_waits_for_each_person(client, site):
    draft = site.draft()
    html = text(as_user(client, site.issuer).get(url("tasks")))
    assert url("issue", draft.pk) in html
    services.permit_issue(permit=draft, by=site.issuer.user, credentials=PW)
    html = text(as_user(client, site.supervisor).get(url("tasks")))
    assert url("approve", draft.pk) in html
    html = text(as_user(client, site.admitting).get(url("tasks")))
    measure = draft.measures.first()
    assert url("measure-complete", draft.pk, measure.pk) in html
    assert url("admit", draft.pk) not in html  # measures are still pending: admission does not wait yet


def test_tasks_show_briefings_to_the_admitting_person_and_the_crew_member(client, site):
    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    member = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    html = text(as_user(client, site.admitting).get(url("tasks")))
    assert url("crew-brief", permit.pk, member.pk) in html
    html = text(as_user(client, site.crew[0]).get(url("tasks")))
    assert "You are to be briefed" in html
    assert "Nothing waits for you" in text(as_user(client, outsider_user()).get(url("tasks")))


# --- the draft form ------------------------------------------------------------------------------------------------------

def draft_data(site, **changes):
    data = {
        "division": site.division.pk, "facility": site.facility.pk, "work_type": builtin_work_type("hot").pk,
        "performer": site.performer.pk, "place": "Unit AVT-6, pump P-12 bay", "equipment": "Pump P-12",
        "devices": [site.device.pk], "scope_of_work": "Replace the flange gasket",
        "admitting_persons": [site.admitting.pk], "responsible_manager": site.manager.pk, "issuer": site.issuer.pk,
        "planned_start": "2026-11-23T09:00", "planned_end": "2026-11-26T09:00", "validity": "whole_period",
        "shift_supervisor": site.supervisor.pk,
        "measures-TOTAL_FORMS": "2", "measures-INITIAL_FORMS": "0", "measures-MIN_NUM_FORMS": "0",
        "measures-MAX_NUM_FORMS": "1000",
        "measures-0-code": "5.1", "measures-0-text": "Stop the pump P-12",
        "measures-1-code": "5.5", "measures-1-text": "Fence the bay",
    }
    data.update(changes)
    return data


def test_create_a_draft_with_measures_and_approvers(client, site):
    client = as_user(client, site.issuer)
    form = client.get(url("create"))
    assert form.status_code == 200
    assert 'name="measures-TOTAL_FORMS"' in text(form)
    response = client.post(url("create"), draft_data(site, nearby=["power_line"]))
    assert response.status_code == 302, text(response)
    permit = Permit.objects.get()
    assert response["Location"] == url("detail", permit.pk)
    assert permit.status == Status.DRAFT and permit.issuer == site.issuer and permit.nearby == ["power_line"]
    assert [(m.code, m.text) for m in permit.measures.all()] == [("5.1", "Stop the pump P-12"), ("5.5", "Fence the bay")]
    assert [(a.kind, a.approver) for a in permit.approvals.all()] == [("8", site.supervisor)]
    assert list(permit.admitting_persons.all()) == [site.admitting]


def test_create_refuses_a_period_that_ends_before_it_starts(client, site):
    response = as_user(client, site.issuer).post(url("create"), draft_data(site, planned_end="2026-11-22T09:00"))
    assert response.status_code == 400
    assert "The planned end must come after the planned start." in text(response)
    assert not Permit.objects.exists()


def test_create_is_for_issuers_only(client, site):
    assert as_user(client, site.crew[0]).get(url("create")).status_code == 403
    assert as_user(client, site.performer).post(url("create"), draft_data(site)).status_code == 403
    assert not Permit.objects.exists()


def test_work_type_change_loads_its_measures_in_the_readers_language(client, site):
    from django.utils import translation

    client = as_user(client, site.issuer)
    hot = builtin_work_type("hot")
    html = text(client.get(url("measures-formset"), {"work_type": hot.pk}, headers={"HX-Request": "true"}))
    assert 'id="measures"' in html and "Stop the unit and empty it of product" in html
    assert f'value="{hot.measures.count()}"' in html  # TOTAL_FORMS
    with translation.override("ru"):
        html = text(client.get(url("measures-formset"), {"work_type": hot.pk}))
    assert "Остановить аппарат, освободить от продукта" in html


def test_measure_rows_are_added_and_removed_keeping_what_was_typed(client, site):
    client = as_user(client, site.issuer)
    data = {"measures-TOTAL_FORMS": "2", "measures-INITIAL_FORMS": "0", "measures-0-code": "5.1",
            "measures-0-text": "First", "measures-1-code": "5.2", "measures-1-text": "Second"}
    html = text(client.post(url("measures-formset"), {**data, "op": "add"}))
    assert 'name="measures-TOTAL_FORMS" value="3"' in html and "First" in html and "Second" in html
    html = text(client.post(url("measures-formset"), {**data, "op": "remove-0"}))
    assert 'name="measures-TOTAL_FORMS" value="1"' in html and "First" not in html and "Second" in html


def test_edit_a_draft_then_no_more_once_issued(client, site):
    permit = site.draft()
    client = as_user(client, site.issuer)
    page = client.get(url("edit", permit.pk))
    assert page.status_code == 200 and "Replace the flange gasket" in text(page)
    response = client.post(url("edit", permit.pk), draft_data(site, scope_of_work="Replace two gaskets"))
    assert response.status_code == 302
    permit.refresh_from_db()
    assert permit.scope_of_work == "Replace two gaskets"
    services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    response = client.post(url("edit", permit.pk), draft_data(site, scope_of_work="Changed after issue"))
    assert response.status_code == 409 and "does not allow this action" in text(response)
    permit.refresh_from_db()
    assert permit.scope_of_work == "Replace two gaskets"


# --- the permit page -----------------------------------------------------------------------------------------------------

def test_permit_page_follows_annex_1_with_dashes_for_unfilled_items(client, site):
    permit = site.issued()
    html = text(as_user(client, site.admitting).get(url("detail", permit.pk)))
    positions = [html.index(f'id="item-{n}"') for n in range(1, 14)]
    assert positions == sorted(positions)
    item9 = html[html.index('id="item-9"'):html.index('id="item-10"')]
    assert "—" in item9  # not admitted yet: a dash (344 cl.5)
    assert "Issuerov" in html[html.index('id="item-6"'):html.index('id="item-7"')]
    assert 'data-purpose="permits.permit.item6_issued"' in html  # the issuer's signature in the history
    assert "Work permit No. 1/2026" in html and 'data-status="issued"' in html
    for code in ("kk", "ru", "en"):
        assert f"{url('pdf', permit.pk)}?language={code}" in html


def test_permit_page_shows_only_the_available_action_buttons(client, site):
    permit = site.issued()
    html = text(as_user(client, site.admitting).get(url("detail", permit.pk)))
    assert 'data-action="complete_measure"' in html
    assert 'data-action="admit"' in html  # shown: the guards decide when it is pressed
    assert 'data-action="issue"' not in html and 'data-action="approve"' not in html
    html = text(as_user(client, site.crew[0]).get(url("detail", permit.pk)))
    assert 'data-action="admit"' not in html and 'data-action="approve"' not in html
    html = text(as_user(client, site.supervisor).get(url("detail", permit.pk)))
    assert 'data-action="approve"' in html


def test_permit_page_timeline_merges_ledger_and_signatures_in_time_order(client, site, clock):
    permit = site.in_progress(crew=2)
    html = text(as_user(client, site.issuer).get(url("detail", permit.pk)))
    timeline = html[html.index('id="timeline"'):]
    assert timeline.index('data-action="permits.permit.created"') < timeline.index(
        'data-purpose="permits.permit.item6_issued"') < timeline.index('data-action="permits.permit.issue"')
    assert timeline.index('data-purpose="permits.permit.item9_admitted"') < timeline.index(
        'data-purpose="permits.permit.item11_work_started"')
    assert 'data-action="permits.crewmember.briefed"' in timeline
    assert 'data-action="permits.permitmeasure.done"' in timeline
    assert "Akhmetov" in html and "2 crew members: 2 briefed, 0 not briefed." in html


def test_344_cl07_permit_page_warns_of_overlaps_and_offers_the_joint_measures_form(client, site):
    first = site.issued()
    scaffolders = contractor_party(site, "Scaffold LLP", "Lesov")
    second = contractor_draft(site, scaffolders, devices=[site.device])
    html = text(as_user(client, scaffolders.issuer).get(url("detail", second.pk)))
    # The customer's permit is named, not linked: the contractor's issuer does not see the customer's permits.
    assert 'id="overlaps"' in html and f'data-overlap="{first.pk}"' in html
    assert f'href="{url("detail", first.pk)}"' not in html
    assert url("joint-measures", second.pk) in html


def test_permit_page_links_replaced_and_replacing_permits(client, site, clock):
    permit = site.in_progress(crew=1)
    new = services.permit_terminate(permit=permit, by=site.admitting.user, reason="emergency", note="Fire nearby",
                                    credentials=PW)
    client = as_user(client, site.issuer)
    assert 'data-link="replaced-by"' in text(client.get(url("detail", permit.pk)))
    html = text(client.get(url("detail", new.pk)))
    assert 'data-link="replaces"' in html and f'href="{url("detail", permit.pk)}"' in html


def test_permit_pdf_in_each_language_is_logged_as_print(client, site):
    permit = site.issued()
    client = as_user(client, site.issuer)
    response = client.get(url("pdf", permit.pk), {"language": "ru"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    event = AccessEvent.objects.get(kind=AccessKind.PRINT)
    assert (event.object_type, event.object_id, event.user) == ("permits.permit", str(permit.pk), site.issuer.user)


# --- the register (Annex 2) ----------------------------------------------------------------------------------------------

def test_register_lists_the_years_permits_in_number_order_with_admissions(client, site, clock):
    first = site.in_progress(crew=1)
    services.permit_pause(permit=first, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.shift(datetime.timedelta(minutes=30))
    services.permit_readmit(permit=first, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    second = site.issued(place="Tank T-3 roof", devices=[], scope_of_work="Paint the roof")
    site.draft(place="Not numbered yet", devices=[])
    client = as_user(client, site.issuer)
    html = text(client.get(url("register"), {"year": 2026}))
    rows = re.findall(r'data-number="(\d+)"', html)
    assert rows == ["1", "2"]
    row1 = html[html.index(f'data-permit="{first.pk}"'):html.index(f'data-permit="{second.pk}"')]
    assert row1.count("23.11.2026") >= 2 or "2026" in row1  # the initial admission and the re-admission
    assert "Hot work: Replace the flange gasket" in row1 and "Issuerov" in row1
    assert "Paint the roof" in html and "Not numbered yet" not in html


def test_register_downloads_are_logged(client, site):
    site.issued()
    client = as_user(client, site.issuer)
    head = f.user(Role.HEAD, site.org)
    client = as_user(client, head)
    query = {"organisation": site.org.pk, "year": 2026}
    response = client.get(url("register-xlsx"), query)
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert AccessEvent.objects.filter(kind=AccessKind.EXPORT, organisation=site.org).count() == 1
    response = client.get(url("register-pdf"), {**query, "language": "kk"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AccessEvent.objects.filter(kind=AccessKind.PRINT, organisation=site.org).count() == 1


def test_register_of_another_organisation_is_not_shown(client, site):
    site.issued()
    client = as_user(client, outsider_user())
    html = text(client.get(url("register"), {"organisation": site.org.pk, "year": 2026}))
    assert "data-number=" not in html
    assert client.get(url("register-pdf"), {"organisation": site.org.pk, "year": 2026}).status_code == 404


# --- admission certificates (Annex 3) ------------------------------------------------------------------------------------

@pytest.fixture
def firm(site):
    contractor = f.contractor(site.org, "Scaffold LLP")
    rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP, last_name="Podryadov",
                contractor=contractor)
    return contractor, rep


def certificate_data(site, contractor, rep, **changes):
    data = {
        "drawn_up_on": "2026-11-23", "division": site.division.pk, "shop_head": site.supervisor.pk,
        "contractor": contractor.pk, "contractor_rep": rep.pk, "site_bounds": "Axes A-C / 1-4",
        "work_name": "Scaffolding around P-12", "starts_on": "2026-11-23", "ends_on": "2026-12-07",
        "measures-TOTAL_FORMS": "3", "measures-INITIAL_FORMS": "0",
        "measures-0-text": "Fence off the site", "measures-0-deadline": "2026-11-23", "measures-0-executor": "Shop 2",
    }
    data.update(changes)
    return data


def test_certificate_drawn_up_signed_twice_and_in_force(client, site, firm):
    contractor, rep = firm
    client = as_user(client, site.supervisor)  # a division head draws up certificates
    assert client.get(url("certificate-create")).status_code == 200
    response = client.post(url("certificate-create"), certificate_data(site, contractor, rep))
    assert response.status_code == 302, text(response)
    certificate = AdmissionCertificate.objects.get()
    assert [m.text for m in certificate.measures.all()] == ["Fence off the site"]
    assert text(client.get(url("certificate-list"))).count(f'data-certificate="{certificate.pk}"') == 1
    html = text(client.get(url("certificate-detail", certificate.pk)))
    assert url("certificate-sign", certificate.pk) in html
    response = client.post(url("certificate-sign", certificate.pk), SIGN)
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SIGNED_BY_SHOP
    # Signed by the shop: the head of the shop cannot sign again; the representative signs now.
    assert client.get(url("certificate-sign", certificate.pk)).status_code == 409
    as_user(client, rep).post(url("certificate-sign", certificate.pk), SIGN)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE and certificate.number == 1
    html = text(client.get(url("certificate-detail", certificate.pk)))
    assert html.count('class="signature"') == 2


def test_certificate_refused_for_a_site_crossed_by_communications(client, site, firm):
    contractor, rep = firm
    response = as_user(client, site.supervisor).post(url("certificate-create"), certificate_data(
        site, contractor, rep, crossed_by_communications="on"))
    assert response.status_code == 409 and "344 cl.18" in text(response)
    assert not AdmissionCertificate.objects.exists()


def test_certificate_wrong_password_and_expiry(client, site, firm, clock):
    contractor, rep = firm
    certificate = services.certificate_create(by=site.supervisor.user, certificate=AdmissionCertificate(
        organisation=site.org, drawn_up_on=START.date(), division=site.division, shop_head=site.supervisor,
        contractor=contractor, contractor_rep=rep, site_bounds="Axes", work_name="Scaffolding",
        starts_on=START.date(), ends_on=START.date() + datetime.timedelta(days=1)), measures=[])
    client = as_user(client, site.supervisor)
    response = client.post(url("certificate-sign", certificate.pk), {"sign_method": "password",
                                                                     "sign_password": "wrong"})
    assert response.status_code == 422 and "the password is not correct" in text(response)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.DRAFT
    clock.move_to(START + datetime.timedelta(days=3))
    client = as_user(client, site.supervisor)
    html = text(client.get(url("certificate-detail", certificate.pk)))
    assert "data-expired" in html
    assert "expired" in text(client.get(url("certificate-list")))


def test_certificates_of_another_organisation_answer_404(client, site, firm):
    contractor, rep = firm
    certificate = services.certificate_create(by=site.supervisor.user, certificate=AdmissionCertificate(
        organisation=site.org, drawn_up_on=START.date(), division=site.division, shop_head=site.supervisor,
        contractor=contractor, contractor_rep=rep, site_bounds="Axes", work_name="Scaffolding",
        starts_on=START.date(), ends_on=START.date()), measures=[])
    client = as_user(client, outsider_user())
    assert client.get(url("certificate-detail", certificate.pk)).status_code == 404
    assert client.post(url("certificate-sign", certificate.pk), SIGN).status_code == 404
    assert f'data-certificate="{certificate.pk}"' not in text(client.get(url("certificate-list")))
    # A crew member may look, but not draw up.
    assert as_user(client, site.crew[0]).get(url("certificate-create")).status_code == 403


# --- emergency works (344 cl.12) ----------------------------------------------------------------------------------------

def test_emergency_recorded_threat_eliminated_then_a_permit_drawn_up(client, site):
    client = as_user(client, site.admitting)
    assert client.get(url("emergency-create")).status_code == 200
    response = client.post(url("emergency-create"), {
        "division": site.division.pk, "facility": site.facility.pk, "description": "Gas leak at P-12, valve closed",
        "plan_reference": "PLA position 4", "started_at": "2026-11-23T08:30", "leader": site.admitting.pk})
    assert response.status_code == 302, text(response)
    emergency = EmergencyWork.objects.get()
    assert emergency.status == EmergencyStatus.UNDER_WAY
    html = text(client.get(url("emergency-detail", emergency.pk)))
    assert url("emergency-threat-eliminated", emergency.pk) in html
    assert "Draw up the permit for the remaining work" not in html
    assert f'data-emergency="{emergency.pk}"' in text(client.get(url("emergency-list")))
    response = client.post(url("emergency-threat-eliminated", emergency.pk), {"at": ""})
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert emergency.status == EmergencyStatus.THREAT_ELIMINATED
    # Recorded twice: refused with the reason.
    response = client.post(url("emergency-threat-eliminated", emergency.pk), {"at": ""})
    assert response.status_code == 409 and "already recorded" in text(response)
    # The issuer draws up the permit for the remaining work with the emergency linked.
    client = as_user(client, site.issuer)
    html = text(client.get(url("emergency-detail", emergency.pk)))
    link = f'{url("create")}?emergency={emergency.pk}'
    assert link in html
    form = text(client.get(link))
    assert re.search(rf'<option value="{emergency.pk}" selected>', form)
    response = client.post(url("create"), draft_data(site, emergency=emergency.pk))
    assert response.status_code == 302
    assert Permit.objects.get().emergency == emergency


def test_emergency_pages_of_another_organisation_answer_404_and_need_the_role(client, site):
    emergency = services.emergency_start(by=site.admitting.user, emergency=EmergencyWork(
        organisation=site.org, division=site.division, description="Leak", plan_reference="PLA 1",
        started_at=START, leader=site.admitting))
    client = as_user(client, outsider_user())
    assert client.get(url("emergency-detail", emergency.pk)).status_code == 404
    assert client.post(url("emergency-threat-eliminated", emergency.pk)).status_code == 404
    client = as_user(client, site.performer)
    assert client.get(url("emergency-create")).status_code == 403
    assert client.post(url("emergency-threat-eliminated", emergency.pk), {"at": ""}).status_code == 403


def test_navigation_lists_the_permit_pages(client, site):
    html = text(as_user(client, site.issuer).get(url("list")))
    for name in ("list", "board", "tasks", "register", "certificate-list", "emergency-list"):
        assert f'href="{url(name)}"' in html
    assert 'href="/en/notices/"' in html
