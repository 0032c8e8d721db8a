"""344 cl.4 ¶2 and cl.8: the plans, sketches, layouts, agreements and diagrams attached to a permit "as needed".

Which documents are needed is set per work type (earthwork requires the agreement with the organisations serving the
communications, cl.8); issue is refused while one is missing, naming it. The API adds them (multipart), lists and
downloads them with the page's permissions, so that such a permit can be issued through the API too."""

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.permits import services
from qauipsiz.permits.attachments import attachment_add
from qauipsiz.permits.choices import AttachmentKind, Status, WorkKind
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Attachment, Permit, WorkType
from qauipsiz.permits.worktypes import work_type_create
from qauipsiz.site.api import api as site_api
from tests import factories as f

from .conftest import PW, builtin_work_type
from .test_api import BASE, SIGN, Api, as_, error, ok
from .test_views_support import SIGN as PAGE_SIGN
from .test_views_support import as_user, text, url

CONTENT = b"%PDF-1.4 agreement with the gas service\n"


@pytest.fixture(autouse=True)
def english(tmp_path):
    with translation.override("en"), override_settings(MEDIA_ROOT=tmp_path):
        yield


def upload(content: bytes = CONTENT, name: str = "agreement.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def api_attach(api: Api, permit, kind: str = "agreement", title: str = "Agreement with the gas service", *,
               content: bytes = CONTENT, key: str | None = None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.client.post(f"{BASE}/{permit.pk}/attachments", {"kind": kind, "title": title, "file": upload(content)},
                           **headers)


def own_work_type(site, *, required: list[str], kind: str = WorkKind.OTHER) -> WorkType:
    head = f.user(Role.HEAD, site.org)
    return work_type_create(by=head, work_type=WorkType(organisation=site.org, kind=kind, name_en="Tank cleaning",
                                                        name_kk="Резервуар тазалау", name_ru="Очистка резервуара",
                                                        required_documents=required),
                            measures=[("5.1", "", "", "Empty the tank")])


# --- which documents, per work type ----------------------------------------------------------------------------------

def test_344_cl08_earthwork_type_requires_the_agreement_by_default(site):
    assert builtin_work_type("excavation").required_documents == [AttachmentKind.AGREEMENT]
    assert builtin_work_type("hot").required_documents == []


def test_344_cl04_issue_is_refused_while_a_required_document_is_missing_naming_it(site):
    work_type = own_work_type(site, required=[AttachmentKind.SKETCH, AttachmentKind.PLAN])
    assert work_type.required_documents == ["plan", "sketch"]  # in the order of the kinds
    permit = site.draft(work_type=work_type)
    with pytest.raises(ActionRefused) as refusal:
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    message = str(refusal.value)
    assert str(AttachmentKind.PLAN.label) in message and str(AttachmentKind.SKETCH.label) in message
    assert "Tank cleaning" in message and "344 cl.4" in message
    attachment_add(permit=permit, by=site.issuer.user, kind="plan", title="Plan of the tank farm", upload=upload())
    with pytest.raises(ActionRefused) as refusal:
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert str(AttachmentKind.SKETCH.label) in str(refusal.value)
    assert str(AttachmentKind.PLAN.label) not in str(refusal.value)
    attachment_add(permit=permit, by=site.issuer.user, kind="sketch", title="Sketch of the guards",
                   upload=upload(b"sketch"))
    assert services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW).status == Status.ISSUED


def test_344_cl04_required_documents_are_kinds_of_attachment(site):
    with pytest.raises(ValidationError) as refusal:
        own_work_type(site, required=["passport"])
    assert "required_documents" in refusal.value.message_dict
    assert not WorkType.objects.filter(organisation=site.org).exists()


def test_344_cl08_work_type_page_sets_the_required_documents(client, site):
    head = f.user(Role.HEAD, site.org)
    client = as_user(client, head)
    new = reverse("permits:work-type-create")
    page = text(client.get(new, {"kind": "excavation"}))
    boxes = {value: tag for tag in re.findall(r"<input[^>]*required_documents[^>]*>", page)
             for value in re.findall(r'value="(\w+)"', tag)}
    assert "checked" in boxes["agreement"] and "checked" not in boxes["plan"]  # earthwork: the agreement (cl.8)
    response = client.post(new, {
        "organisation": site.org.pk, "kind": "other", "name_kk": "Резервуар", "name_ru": "Резервуар",
        "name_en": "Tank", "sample_validity_minutes": "60", "required_documents": ["plan", "cordon"],
        "is_active": "on", "measures-TOTAL_FORMS": "1", "measures-INITIAL_FORMS": "0",
        "measures-0-code": "5.1", "measures-0-text_en": "Empty the tank"})
    assert response.status_code == 302, text(response)[:2000]
    assert WorkType.objects.get(organisation=site.org).required_documents == ["plan", "cordon"]


def test_344_cl08_work_type_api_reads_the_required_documents(site):
    work_type = builtin_work_type("excavation")
    body = ok(as_(site.issuer).get(f"/work-types/{work_type.pk}"))
    assert body["required_documents"] == ["agreement"]


