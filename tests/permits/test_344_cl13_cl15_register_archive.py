"""344 cl.13: the register (Annex 2) is the laced and numbered book of every permit issued, and keeps the line of a
permit that retention purged after its year (cl.14-15); cl.15 ¶2: permits of work during which an accident or injury
happened stay in the archive with the investigation materials, never purged."""

import dataclasses
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.ledger import retention
from qauipsiz.ledger.models import Hold, LedgerEntry
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import selectors, services
from qauipsiz.permits.choices import TerminationReason
from qauipsiz.permits.documents import register_pdf, register_xlsx
from qauipsiz.permits.models import Permit, RegisterLine
from tests import factories as f
from tests.documents.pdftext import pdf_text

from .conftest import PW, START
from .test_views_support import as_user, text, url

YEAR = 2026


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def head(site):
    return f.user(Role.HEAD, site.org)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def closed_with_readmission(site, clock) -> Permit:
    permit = site.in_progress(crew=1)
    clock.move_to(at(23, 13))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 14))
    site.sample(permit, value="0.5")  # a fresh air sample for the re-admission (item 5.4)
    services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 17))
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    return services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)


def purged_book(site, clock, head):
    """Permit 1 closed and purged a year later; permit 2 still kept. Returns the rows before the purge, the purged
    permit and the kept one."""
    purged = closed_with_readmission(site, clock)
    kept = site.issued(place="Tank T-3 roof", devices=[], scope_of_work="Paint the roof")
    before = selectors.register_rows(organisation=site.org, year=YEAR)
    clock.shift(datetime.timedelta(days=370))
    retention.purge(by=head, obj=purged)
    assert not Permit.objects.filter(pk=purged.pk).exists()
    return before, purged, kept


def test_344_cl13_purged_permit_keeps_every_column_of_its_register_line(site, clock, head):
    """cl.13: the register never loses a line: number, initial admission, re-admission, issuer, nature of the work."""
    before, purged, kept = purged_book(site, clock, head)
    after = selectors.register_rows(organisation=site.org, year=YEAR)
    assert [row.number for row in after] == [1, 2]
    assert after[0] == dataclasses.replace(before[0], purged=True)
    assert after[1] == before[1] and not after[1].purged
    row = after[0]
    assert row.display_number == "1/2026" and row.issuer.startswith("Issuerov")
    assert row.initial == ["23.11.2026 09:00 – 23.11.2026 13:00"]
    assert row.readmissions == ["23.11.2026 14:00 – 23.11.2026 17:00"]
    assert row.nature == "Hot work: Replace the flange gasket (Unit AVT-6, pump P-12 bay)"
    line = RegisterLine.objects.get(permit_id=purged.pk)
    assert (line.organisation_id, line.contractor_id, line.division_id) == (site.org.pk, None, site.division.pk)
    with translation.override("ru"):  # kept in each language of the work type, printed in the reader's
        assert selectors.register_rows(organisation=site.org, year=YEAR)[0].nature.startswith("Огневые работы")


def test_344_cl13_kept_line_is_ledgered_and_tamper_evident(site, clock, head):
    """cl.13-14: the kept line is protected against unauthorised change like the permit it replaces."""
    _before, purged, _kept = purged_book(site, clock, head)
    line = RegisterLine.objects.get(permit_id=purged.pk)
    assert LedgerEntry.objects.filter(object_type="permits.registerline", object_id=str(line.pk),
                                      action="permits.registerline.kept", actor_user=head).exists()
    assert verify_organisation(site.org.pk) == []
    RegisterLine.objects.filter(pk=line.pk).update(scope_of_work="Something nobody registered")
    problems = verify_organisation(site.org.pk)
    assert [(p.object_type, p.object_id) for p in problems] == [("permits.registerline", str(line.pk))]


def test_344_cl13_kept_line_is_never_purged_while_the_book_is_kept(site, clock, head):
    """cl.13 sets no end to the book: a kept line has no retention rule."""
    _before, purged, _kept = purged_book(site, clock, head)
    line = RegisterLine.objects.get(permit_id=purged.pk)
    far = line.kept_at + datetime.timedelta(days=365 * 50)
    assert retention.purge_blockers(line, now=far) == ["Records of this type are never purged."]
    with pytest.raises(retention.PurgeRefused):
        retention.purge(by=head, obj=line)
    assert RegisterLine.objects.filter(pk=line.pk).exists()


def test_344_cl13_register_page_shows_the_kept_line_without_a_link(client, site, clock, head):
    before, purged, kept = purged_book(site, clock, head)
    html = text(as_user(client, head).get(url("register"), {"year": YEAR}))
    assert 'data-number="1"' in html and 'data-number="2"' in html
    row = html[html.index('data-number="1"'):html.index('data-number="2"')]
    assert "1/2026" in row and "data-purged" in row and "Issuerov" in row
    assert "Replace the flange gasket" in row and "23.11.2026 14:00" in row
    assert url("detail", purged.pk) not in html and url("detail", kept.pk) in html


def test_344_cl13_register_pdf_and_xlsx_read_the_kept_line(client, site, clock, head):
    _before, _purged, _kept = purged_book(site, clock, head)
    client = as_user(client, head)
    query = {"organisation": site.org.pk, "year": YEAR}
    response = client.get(url("register-xlsx"), query)
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    numbers = [row[2] for row in rows]
    assert "1/2026" in numbers and "2/2026" in numbers
    line = rows[numbers.index("1/2026")]
    assert "23.11.2026 09:00" in line[0] and "23.11.2026 14:00" in line[1] and "Issuerov" in line[3]
    response = client.get(url("register-pdf"), {**query, "language": "en"})
    assert response.status_code == 200
    printed = " ".join(pdf_text(response.content).split())
    assert "1/2026" in printed and "Replace the flange gasket" in printed and "2/2026" in printed
    # The documents built directly read the same rows.
    assert "1/2026" in " ".join(pdf_text(register_pdf(organisation=site.org, year=YEAR, language="ru")).split())
    assert register_xlsx(organisation=site.org, year=YEAR, language="kk")[:2] == b"PK"


