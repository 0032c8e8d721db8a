"""Issue 11, "the permit page says what is next": the readiness panel names every blocker of the next step and who must
act, in the words of the guard that would refuse it; an act its guard refuses now is shown disabled with the reason;
an act refused after signing gives the form back with everything entered; a co-signer's box names the co-signer."""

import datetime
import re

import pytest

from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import CertificateMeasure, Permit

from .conftest import PW, contractor_draft, contractor_party
from .test_views_support import SIGN, as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
CONFIRM_ADMIT = {"measures_checked": "on", "performer_briefed": "on", "copy_handed_over": "on"}


def panel(html: str) -> str:
    start = html.index('id="readiness"')
    return html[start:html.index("</section>", start)]


def blockers(html: str) -> list[str]:
    """Each blocker of the panel as plain text."""
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li data-blocker>(.*?)</li>", panel(html),
                                                                           re.S)]


def blocker(html: str, words: str) -> str:
    found = [b for b in blockers(html) if words in b]
    assert found, blockers(html)
    return found[0]


def page(client, person, permit) -> str:
    return text(as_user(client, person).get(url("detail", permit.pk)))


def test_issue11_the_panel_names_each_blocker_of_admission_and_who_must_act(client, site):
    """Items 7, 8, 5.4: before admission the panel lists the measures (the admitting person organises them, 344
    cl.21), the approval (its approver) and the air sample (item 5.4), each in its guard's words."""
    permit = site.issued()
    html = page(client, site.admitting, permit)
    assert 'data-next="admit"' in panel(html)
    approval = blocker(html, "Approvals missing (items 8, 8.1)")
    assert site.supervisor.full_name in approval and "approver named in the permit" in approval
    measures = blocker(html, "Measures not yet carried out and signed (item 7)")
    assert site.admitting.full_name in measures and "admitting person" in measures
    air = blocker(html, "no air sample has been recorded (item 5.4)")
    assert site.admitting.full_name in air


def test_issue11_admit_is_shown_disabled_with_the_reason_before_the_approval_and_enabled_after(client, site):
    permit = site.issued()
    site.sample(permit, value="1.0")
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    html = page(client, site.admitting, permit)
    disabled = html[html.index('data-blocked="admit"'):]
    disabled = disabled[:disabled.index("</span>")]
    assert "disabled" in disabled and "Approvals missing (items 8, 8.1)" in disabled
    assert site.supervisor.full_name in disabled
    assert f'href="{url("admit", permit.pk)}"' not in html  # no active link that leads to a refusal
    assert blockers(html) == [blocker(html, "Approvals missing")]  # the one thing left
    # The act's own page: the reason, and no button to sign with.
    act_page = text(client.get(url("admit", permit.pk)))
    assert "data-blocked" in act_page and "Approvals missing (items 8, 8.1)" in act_page
    assert re.search(r'data-submit="admit"[^>]*disabled', act_page)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    html = page(client, site.admitting, permit)
    assert 'data-blocked="admit"' not in html and f'href="{url("admit", permit.pk)}"' in html
    assert "data-ready" in panel(html)
    act_page = text(client.get(url("admit", permit.pk)))
    assert "data-blocked" not in act_page and not re.search(r'data-submit="admit"[^>]*disabled', act_page)
    assert client.post(url("admit", permit.pk), {**CONFIRM_ADMIT, **SIGN}).status_code == 302
    assert Permit.objects.get(pk=permit.pk).status == Status.ADMITTED


def test_issue11_the_panel_names_the_crew_briefing_and_the_workplace(client, site):
    """Items 10, 11: admitted, the start waits for the performer's acceptance of the workplace and the crew's briefing
    (the admitting person briefs, each member signs)."""
    permit = site.admitted()
    html = page(client, site.performer, permit)
    assert 'data-next="start_work"' in panel(html)
    workplace = blocker(html, "has not yet accepted the workplace (item 10)")
    assert site.performer.full_name in workplace
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    empty = blocker(page(client, site.performer, permit), "The crew is empty (item 11)")
    assert site.performer.full_name in empty
    services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    html = page(client, site.performer, permit)
    briefing = blocker(html, "Not yet briefed (item 11)")
    assert site.admitting.full_name in briefing and site.crew[0].full_name in briefing
    # The start is shown disabled with the same words.
    disabled = html[html.index('data-blocked="start_work"'):]
    assert "Not yet briefed (item 11)" in disabled[:disabled.index("</span>")]


