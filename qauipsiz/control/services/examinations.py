"""The writes of examinations and technical certification (315 cl.4.6, cl.26.5): the official plans one for a device
or a building, records its result, attaches its files, and the daily job tells people once per due date and threshold.

A result recorded with a next due date plans the next examination of the same object and kind, so that the register
always shows when the object is due again.
"""

import datetime
import functools
import hashlib
import mimetypes
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import acting_role, can
from qauipsiz.core.models import Organisation
from qauipsiz.ledger import services as ledger
from qauipsiz.notifications.services import notify

from ..choices import ExaminationKind, ExaminationResult
from ..models import Examination, ExaminationFile, ExaminationReminder
from ..notices import users_with_roles

MAX_FILE = 20 * 1024 * 1024


def _writes(func):
    @functools.wraps(func)
    def run(*args, **kwargs):
        with ledger.deferred():
            return func(*args, **kwargs)
    return transactions.atomic(run)


def _log(by, role: str, event: str, obj) -> None:
    ledger.append(organisation_id=obj.organisation_id, by=by, role=role,
                  action=f"{obj._meta.label_lower}.{event}", obj=obj)


def _clean(organisation_id: int, data: dict) -> dict:
    """The fields checked: a clear error per field, nothing written."""
    errors, clean = {}, {}
    device, building = data.get("device"), data.get("building")
    if bool(device) == bool(building):
        errors["device"] = _("Choose either a technical device or a building or structure.")
    for name, obj in (("device", device), ("building", building)):
        if obj is not None and obj.organisation_id != organisation_id:
            errors[name] = _("This belongs to another organisation.")
    clean["device"], clean["building"] = device, building
    kind = data.get("kind")
    if kind not in ExaminationKind.values:
        errors["kind"] = _("Choose the kind.")
    clean["kind"] = kind
    due_on = data.get("due_on")
    if not isinstance(due_on, datetime.date):
        errors["due_on"] = _("Give the due date.")
    clean["due_on"] = due_on
    done_on, result = data.get("done_on"), data.get("result") or ""
    if done_on is not None and not isinstance(done_on, datetime.date):
        errors["done_on"] = _("Give the date.")
    elif done_on is not None and done_on > timezone.localdate():
        errors["done_on"] = _("An examination cannot be done in the future.")
    if result and result not in ExaminationResult.values:
        errors["result"] = _("Choose the result.")
    if bool(done_on) != bool(result):
        errors["result" if done_on else "done_on"] = _("A done examination needs both its date and its result.")
    clean["done_on"], clean["result"] = done_on, result
    next_due = data.get("next_due_on")
    if next_due is not None and isinstance(done_on, datetime.date) and next_due <= done_on:
        errors["next_due_on"] = _("The next due date must come after the date it was done.")
    if next_due is not None and not done_on:
        errors["next_due_on"] = _("The next due date follows a done examination.")
    clean["next_due_on"] = next_due
    for name, size in (("conclusion_number", 100), ("expert_organisation", 300), ("note", 4000)):
        clean[name] = (data.get(name) or "").strip()[:size]
    if errors:
        raise ValidationError(errors)
    return clean


def _subject(clean):
    subject = clean["device"] or clean["building"]
    return subject.facility


@_writes
def examination_create(*, by, organisation: Organisation, **data) -> Examination:
    role = acting_role(by, Action.ADD, Examination, organisation.pk)
    if not role:
        raise PermissionDenied(_("Your roles do not allow this."))
    clean = _clean(organisation.pk, data)
    facility = _subject(clean)
    examination = Examination(organisation=organisation, facility=facility, division_id=facility.division_id,
                              **clean)
    examination.save()
    _log(by, role, "created", examination)
    _follow(by, role, examination)
    return examination


@_writes
def examination_update(*, by, examination: Examination, **data) -> Examination:
    """Change the record or record its result (done on, result, conclusion, expert organisation, next due date)."""
    examination = Examination.objects.select_for_update(no_key=True).get(pk=examination.pk)
    if not can(by, Action.CHANGE, examination):
        raise PermissionDenied(_("Your roles do not allow this."))
    role = acting_role(by, Action.CHANGE, Examination, examination.organisation_id)
    merged = {name: getattr(examination, name) for name in (
        "device", "building", "kind", "due_on", "done_on", "result", "conclusion_number", "expert_organisation",
        "next_due_on", "note")}
    merged.update(data)
    clean = _clean(examination.organisation_id, merged)
    facility = _subject(clean)
    was_done = examination.done_on is not None
    for name, value in clean.items():
        setattr(examination, name, value)
    examination.facility, examination.division_id = facility, facility.division_id
    examination.save()
    _log(by, role, "changed", examination)
    if not was_done:
        _follow(by, role, examination)
    return examination


