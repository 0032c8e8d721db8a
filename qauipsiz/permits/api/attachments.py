"""The attachments of a permit through the API (344 cl.4 ¶2, cl.8): plans, sketches, layouts, agreements and diagrams.

Added as a multipart upload by the same service as the page's (`permits.attachments.attachment_add`: the same size
and kind checks, the same people, the same statuses, hashed and ledgered); listed and downloaded by whoever sees the
permit, as on the page. Without them a permit near communications or with earthworks, or of a work type that requires
a document, could not be issued through the API.
"""

import hashlib

from ninja import File, Form, UploadedFile

from qauipsiz.core.api import RecordId

from .. import attachments as attachment_service
from .common import READ_ERRORS, WRITE_ERRORS, IdempotencyKey, find_permit, idempotent, router, text_type
from .schemas import AttachmentKindName, AttachmentOut, attachment_data

Title = text_type(300, min_length=1)


def _upload_fingerprint(request, kind: str, title: str, upload) -> str:
    """What identifies the upload for its Idempotency-Key: the path, the fields and the file's content."""
    digest = hashlib.sha256()
    for part in (request.method, request.path, kind, title, upload.name or ""):
        data = part.encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@router.post("/{record_id}/attachments", response={201: AttachmentOut, **WRITE_ERRORS},
             operation_id="permits_attachment_add", summary="Attach a document to the permit (344 cl.4, cl.8)",
             description="A multipart upload (`kind`, `title`, `file`), by the issuer or an admitting person of the "
                         "permit while it is a draft or issued (344 cl.5). A file over the configured limit "
                         "(ATTACHMENT_MAX_BYTES) or empty is refused (422).")
def attachment_add(request, record_id: RecordId, kind: Form[AttachmentKindName], title: Form[Title],
                   file: File[UploadedFile], idempotency_key: IdempotencyKey = None):
    def work():
        permit = find_permit(request, record_id)
        attachment = attachment_service.attachment_add(permit=permit, by=request.auth, kind=kind, title=title,
                                                       upload=file)
        return 201, attachment_data(attachment)
    fingerprint = _upload_fingerprint(request, kind, title, file) if idempotency_key else None
    return idempotent(request, idempotency_key, work, request_fingerprint=fingerprint)


@router.get("/{record_id}/attachments", response={200: list[AttachmentOut], **READ_ERRORS},
            operation_id="permits_attachments_list", summary="The documents attached to the permit (344 cl.4, cl.8)")
def attachment_list(request, record_id: RecordId):
    permit = find_permit(request, record_id)
    return [attachment_data(a) for a in permit.attachments.order_by("added_at", "pk")]


@router.get("/{record_id}/attachments/{attachment_id}", response=READ_ERRORS,
            operation_id="permits_attachment_download", summary="An attached document, as it was attached",
            openapi_extra={"responses": {"200": {"description": "The file's bytes, with its type and name.",
                                                 "content": {"application/octet-stream": {
                                                     "schema": {"type": "string", "format": "binary"}}}}}})
def attachment_download(request, record_id: RecordId, attachment_id: RecordId):
    permit = find_permit(request, record_id)
    return attachment_service.download(permit, attachment_id)
