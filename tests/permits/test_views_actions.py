"""The action pages of a permit: each one calls its one service. Happy path, a refusal (409 with the reason), a wrong
password (the form shows it and nothing changes), a user without the role (403), and the attachments."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from qauipsiz.ledger.models import LedgerEntry, Signature
from qauipsiz.permits import services
from qauipsiz.permits.choices import PauseKind, Status
from qauipsiz.permits.models import Attachment, CrewMember, Permit

from .conftest import PW, START, contractor_draft, contractor_party
from .test_views_support import COSIGN, SIGN, WRONG, WRONG_COSIGN, as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
ALMATY = START.tzinfo
CONFIRM_ADMIT = {"measures_checked": "on", "performer_briefed": "on", "copy_handed_over": "on"}


def status_of(permit) -> str:
    return Permit.objects.get(pk=permit.pk).status


def signatures() -> int:
    return Signature.objects.count()


def assert_refused(response, reason: str):
    assert response.status_code == 409, response.status_code
    html = text(response)
    assert "The action was refused" in html and reason in html, html[:3000]


def assert_wrong_password(response, *, cosigner=False):
    assert response.status_code == 422
    html = text(response)
    assert "the password is not correct" in html
    if cosigner:
        # In the co-signer's block, not the signer's; the error summary at the top (issue 11) links to his field.
        summary = re.search(r"<section class=\"errors error-summary\".*?</section>", html, re.S).group(0)
        assert '<a href="#id_cosigner-sign_password">' in summary and "the password is not correct" in summary
        html = html.replace(summary, "")
        assert "the password is not correct" in html[html.index('id="cosign-block-cosigner"'):]
        assert "the password is not correct" not in html[:html.index('id="cosign-block-cosigner"')]


# --- issue, cancel --------------------------------------------------------------------------------------------------------

def test_issue(client, site):
    permit = site.draft()
    client = as_user(client, site.issuer)
    page = client.get(url("issue", permit.pk))
    assert page.status_code == 200 and "data-signing" in text(page) and 'data-content="' in text(page)
    before = signatures()
    assert_wrong_password(client.post(url("issue", permit.pk), WRONG))
    assert status_of(permit) == Status.DRAFT and signatures() == before
    response = client.post(url("issue", permit.pk), SIGN)
    assert response.status_code == 302 and response["Location"] == url("detail", permit.pk)
    permit.refresh_from_db()
    assert (permit.status, permit.number) == (Status.ISSUED, 1)
    # Issued: issuing again is refused with the reason.
    assert_refused(client.post(url("issue", permit.pk), SIGN), "does not allow this action")


def test_issue_refused_by_a_guard_shows_the_clause(client, site):
    permit = site.draft(earthwork=True)
    response = as_user(client, site.issuer).post(url("issue", permit.pk), SIGN)
    assert_refused(response, "344 cl.8")
    assert status_of(permit) == Status.DRAFT


def test_issue_is_forbidden_to_a_user_without_the_role(client, site):
    permit = site.draft()
    client = as_user(client, site.crew[0])
    assert client.get(url("issue", permit.pk)).status_code == 403
    assert client.post(url("issue", permit.pk), SIGN).status_code == 403
    assert as_user(client, site.admitting).post(url("issue", permit.pk), SIGN).status_code == 403
    assert status_of(permit) == Status.DRAFT


def test_cancel_a_draft_without_signature_and_an_issued_permit_with_one(client, site):
    draft = site.draft()
    client = as_user(client, site.issuer)
    assert "data-signing" not in text(client.get(url("cancel", draft.pk)))
    assert client.post(url("cancel", draft.pk), {"reason": ""}).status_code == 400
    assert client.post(url("cancel", draft.pk), {"reason": "Not needed"}).status_code == 302
    assert status_of(draft) == Status.CANCELLED
    issued = site.issued(place="Tank T-3", devices=[])
    assert_wrong_password(client.post(url("cancel", issued.pk), {"reason": "Not needed", **WRONG}))
    assert status_of(issued) == Status.ISSUED
    assert client.post(url("cancel", issued.pk), {"reason": "Not needed", **SIGN}).status_code == 302
    assert status_of(issued) == Status.CANCELLED
    assert_refused(client.post(url("cancel", issued.pk), {"reason": "Again", **SIGN}), "does not allow this action")


# --- measures, approvals, air ----------------------------------------------------------------------------------------------

def test_complete_a_measure(client, site):
    permit = site.issued()
    measure = permit.measures.first()
    client = as_user(client, site.admitting)
    page = text(client.get(url("measure-complete", permit.pk, measure.pk)))
    assert measure.text in page
    assert_wrong_password(client.post(url("measure-complete", permit.pk, measure.pk), WRONG))
    measure.refresh_from_db()
    assert measure.done_at is None
    assert client.post(url("measure-complete", permit.pk, measure.pk), SIGN).status_code == 302
    measure.refresh_from_db()
    assert measure.done_by == site.admitting
    assert_refused(client.post(url("measure-complete", permit.pk, measure.pk), SIGN), "already signed")
    assert client.get(url("measure-complete", permit.pk, 999999)).status_code == 404


def test_approve(client, site):
    permit = site.draft()
    client = as_user(client, site.supervisor)
    assert_refused(client.post(url("approve", permit.pk), SIGN), "does not allow this action")  # not issued yet
    services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert_wrong_password(client.post(url("approve", permit.pk), WRONG))
    assert client.post(url("approve", permit.pk), SIGN).status_code == 302
    assert permit.approvals.get().approved_at is not None
    # Approved: nothing left for him to approve, which is the permit's state (409), not his person (403).
    assert_refused(client.post(url("approve", permit.pk), SIGN), "already approved")
    assert as_user(client, site.performer).post(url("approve", permit.pk), SIGN).status_code == 403


def test_record_air_samples(client, site, clock):
    permit = site.issued()
    client = as_user(client, site.admitting)
    data = {"place": "P-12 bay", "taken_at": "2026-11-23T08:55", "substance": "H2S", "value": "7.5", "limit": "5",
            "unit": "mg/m³", "gas_group": "II", "measured_by": site.admitting.pk}
    assert client.post(url("air-sample", permit.pk), data).status_code == 302
    html = text(client.get(url("detail", permit.pk)))
    assert 'id="air-problems"' in html and "outside the limit" in html
    future = {**data, "taken_at": "2026-11-23T12:00", "value": "1"}
    response = client.post(url("air-sample", permit.pk), future)
    assert response.status_code == 422 and "future" in text(response)
    # Taken after issue (item 5.4: a sample taken before it does not admit).
    assert client.post(url("air-sample", permit.pk), {**data, "value": "1.0",
                                                      "taken_at": "2026-11-23T09:00"}).status_code == 302
    assert 'id="air-problems"' not in text(client.get(url("detail", permit.pk)))
    assert permit.air_samples.count() == 2
    draft = site.draft(place="Elsewhere", devices=[])
    assert_refused(client.post(url("air-sample", draft.pk), data), "does not allow this action")


def test_344_cl07_agree_and_sign_joint_measures(client, site):
    """344 cl.7 through the pages: the contractor's issuer proposes and signs, the customer's issuer signs, and only
    then are the measures in both permits."""
    first = site.issued()
    scaffolders = contractor_party(site, "Scaffold LLP", "Lesov")
    second = contractor_draft(site, scaffolders, devices=[site.device])
    contractor = as_user(client, scaffolders.issuer)
    response = contractor.post(url("joint-measures", second.pk), {"others": [first.pk], "measures": "One watchman",
                                                                  **SIGN})
    assert response.status_code == 302
    agreement = second.overlap_agreements.get()
    assert not first.measures.filter(joint__isnull=False).exists()
    assert contractor.post(url("joint-measures", second.pk), {"others": [], "measures": "", **SIGN}).status_code == 400
    customer = as_user(client, site.issuer)
    response = customer.post(url("joint-measures-sign", first.pk, agreement.pk), SIGN)
    assert response.status_code == 302
    assert first.measures.filter(joint=agreement).exists() and second.measures.filter(joint=agreement).exists()
    html = text(customer.get(url("detail", second.pk)))
    assert "data-overlap=" not in html and f'data-agreement="{agreement.pk}"' in html


# --- admission, workplace, crew, start -------------------------------------------------------------------------------------

def test_admit(client, site):
    permit = site.issued()
    client = as_user(client, site.admitting)
    assert_refused(client.post(url("admit", permit.pk), {**CONFIRM_ADMIT, **SIGN}), "Measures not yet carried out")
    site.sample(permit, value="1.0")  # before measure 5.4 is signed (item 5.4)
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    response = client.post(url("admit", permit.pk), {"measures_checked": "on", **SIGN})
    assert response.status_code == 400 and status_of(permit) == Status.ISSUED
    assert_wrong_password(client.post(url("admit", permit.pk), {**CONFIRM_ADMIT, **WRONG}))
    assert status_of(permit) == Status.ISSUED
    assert client.post(url("admit", permit.pk), {**CONFIRM_ADMIT, **SIGN}).status_code == 302
    assert status_of(permit) == Status.ADMITTED
    assert as_user(client, site.performer).post(url("admit", permit.pk), {**CONFIRM_ADMIT, **SIGN}).status_code == 403


def test_accept_the_workplace(client, site):
    permit = site.admitted()
    client = as_user(client, site.performer)
    assert_wrong_password(client.post(url("accept", permit.pk), WRONG))
    assert client.post(url("accept", permit.pk), SIGN).status_code == 302
    assert Permit.objects.get(pk=permit.pk).accepted_at is not None
    assert_refused(client.post(url("accept", permit.pk), SIGN), "already been accepted")


def test_add_brief_and_remove_crew_members(client, site):
    permit = site.admitted()
    client = as_user(client, site.performer)
    assert client.post(url("crew-add", permit.pk), {"person": site.crew[0].pk}).status_code == 302
    member = CrewMember.objects.get(permit=permit)
    # Already in the crew: no longer offered.
    assert client.post(url("crew-add", permit.pk), {"person": site.crew[0].pk}).status_code == 400
    client = as_user(client, site.admitting)
    page = text(client.get(url("crew-brief", permit.pk, member.pk)))
    assert 'id="cosign-block-cosigner"' in page and "Akhmetov" in page[page.index('id="cosign-block-cosigner"'):]
    assert 'name="cosigner-sign_password"' in page
    # The crew member's wrong password is shown in his block, and nothing is signed.
    before = signatures()
    assert_wrong_password(client.post(url("crew-brief", permit.pk, member.pk), {**SIGN, **WRONG_COSIGN}),
                          cosigner=True)
    assert signatures() == before
    member.refresh_from_db()
    assert member.briefed_at is None
    # The admitting person's wrong password is shown in his own block.
    response = client.post(url("crew-brief", permit.pk, member.pk), {**WRONG, **COSIGN})
    assert response.status_code == 422
    assert "the password is not correct" in text(response)[:text(response).index('id="cosign-block-cosigner"')]
    assert client.post(url("crew-brief", permit.pk, member.pk), {**SIGN, **COSIGN}).status_code == 302
    member.refresh_from_db()
    assert member.briefed_by == site.admitting
    assert Signature.objects.filter(signer_person=site.crew[0]).count() == 1
    assert_refused(client.post(url("crew-brief", permit.pk, member.pk), {**SIGN, **COSIGN}), "already been briefed")
    assert client.post(url("crew-remove", permit.pk, member.pk)).status_code == 302
    member.refresh_from_db()
    assert member.removed_at is not None
    assert_refused(client.post(url("crew-remove", permit.pk, member.pk)), "already left the crew")
    assert as_user(client, site.crew[1]).post(url("crew-add", permit.pk), {"person": site.crew[2].pk}).status_code \
        == 403


def test_crew_cannot_be_added_before_admission(client, site):
    permit = site.issued()
    response = as_user(client, site.performer).post(url("crew-add", permit.pk), {"person": site.crew[0].pk})
    assert_refused(response, "does not allow this action")


def test_start_work(client, site):
    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    client = as_user(client, site.performer)
    assert_refused(client.post(url("start", permit.pk), SIGN), "The crew is empty")
    member = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    assert_refused(client.post(url("start", permit.pk), SIGN), "Not yet briefed")
    services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    assert "crew of 1 persons" in text(client.get(url("start", permit.pk)))
    assert_wrong_password(client.post(url("start", permit.pk), WRONG))
    assert client.post(url("start", permit.pk), SIGN).status_code == 302
    assert status_of(permit) == Status.IN_PROGRESS


# --- breaks, shifts, extensions ---------------------------------------------------------------------------------------------

def test_pause_and_readmit_are_cosigned_by_the_performer(client, site, clock):
    permit = site.in_progress(crew=1)
    client = as_user(client, site.admitting)
    page = text(client.get(url("pause", permit.pk)))
    assert "Proizvoditelev" in page[page.index('id="cosign-block-cosigner"'):]
    assert_wrong_password(client.post(url("pause", permit.pk), {**SIGN, **WRONG_COSIGN}), cosigner=True)
    assert status_of(permit) == Status.IN_PROGRESS
    response = client.post(url("pause", permit.pk), SIGN)  # the performer did not sign
    assert response.status_code == 400 and status_of(permit) == Status.IN_PROGRESS
    assert client.post(url("pause", permit.pk), {**SIGN, **COSIGN}).status_code == 302
    assert status_of(permit) == Status.PAUSED
    assert_refused(client.post(url("pause", permit.pk), {**SIGN, **COSIGN}), "does not allow this action")
    clock.shift(datetime.timedelta(minutes=40))
    assert_wrong_password(client.post(url("readmit", permit.pk), {**WRONG, **COSIGN}))
    assert client.post(url("readmit", permit.pk), {**SIGN, **COSIGN}).status_code == 302
    assert status_of(permit) == Status.IN_PROGRESS
    assert_refused(client.post(url("readmit", permit.pk), {**SIGN, **COSIGN}), "does not allow this action")


def test_readmit_refused_after_the_shift_is_over(client, site, clock):
    permit = site.in_progress(crew=1)
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(datetime.datetime(2026, 11, 23, 21, 0, tzinfo=ALMATY))
    response = as_user(client, site.admitting).post(url("readmit", permit.pk), {**SIGN, **COSIGN})
    assert_refused(response, "extend it for this shift")


def test_hand_over_the_shift_and_extend_for_the_next(client, site, clock):
    permit = site.in_progress(crew=3)
    client = as_user(client, site.admitting)
    assert_refused(client.post(url("extend", permit.pk), {"shift_performer": site.performer.pk, "crew_count": 3,
                                                          "measures_checked": "on",
                                                          **SIGN, **COSIGN}),
                   "extended for the next shift at most 60 minutes before that shift, from 23.11.2026 19:00")
    clock.move_to(datetime.datetime(2026, 11, 23, 19, 30, tzinfo=ALMATY))
    performer = as_user(client, site.performer)
    assert_wrong_password(performer.post(url("hand-over", permit.pk), WRONG))
    assert performer.post(url("hand-over", permit.pk), SIGN).status_code == 302
    permit.refresh_from_db()
    assert (permit.status, permit.pause_kind) == (Status.PAUSED, PauseKind.SHIFT_HANDOVER)
    client = as_user(client, site.admitting)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    page = text(client.get(url("extend", permit.pk)))
    assert "20:00" in page and "08:00" in page  # the night shift
    # The co-signer block follows the performer chosen for the incoming shift.
    swapped = text(client.get(url("extend", permit.pk), {"shift_performer": site.manager.pk},
                              headers={"HX-Request": "true"}))
    assert "Rukovoditelev" in swapped[swapped.index('id="cosign-block-cosigner"'):]
    data = {"shift_performer": site.performer.pk, "crew_count": 3, "measures_checked": "on"}
    response = client.post(url("extend", permit.pk), {**data, "crew_count": 7, **SIGN, **COSIGN})
    assert response.status_code == 422 and "between 1 and the 3" in text(response)
    assert_wrong_password(client.post(url("extend", permit.pk), {**data, **SIGN, **WRONG_COSIGN}), cosigner=True)
    assert not permit.extensions.exists()
    assert client.post(url("extend", permit.pk), {**data, **SIGN, **COSIGN}).status_code == 302
    permit.refresh_from_db()
    assert permit.status == Status.IN_PROGRESS and permit.valid_until.astimezone(ALMATY).hour == 8
    assert permit.extensions.get().crew_count == 3
    single = site.in_progress(crew=1, validity="single_shift", place="Other place", devices=[])
    assert_refused(as_user(client, site.performer).post(url("hand-over", single.pk), SIGN),
                   "not handed over to another shift")


# --- suspension, termination, loss ----------------------------------------------------------------------------------------

def test_suspend_and_resume(client, site, clock):
    permit = site.in_progress(crew=1)
    client = as_user(client, site.admitting)
    assert client.post(url("suspend", permit.pk), {"reason": "", **SIGN, **COSIGN}).status_code == 400
    assert_wrong_password(client.post(url("suspend", permit.pk), {"reason": "Gas alarm", **SIGN, **WRONG_COSIGN}),
                          cosigner=True)
    assert status_of(permit) == Status.IN_PROGRESS
    assert client.post(url("suspend", permit.pk), {"reason": "Gas alarm", **SIGN, **COSIGN}).status_code == 302
    assert status_of(permit) == Status.SUSPENDED
    measures = list(permit.measures.values_list("pk", flat=True))
    page = text(client.get(url("resume", permit.pk)))
    assert all(f'value="{pk}"' in page for pk in measures)
    response = client.post(url("resume", permit.pk), {"measures_rechecked": measures[:1], **SIGN, **COSIGN})
    assert response.status_code == 422 and "344 cl.27" in text(response)
    assert status_of(permit) == Status.SUSPENDED
    assert client.post(url("resume", permit.pk), {"measures_rechecked": measures, **SIGN, **COSIGN}).status_code == 302
    assert status_of(permit) == Status.IN_PROGRESS
    assert_refused(client.post(url("resume", permit.pk), {"measures_rechecked": measures, **SIGN, **COSIGN}),
                   "does not allow this action")


def test_terminate_draws_up_a_new_permit(client, site, clock):
    permit = site.in_progress(crew=1)
    client = as_user(client, site.admitting)
    page = client.get(url("terminate", permit.pk), {"reason": "discrepancy"})
    assert '&quot;reason&quot;:&quot;discrepancy&quot;' in text(page) or "discrepancy" in text(page)
    assert_wrong_password(client.post(url("terminate", permit.pk), {"reason": "emergency", **WRONG}))
    assert status_of(permit) == Status.IN_PROGRESS
    response = client.post(url("terminate", permit.pk), {"reason": "emergency", "note": "Fire nearby", **SIGN})
    assert response.status_code == 302
    new = Permit.objects.get(replaces=permit)
    assert response["Location"] == url("detail", new.pk)
    assert status_of(permit) == Status.TERMINATED and new.status == Status.DRAFT
    assert_refused(client.post(url("terminate", permit.pk), {"reason": "emergency", **SIGN}),
                   "does not allow this action")
    assert as_user(client, site.performer).post(url("terminate", new.pk), {"reason": "emergency", **SIGN}) \
        .status_code == 403


def test_report_the_permit_lost(client, site, clock):
    permit = site.in_progress(crew=1)
    client = as_user(client, site.admitting)
    assert_wrong_password(client.post(url("report-lost", permit.pk), {"note": "Blown away", **WRONG}))
    response = client.post(url("report-lost", permit.pk), {"note": "Blown away", **SIGN})
    assert response.status_code == 302
    assert status_of(permit) == Status.VOID and Permit.objects.filter(replaces=permit).exists()
    assert_refused(client.post(url("report-lost", permit.pk), {"note": "Again", **SIGN}), "does not allow this action")


# --- completion and closure -----------------------------------------------------------------------------------------------

def test_hand_back_and_close(client, site, clock):
    permit = site.in_progress(crew=1)
    clock.shift(datetime.timedelta(hours=2))
    client = as_user(client, site.performer)
    assert_refused(as_user(client, site.admitting).post(url("close", permit.pk), SIGN), "does not allow this action")
    client = as_user(client, site.performer)
    assert client.post(url("hand-back", permit.pk), {"workplace_cleared": "on", **SIGN}).status_code == 400
    assert_wrong_password(client.post(url("hand-back", permit.pk), {"workplace_cleared": "on",
                                                                    "people_withdrawn": "on", **WRONG}))
    response = client.post(url("hand-back", permit.pk), {"workplace_cleared": "on", "people_withdrawn": "on",
                                                         "completed_at": "2026-11-23T10:45", **SIGN})
    assert response.status_code == 302
    permit.refresh_from_db()
    assert permit.status == Status.COMPLETED and permit.completed_at.astimezone(ALMATY).hour == 10
    client = as_user(client, site.admitting)
    assert "admitting_absent" not in text(client.get(url("close", permit.pk)))
    assert_wrong_password(client.post(url("close", permit.pk), WRONG))
    assert client.post(url("close", permit.pk), SIGN).status_code == 302
    assert status_of(permit) == Status.CLOSED


def test_the_issuer_closes_only_confirming_the_admitting_persons_absence(client, site, clock):
    permit = site.in_progress(crew=1)
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    client = as_user(client, site.issuer)
    assert 'name="admitting_absent"' in text(client.get(url("close", permit.pk)))
    response = client.post(url("close", permit.pk), SIGN)
    assert response.status_code == 422 and "344 cl.11" in text(response)
    assert status_of(permit) == Status.COMPLETED
    assert client.post(url("close", permit.pk), {"admitting_absent": "on", **SIGN}).status_code == 302
    assert status_of(permit) == Status.CLOSED


def test_changes_are_post_only_and_csrf_protected(site):
    from django.test import Client

    permit = site.draft()
    client = as_user(Client(enforce_csrf_checks=True), site.issuer)
    assert client.post(url("issue", permit.pk), SIGN).status_code == 403
    assert status_of(permit) == Status.DRAFT


# --- attachments -------------------------------------------------------------------------------------------------------------

def upload(name="plan.pdf", content=b"%PDF-1.4 plan of the area", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_attach_and_download_a_file(client, site, tmp_path):
    permit = site.draft(earthwork=True)
    client = as_user(client, site.issuer)
    with override_settings(MEDIA_ROOT=tmp_path):
        response = client.post(url("attachment-add", permit.pk), {
            "kind": "agreement", "title": "Agreement with the gas service", "file": upload()})
        assert response.status_code == 302
        attachment = Attachment.objects.get()
        assert attachment.sha256 == __import__("hashlib").sha256(b"%PDF-1.4 plan of the area").hexdigest()
        assert (attachment.filename, attachment.size, attachment.added_by) == ("plan.pdf", 25, site.issuer.user)
        entry = LedgerEntry.objects.get(action="permits.attachment.added")
        assert entry.object_id == str(attachment.pk) and attachment.sha256 in entry.content
        # The agreement lifts the cl.8 guard: the permit can be issued.
        assert client.post(url("issue", permit.pk), SIGN).status_code == 302
        download = client.get(url("attachment", permit.pk, attachment.pk))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"%PDF-1.4 plan of the area"
        assert download["Content-Type"] == "application/pdf"
        assert 'filename="plan.pdf"' in download["Content-Disposition"]
        # The same content attached again is stored once.
        client.post(url("attachment-add", permit.pk), {"kind": "plan", "title": "Copy", "file": upload("copy.pdf")})
        first, second = Attachment.objects.order_by("pk")
        assert first.file.name == second.file.name
        html = text(client.get(url("detail", permit.pk)))
        assert "Agreement with the gas service" in html and url("attachment", permit.pk, attachment.pk) in html


def test_attachment_refusals(client, site, tmp_path):
    permit = site.draft()
    with override_settings(MEDIA_ROOT=tmp_path, ATTACHMENT_MAX_BYTES=10):
        client = as_user(client, site.issuer)
        response = client.post(url("attachment-add", permit.pk), {"kind": "plan", "title": "Big", "file": upload()})
        assert response.status_code == 422 and "at most 10" in text(response)
        assert not Attachment.objects.exists() and not LedgerEntry.objects.filter(
            action="permits.attachment.added").exists()
        # Neither the issuer nor an admitting person: 403.
        assert as_user(client, site.performer).post(url("attachment-add", permit.pk), {
            "kind": "plan", "title": "x", "file": upload(content=b"123")}).status_code == 403
    with override_settings(MEDIA_ROOT=tmp_path):
        client = as_user(client, site.issuer)
        client.post(url("attachment-add", permit.pk), {"kind": "plan", "title": "Plan", "file": upload()})
        attachment = Attachment.objects.get()
        site_permit = Permit.objects.get(pk=permit.pk)
        # Once admitted, nothing more is attached (344 cl.5).
        site_permit.status = Status.ADMITTED
        site_permit.save(update_fields=["status"])
        assert_refused(client.post(url("attachment-add", permit.pk), {"kind": "plan", "title": "Late",
                                                                      "file": upload(content=b"late")}),
                       "can no longer be added to")
        from .test_views_support import outsider_user

        outsider = as_user(client, outsider_user())
        assert outsider.get(url("attachment", permit.pk, attachment.pk)).status_code == 404
        other = site.draft(place="Elsewhere", devices=[])
        assert as_user(client, site.issuer).get(url("attachment", other.pk, attachment.pk)).status_code == 404


def test_air_sample_value_is_recorded_exactly(client, site):
    permit = site.issued()
    as_user(client, site.admitting).post(url("air-sample", permit.pk), {
        "place": "P-12 bay", "taken_at": "2026-11-23T08:55", "substance": "CH4", "value": "0.1234", "limit": "5",
        "unit": "% LEL", "gas_group": "II", "measured_by": site.admitting.pk})
    sample = permit.air_samples.get()
    assert (sample.value, sample.unit, sample.passed) == (Decimal("0.1234"), "% LEL", True)