def _follow(by, role: str, examination: Examination) -> None:
    """A result with a next due date plans the next examination of the same object and kind (once)."""
    if examination.done_on is None or examination.next_due_on is None:
        return
    if Examination.objects.filter(device=examination.device, building=examination.building, kind=examination.kind,
                                  done_on__isnull=True, is_active=True).exists():
        return
    following = Examination.objects.create(
        organisation_id=examination.organisation_id, division_id=examination.division_id,
        facility_id=examination.facility_id, device=examination.device, building=examination.building,
        kind=examination.kind, due_on=examination.next_due_on)
    _log(by, role, "created", following)


@_writes
def examination_add_file(*, by, examination: Examination, upload) -> ExaminationFile:
    examination = Examination.objects.select_for_update(no_key=True).get(pk=examination.pk)
    if not can(by, Action.CHANGE, examination):
        raise PermissionDenied(_("Your roles do not allow this."))
    role = acting_role(by, Action.CHANGE, Examination, examination.organisation_id)
    if upload is None or not getattr(upload, "size", 0):
        raise ValidationError({"file": _("Choose a file.")})
    if upload.size > MAX_FILE:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    name = PurePath(upload.name or "file").name[:300]
    attached = ExaminationFile(examination=examination, organisation_id=examination.organisation_id,
                               division_id=examination.division_id, filename=name, size=upload.size,
                               content_type=(mimetypes.guess_type(name)[0] or "application/octet-stream")[:100],
                               sha256=digest.hexdigest(), added_by=by)
    upload.seek(0)
    attached.file.save(name, upload, save=False)
    attached.save()
    _log(by, role, "file_added", attached)
    return attached


# --- The daily job (315 cl.4.6) -------------------------------------------------------------------------------------

SOON_MESSAGE = gettext_noop("%(record)s is due on %(date)s.")
OVERDUE_MESSAGE = gettext_noop("%(record)s is overdue: it was due on %(date)s.")


def _audience(examination: Examination) -> list:
    officials = users_with_roles(examination.organisation_id, (Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD,
                                                               Role.PC_RESPONSIBLE))
    heads = users_with_roles(examination.organisation_id, (Role.DIVISION_HEAD,), division=examination.division)
    return [*officials, *heads]


def notify_due(day: datetime.date | None = None, soon: int | None = None) -> str:
    """Tell the officials and the division heads concerned about each examination that became due soon or overdue,
    once per record, due date and threshold (`ExaminationReminder`)."""
    from ..removal_selectors import soon_days

    day = day or timezone.localdate()
    soon = soon_days() if soon is None else soon
    told = 0
    reminded = ExaminationReminder.objects.filter(examination=OuterRef("pk"), due_on=OuterRef("due_on"))
    rows = Examination.objects.filter(is_active=True, done_on__isnull=True,
                                      due_on__lte=day + datetime.timedelta(days=soon)).annotate(
        told_soon=Exists(reminded.filter(threshold="due_soon")),
        told_overdue=Exists(reminded.filter(threshold="overdue"))).select_related("device", "building", "division")
    for examination in rows.order_by("id"):
        overdue = examination.due_on < day
        if examination.told_overdue if overdue else examination.told_soon:
            continue
        threshold = "overdue" if overdue else "due_soon"
        params = {"record": str(examination), "date": formats.date_format(examination.due_on, "SHORT_DATE_FORMAT")}

        @transactions.atomic
        def tell(examination=examination, threshold=threshold, params=params):
            # Kept in the same transaction as the notices, so that a retried tick does not tell twice.
            _reminder, created = ExaminationReminder.objects.get_or_create(
                examination=examination, threshold=threshold, due_on=examination.due_on)
            if not created:
                return 0
            notify(users=_audience(examination), organisation_id=examination.organisation_id,
                   message=OVERDUE_MESSAGE if threshold == "overdue" else SOON_MESSAGE, params=params,
                   link=examination.get_absolute_url())
            return 1

        told += tell()
    return f"{told} examination notices"
