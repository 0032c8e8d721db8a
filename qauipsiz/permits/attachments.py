"""Attachments of a permit (344 cl.4, cl.8): plans, sketches, layouts and agreements, fixed by their SHA-256.

Attached by the issuer or an admitting person while the permit is a draft or issued; once work is admitted, the permit
and what is attached to it stay as they were (344 cl.5). Every attachment is appended to the organisation's ledger
with its hash in the transaction that stores it, so that a file swapped on the disk later is found out.
"""

import hashlib
import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.ledger import services as ledger

from .acts import ADMITTING_ROLES, ISSUING_ROLES, Party
from .choices import AttachmentKind, Status
from .gatekeeper import ActionRefused, acting_roles, is_party, person_of
from .models import Attachment, Permit, attachment_path

ATTACHING_STATUSES = frozenset({Status.DRAFT, Status.ISSUED})
ATTACHING_ROLES = ISSUING_ROLES | ADMITTING_ROLES


def check_attach(user, permit: Permit) -> str:
    """Raise unless `user` may attach files to `permit` now; return the access role the user acts in."""
    roles = acting_roles(user, permit, ATTACHING_ROLES)
    if not roles:
        raise PermissionDenied(_("Your roles do not allow attaching files to this permit."))
    if not is_party(person_of(user), Party.ADMITTING_OR_ISSUER, permit):
        raise PermissionDenied(_("Only the issuer or an admitting person of this permit may attach files to it."))
    if permit.status not in ATTACHING_STATUSES:
        raise ActionRefused(_("Files are attached while the permit is a draft or issued; a permit that is \"%(status)s\" "
                              "can no longer be added to (344 cl.5).") % {"status": Status(permit.status).label})
    return roles[0]


def may_attach(user, permit: Permit) -> bool:
    try:
        check_attach(user, permit)
    except (PermissionDenied, ActionRefused):
        return False
    return True


def _clean_filename(name: str) -> str:
    # Browsers may send a path ("C:\\fakepath\\plan.pdf"): only the last part is the file's name.
    name = PurePath(str(name).replace("\\", "/")).name.strip()
    return (name or "attachment")[:300]


def _digest(upload) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


@transactions.atomic
def attachment_add(*, permit: Permit, by, kind: str, title: str, upload) -> Attachment:
    """Attach `upload` (an UploadedFile) to the permit: checked, hashed, stored under its hash, ledgered."""
    permit = Permit.objects.select_for_update(no_key=True).select_related("division", "organisation").get(pk=permit.pk)
    role = check_attach(by, permit)
    errors = {}
    if kind not in AttachmentKind.values:
        errors["kind"] = _("Choose the kind of attachment.")
    if not (title or "").strip():
        errors["title"] = _("Give the attachment a title.")
    if upload is None:
        errors["file"] = _("Choose a file.")
    elif upload.size > settings.ATTACHMENT_MAX_BYTES:
        errors["file"] = _("The file is %(size)s; at most %(limit)s may be attached.") % {
            "size": filesizeformat(upload.size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
    elif upload.size == 0:
        errors["file"] = _("The file is empty.")
    if errors:
        raise ValidationError(errors)
    filename = _clean_filename(upload.name)
    content_type = (getattr(upload, "content_type", "") or mimetypes.guess_type(filename)[0]
                    or "application/octet-stream")[:100]
    attachment = Attachment(permit=permit, kind=kind, title=title.strip()[:300], filename=filename,
                            content_type=content_type, size=upload.size, sha256=_digest(upload), added_by=by)
    path = attachment_path(attachment, filename)
    storage = attachment.file.storage
    if storage.exists(path):
        attachment.file.name = path  # the same content is already stored: named by its hash, it is the same file
    else:
        attachment.file.save(filename, upload, save=False)
    attachment.full_clean()
    attachment.save()
    ledger.append(organisation_id=permit.organisation_id, by=by, role=role, action="permits.attachment.added",
                  obj=attachment)
    return attachment


def open_for_download(attachment: Attachment):
    """The stored file, opened for reading; raises FileNotFoundError when it is gone from the storage."""
    return attachment.file.storage.open(attachment.file.name, "rb")


def download(permit: Permit, attachment_pk: int) -> FileResponse:
    """One of the permit's attachments as the file it was attached as, for the page and the API alike (the permit found
    through the gatekeeper by the caller); 404 for another permit's or a missing file."""
    attachment = get_object_or_404(Attachment.objects.filter(permit=permit), pk=attachment_pk)
    try:
        handle = open_for_download(attachment)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename,
                            content_type=attachment.content_type)
    # Attached documents carry names and plans; plants share computers.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