def test_344_cl13_kept_line_is_read_within_the_readers_scope(client, site, clock, head):
    """A kept line is seen by whoever's scope reached the permit (the division's people), not by another
    organisation."""
    _before, purged, _kept = purged_book(site, clock, head)
    division_head = site.supervisor.user
    html = text(as_user(client, division_head).get(url("register"), {"year": YEAR}))
    assert 'data-number="1"' in html
    other = f.organisation("Other refinery")
    outsider = f.user(Role.HEAD, other)
    html = text(as_user(client, outsider).get(url("register"), {"organisation": site.org.pk, "year": YEAR}))
    assert 'data-number="1"' not in html


# --- cl.15 ¶2: the archive of permits of work with an accident ------------------------------------------------------

def test_344_cl15_termination_for_an_emergency_sets_a_permanent_hold_at_once(site, clock, head):
    """cl.25 reason "emergency" → cl.15 ¶2: the permit stays with the investigation materials, never purged."""
    permit = site.in_progress(crew=1)
    services.permit_terminate(permit=permit, by=site.admitting.user, reason=TerminationReason.EMERGENCY,
                              note="Gas release at P-12", credentials=PW)
    permit = Permit.objects.get(pk=permit.pk)
    [hold] = services.archive_holds(permit)
    assert hold.permanent and hold.kind == Hold.Kind.INVESTIGATION and hold.set_by == site.admitting.user
    assert "344 cl.15" in hold.reason and "Gas release at P-12" in hold.reason
    assert LedgerEntry.objects.filter(action="ledger.hold.set", object_id=str(hold.pk)).exists()
    far = permit.ended_at + datetime.timedelta(days=365 * 30)
    assert retention.purge_blockers(permit, now=far)
    clock.shift(datetime.timedelta(days=800))
    with pytest.raises(retention.PurgeRefused, match="a hold is set"):
        retention.purge(by=head, obj=permit)
    with pytest.raises(ValidationError, match="permanent and is never released"):
        retention.hold_release(by=head, hold=hold, reason="Investigation closed")
    assert Permit.objects.filter(pk=permit.pk).exists() and services.archive_holds(permit).count() == 1
    assert verify_organisation(site.org.pk) == []


def test_344_cl15_termination_for_another_reason_sets_no_hold(site):
    """cl.25's other reasons are no accident: the permit keeps the one-year retention of cl.14-15."""
    permit = site.in_progress(crew=1)
    services.permit_terminate(permit=permit, by=site.admitting.user, reason=TerminationReason.CONNECTION,
                              note="Pump P-14 must be started", credentials=PW)
    assert not retention.active_holds(permit).exists()


def test_344_cl15_linking_a_permit_to_an_accident_record_sets_a_permanent_hold(site, clock, head):
    """cl.15 ¶2: the service the accident register calls keeps the permit in the archive, naming the accident."""
    permit = closed_with_readmission(site, clock)
    official = f.user(Role.PC_OFFICIAL, site.org)
    hold = services.permit_link_accident(permit=permit, by=official, accident="Accident No. 3/2026",
                                         reason="Injury of a fitter during the work")
    assert (hold.permanent, hold.reference, hold.reason) == (True, "Accident No. 3/2026",
                                                             "Injury of a fitter during the work")
    again = services.permit_link_accident(permit=permit, by=head, accident="Accident No. 3/2026", reason="Again")
    assert again.pk == hold.pk and services.archive_holds(permit).count() == 1
    clock.shift(datetime.timedelta(days=900))
    with pytest.raises(retention.PurgeRefused, match="Injury of a fitter"):
        retention.purge(by=head, obj=permit)
    with pytest.raises(ValidationError, match="never released"):
        retention.hold_release(by=head, hold=hold, reason="Done")


def test_344_cl15_accident_link_refusals_change_nothing(site):
    permit = site.issued()
    with pytest.raises(PermissionDenied):  # only the head, a production-control official or a system administrator
        services.permit_link_accident(permit=permit, by=site.issuer.user, accident="Accident No. 3/2026",
                                      reason="Injury")
    head = f.user(Role.HEAD, site.org)
    with pytest.raises(ValidationError, match="Name the accident record"):
        services.permit_link_accident(permit=permit, by=head, accident="  ", reason="Injury")
    with pytest.raises(ValidationError, match="Give the reason"):
        services.permit_link_accident(permit=permit, by=head, accident="Accident No. 3/2026", reason=" ")
    draft = site.draft(place="Bay 9", devices=[])
    with pytest.raises(ValidationError, match="only an issued permit"):
        services.permit_link_accident(permit=draft, by=head, accident="Accident No. 3/2026", reason="Injury")
    assert not Hold.objects.exists()


def test_344_cl15_permanent_hold_shows_no_release_on_the_retention_page(client, site, head):
    permit = site.in_progress(crew=1)
    services.permit_terminate(permit=permit, by=site.admitting.user, reason=TerminationReason.EMERGENCY, note="",
                              credentials=PW)
    from django.urls import reverse

    html = text(as_user(client, head).get(reverse("ledger:retention"), {"organisation": site.org.pk}))
    assert "data-permanent" in html
    assert reverse("ledger:hold-release", args=[services.archive_holds(permit).get().pk]) not in html