# --- the API: multipart add, list, download --------------------------------------------------------------------------

def test_344_cl08_earthwork_permit_is_issued_through_the_api_with_its_agreement(site):
    permit = site.draft(earthwork=True)
    api = as_(site.issuer)
    assert "344 cl.8" in error(api.post(f"/{permit.pk}/issue", {"signature": SIGN}), 409)["detail"]
    body = ok(api_attach(api, permit), 201)
    assert body["kind"] == "agreement" and body["filename"] == "agreement.pdf" and body["size"] == len(CONTENT)
    assert body["sha256"] == hashlib.sha256(CONTENT).hexdigest()
    attachment = Attachment.objects.get()
    assert attachment.added_by == site.issuer.user
    assert LedgerEntry.objects.filter(action="permits.attachment.added", object_id=str(attachment.pk)).exists()
    assert ok(api.post(f"/{permit.pk}/issue", {"signature": SIGN}))["status"] == Status.ISSUED
    listed = ok(api.get(f"/{permit.pk}/attachments"))
    assert [a["id"] for a in listed] == [attachment.pk]
    download = api.get(f"/{permit.pk}/attachments/{attachment.pk}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == CONTENT
    assert download["Content-Type"] == "application/pdf" and 'filename="agreement.pdf"' in download[
        "Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"


def test_344_cl04_api_attachment_refusals_are_the_pages(site):
    permit = site.draft()
    issuer = as_(site.issuer)
    with override_settings(ATTACHMENT_MAX_BYTES=10):
        body = error(api_attach(issuer, permit, "plan", "Big"), 422)
        assert "at most 10" in str(body["errors"])
    assert error(api_attach(issuer, permit, "passport", "Passport"), 422)["errors"]
    assert error(api_attach(issuer, permit, "plan", "   "), 422)["errors"]
    assert error(api_attach(issuer, permit, "plan", "Empty", content=b""), 422)["errors"]
    error(issuer.client.post(f"{BASE}/{permit.pk}/attachments", {"kind": "plan", "title": "No file"}), 422)
    # Neither the issuer nor an admitting person of the permit: 403, as on the page.
    error(api_attach(as_(site.performer), permit, "plan", "Plan"), 403)
    # Another organisation does not see the permit at all.
    error(api_attach(Api(f.user(Role.HEAD, f.organisation("Other refinery"))), permit, "plan", "Plan"), 404)
    assert not Attachment.objects.exists()
    # Once admitted nothing more is attached (344 cl.5): 409.
    Permit.objects.filter(pk=permit.pk).update(status=Status.ADMITTED)
    assert "can no longer be added to" in error(api_attach(issuer, permit, "plan", "Late"), 409)["detail"]
    assert not Attachment.objects.exists()


def test_344_cl04_api_attachment_is_idempotent_with_its_key(site):
    permit = site.draft()
    api = as_(site.issuer)
    first = ok(api_attach(api, permit, "plan", "Plan", key="plan-1"), 201)
    assert ok(api_attach(api, permit, "plan", "Plan", key="plan-1"), 201) == first
    assert Attachment.objects.count() == 1
    error(api_attach(api, permit, "plan", "Plan", content=b"another plan", key="plan-1"), 422)
    assert Attachment.objects.count() == 1


def test_344_cl04_api_attachments_are_read_with_the_pages_permissions(site):
    permit = site.draft()
    ok(api_attach(as_(site.issuer), permit, "plan", "Plan"), 201)
    attachment = Attachment.objects.get()
    outsider = Api(f.user(Role.HEAD, f.organisation("Other refinery")))
    error(outsider.get(f"/{permit.pk}/attachments"), 404)
    error(outsider.get(f"/{permit.pk}/attachments/{attachment.pk}"), 404)
    other = site.draft(place="Elsewhere", devices=[])
    error(as_(site.issuer).get(f"/{other.pk}/attachments/{attachment.pk}"), 404)
    assert ok(as_(site.performer).get(f"/{permit.pk}/attachments"))[0]["title"] == "Plan"


def test_344_cl04_api_documents_the_multipart_upload():
    operation = site_api.get_openapi_schema()["paths"]["/api/v1/permits/{record_id}/attachments"]["post"]
    content = operation["requestBody"]["content"]
    assert "multipart/form-data" in content


def test_344_cl04_required_document_refusal_on_the_page(client, site):
    work_type = own_work_type(site, required=[AttachmentKind.CORDON])
    permit = site.draft(work_type=work_type)
    client = as_user(client, site.issuer)
    response = client.post(url("issue", permit.pk), PAGE_SIGN)
    assert response.status_code == 409 and str(AttachmentKind.CORDON.label) in text(response)
    client.post(url("attachment-add", permit.pk), {"kind": "cordon", "title": "Cordon layout", "file": upload()})
    assert client.post(url("issue", permit.pk), PAGE_SIGN).status_code == 302
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED
