"""Whatever a user types prints as it is: the data reaches Typst as JSON values (sys.inputs), never as markup, so text
made of Typst's own syntax (`#`, `[`, `]`, `$`, `\\`, `<`, `*`, `_`, `@label`, function calls that would set the page,
read a file or evaluate code) is printed literally and does not change the document's layout."""

import datetime
import hashlib
import io
import re

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from qauipsiz.accounts.choices import Role
from qauipsiz.permits import services
from qauipsiz.permits.choices import AttachmentKind
from qauipsiz.permits.documents import certificate_pdf, permit_pdf, register_pdf
from qauipsiz.permits.models import AdmissionCertificate, Attachment
from tests import factories as f
from tests.documents.pdftext import pdf_text

from .conftest import PW, make_site, staff

HOSTILE = '#eval("1+1") #set page(width: 1cm) #image("/etc/passwd") [x] $y^2$ \\ <z> *b* _i_ @label /* } {'



def benign(text: str) -> str:
    """The same length, every character of markup replaced by a letter."""
    return re.sub(r"[^\w\s]", "x", text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def render_all(text: str) -> dict[str, bytes]:
    """A site whose every user-typed field holds `text`, a permit worked up to work in progress, a certificate."""
    site = make_site(text)
    site.division.name_en = text
    site.division.save()
    for person in (site.issuer, site.admitting, site.performer, site.manager, site.supervisor, *site.crew):
        person.last_name, person.position = text, text
        person.save()
    permit = site.draft(place=text, scope_of_work=text, equipment=text, devices=[])
    permit.measures.update(text=text)
    data = b"%PDF-1.4 attachment"
    attachment = Attachment(permit=permit, kind=AttachmentKind.PLAN, title=text, filename=f"{benign(text)[:40]}.pdf",
                            content_type="application/pdf", size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                            added_by=site.issuer.user)
    attachment.file.save("plan.pdf", ContentFile(data), save=False)
    attachment.save()
    services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    from decimal import Decimal

    from django.utils import timezone

    # Item 5.4: the sample before measure 5.4 is signed as carried out.
    services.air_sample_record(permit=permit, by=site.admitting.user, place=text, taken_at=timezone.now(),
                               substance=text[:50], value=Decimal("1.0"), limit=Decimal("5.0"), unit="mg/m³",
                               gas_group="II", measured_by=site.admitting)
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    for approval in permit.approvals.all():
        services.permit_approve(permit=permit, by=approval.approver.user, credentials=PW)
    services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                          performer_briefed=True, copy_handed_over=True)
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    for person in site.crew[:2]:
        member = services.crew_add(permit=permit, by=site.performer.user, person=person)
        services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    services.permit_start_work(permit=permit, by=site.performer.user, credentials=PW)
    cancelled = site.draft(place=f"{text} (2)", scope_of_work=text, devices=[], approvers=[])
    services.permit_issue(permit=cancelled, by=site.issuer.user, credentials=PW)
    cancelled = services.permit_cancel(permit=cancelled, by=site.issuer.user, reason=text, credentials=PW)

    contractor = f.contractor(site.org, text)
    rep = staff(site.org, site.division, "", Role.CONTRACTOR_REP, last_name=text, appointment=False,
                contractor=contractor)
    certificate = services.certificate_create(by=site.supervisor.user, certificate=AdmissionCertificate(
        organisation=site.org, drawn_up_on=datetime.date(2026, 11, 24), division=site.division,
        shop_head=site.supervisor, contractor=contractor, contractor_rep=rep, site_bounds=text, work_name=text,
        starts_on=datetime.date(2026, 11, 25), ends_on=datetime.date(2026, 12, 20)),
        measures=[(text, datetime.date(2026, 11, 25), text)])
    return {
        "permit_en": permit_pdf(permit, language="en"),
        "permit_kk": permit_pdf(permit, language="kk"),
        "cancelled_ru": permit_pdf(cancelled, language="ru"),
        "register_ru": register_pdf(organisation=site.org, year=2026, language="ru", user=site.issuer.user),
        "certificate_en": certificate_pdf(certificate, language="en"),
    }


def layout(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in PdfReader(io.BytesIO(pdf)).pages]


def images(pdf: bytes) -> int:
    """Image XObjects: the forms have none (the QR code is drawn as vector paths)."""
    count = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject") or {}
        count += sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")
    return count


@pytest.fixture
def hostile_and_benign(db, clock):
    return render_all(HOSTILE), render_all(benign(HOSTILE))


def test_hostile_text_in_every_user_field_prints_literally_and_changes_no_layout(hostile_and_benign):
    hostile, plain = hostile_and_benign
    for key, pdf in hostile.items():
        text = squash(pdf_text(pdf))
        # Printed as typed: the calls were not made, the markup not read as markup.
        assert text.count(squash(HOSTILE)) >= 2, key
        assert "root:" not in text, key  # no line of /etc/passwd
        assert layout(pdf) == layout(plain[key]), key  # same pages, same sizes (no `#set page(width: 1cm)`)
        assert images(pdf) == 0, key
    permit = squash(pdf_text(hostile["permit_en"]))
    # Each kind of field of the permit: organisation and site, people, place, scope, equipment, measures, air sample,
    # attachment title, and in the cancelled permit the reason.
    assert permit.count(squash(HOSTILE)) >= 2 * 10
    assert squash(HOSTILE) in squash(pdf_text(hostile["cancelled_ru"]))