def test_issue11_the_panel_names_the_admission_certificate_of_a_contractor_permit(client, site):
    """Annex 3, 344 cl.17: a contractor's permit waits for the measures of its certificate due before the start of
    work; the panel names the parties to the certificate."""
    party = contractor_party(site, "Scaffold LLP", "Lesnik")
    CertificateMeasure.objects.filter(certificate=party.certificate).update(before_start=True)
    permit = contractor_draft(site, party)
    services.permit_issue(permit=permit, by=party.issuer.user, credentials=PW)
    html = page(client, site.admitting, permit)
    certificate = blocker(html, "Measures of the admission certificate due before the start of work")
    assert site.supervisor.full_name in certificate and party.issuer.full_name in certificate


def test_issue11_the_extension_window_is_named_with_when_it_opens(client, site):
    """344 cl.6: in progress for its shift, the permit's next step is the extension, from the time its window opens."""
    permit = site.in_progress()
    html = page(client, site.admitting, permit)
    assert 'data-next="extend"' in panel(html)
    window = blocker(html, "it is extended for the next shift at most")
    assert site.admitting.full_name in window


def test_issue11_an_act_refused_after_signing_gives_the_form_back_with_the_input_kept(client, site, clock):
    """Refused after the signature form was submitted (here the air sample went stale while the form was open): the
    form again with the reason, the ticks kept, the password not."""
    permit = site.prepared()
    client = as_user(client, site.admitting)
    assert "data-blocked" not in text(client.get(url("admit", permit.pk)))
    clock.shift(datetime.timedelta(hours=3))  # beyond the work type's sample validity
    client = as_user(client, site.admitting)  # a new session: the first one has expired meanwhile
    response = client.post(url("admit", permit.pk), {**CONFIRM_ADMIT, **SIGN})
    assert response.status_code == 409
    html = text(response)
    assert "data-refusal" in html and "Nothing was signed" in html and "(item 5.4)" in html
    assert 'id="action-form"' in html  # the form, not a dead end
    for name in CONFIRM_ADMIT:
        assert re.search(rf'<input[^>]*name="{name}"[^>]*checked', html), name
    assert PW["password"] not in html
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED


def test_issue11_a_state_changed_meanwhile_keeps_the_typed_text(client, site):
    """The permit was admitted while the issuer typed his reason for cancelling it: the form again with the text and
    the reason, and no button to press."""
    permit = site.issued()
    client = as_user(client, site.issuer)
    assert client.get(url("cancel", permit.pk)).status_code == 200
    for measure in permit.measures.all():
        if measure.code == "5.4":
            site.sample(permit, value="1.0")
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                          performer_briefed=True, copy_handed_over=True)
    response = client.post(url("cancel", permit.pk), {"reason": "Pump replaced instead", **SIGN})
    assert response.status_code == 409
    html = text(response)
    assert "does not allow this action" in html and "Pump replaced instead" in html
    assert re.search(r'data-submit="cancel"[^>]*disabled', html)


def test_issue11_a_cosigners_box_names_the_cosigner(client, site):
    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    member = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    html = text(as_user(client, site.admitting).get(url("crew-brief", permit.pk, member.pk)))
    cosigner = html[html.index('id="cosign-block-'):]
    assert f"Password of {site.crew[0].short_name}" in cosigner and "Your password" not in cosigner
    assert f"Signing PIN of {site.crew[0].short_name}" in cosigner
    assert "Your password" in html[:html.index('id="cosign-block-')]


def test_issue11_measure_5_4_is_not_offered_for_signing_before_a_passing_sample(client, site):
    """Item 5.4: the measure "take a sample" is signed once a passing sample is there: before, its button is disabled
    with the words of its service's refusal."""
    permit = site.issued()
    measure = permit.measures.get(code="5.4")
    html = page(client, site.admitting, permit)
    row = html[html.index(f'data-measure="{measure.pk}"'):]
    row = row[:row.index("</tr>")]
    assert 'data-blocked="complete_measure"' in row and "once a passing air sample is recorded" in row
    assert url("measure-complete", permit.pk, measure.pk) not in row
    site.sample(permit, value="1.0")
    row = page(client, site.admitting, permit)
    row = row[row.index(f'data-measure="{measure.pk}"'):]
    assert url("measure-complete", permit.pk, measure.pk) in row[:row.index("</tr>")]
