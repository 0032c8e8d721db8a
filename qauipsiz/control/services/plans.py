"""The writes of the plans (315 cl.4.1, cl.4.5): drafting, the head's approval (a signed act), a new version after
approval, and the record of execution with its evidence.

Rules kept here, for the pages, the API, the import and the demo alike:
- a version is edited only while it is a draft; an approved version is never changed (its items' content fields,
  `models.plans.CONTENT_FIELDS`, are frozen), a change is a new version with its reason (`version_new`);
- execution (`EXECUTION_FIELDS`, evidence) is recorded only on the version in force; when a new version is approved,
  its items carry the execution and evidence of the items they continue (`PlanItem.origin`);
- locks: the records first (the version by `perform()`, then its plan and the version it supersedes), then the number
  series (`numbering.next_number`), then the ledger's chain head at the end of the act.
"""

import datetime
import functools
import hashlib
import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, can
from qauipsiz.acts.perform import perform
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.models import Division, HazardousFacility, Person
from qauipsiz.ledger import services as ledger

from ..acts import CONTROL, PLAN_APPROVE
from ..choices import ItemStatus, PlanKind, VersionStatus
from ..models import CONTENT_FIELDS, EXECUTION_FIELDS, Plan, PlanEvidence, PlanItem, PlanVersion
from ..numbering import next_number


def _role(by, action: str, model, organisation_id: int) -> str:
    role = acting_role(by, action, model, organisation_id)
    if not role:
        raise PermissionDenied(_("Your roles do not allow this."))
    return role


def _require(by, action: str, obj) -> str:
    if not can(by, action, obj):
        raise PermissionDenied(_("Your roles do not allow this."))
    return acting_role(by, action, type(obj), obj.organisation_id)


def _log(*, by, role: str, event: str, obj, organisation_id: int, content=None, gone: bool = False) -> None:
    ledger.append(organisation_id=organisation_id, by=by, role=role, action=f"{obj._meta.label_lower}.{event}",
                  obj=obj, content=content, gone=gone)


def _writes(func):
    """`@transactions.atomic` with the ledger's entries appended at the end, so the chain head is locked last."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        with ledger.deferred():
            return func(*args, **kwargs)
    return transactions.atomic(run)


# --- Drafting ----------------------------------------------------------------------------------------------------

@_writes
def plan_create(*, by, organisation, kind: str, year: int, division=None, title: str = "") -> Plan:
    """A new plan with its first draft version (315 cl.4.5: one plan of measures a year; cl.4.1: a division's)."""
    role = _role(by, Action.ADD, Plan, organisation.pk)
    errors = {}
    if kind not in PlanKind.values:
        errors["kind"] = _("Choose the kind of plan.")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("Give the year of the plan.")
    if kind == PlanKind.WORK and division is None:
        errors["division"] = _("A work plan is a division's: choose the division.")
    if kind == PlanKind.MEASURES:
        division = None
    if division is not None and division.organisation_id != organisation.pk:
        errors["division"] = _("Choose a division of the organisation.")
    if errors:
        raise ValidationError(errors)
    plan = Plan(organisation=organisation, kind=kind, year=year, division=division, title=(title or "").strip()[:300])
    plan.validate_constraints()
    plan.save()
    version = PlanVersion.objects.create(plan=plan, organisation=organisation, division=division, version=1,
                                         drafted_by=by)
    _log(by=by, role=role, event="created", obj=plan, organisation_id=organisation.pk)
    _log(by=by, role=role, event="drafted", obj=version, organisation_id=organisation.pk)
    return plan


def _draft(by, version: PlanVersion) -> tuple[PlanVersion, str]:
    version = PlanVersion.objects.select_for_update(no_key=True, of=("self",)).select_related("plan").get(pk=version.pk)
    role = _require(by, Action.CHANGE, version.plan)
    if version.status != VersionStatus.DRAFT:
        raise ActionRefused(_("An approved plan is not edited: draw up a new version with the reason for the change."))
    return version, role


def check_content(version: PlanVersion, data: dict) -> dict:
    """The item's content fields checked: a clear error per field, nothing written."""
    errors, clean = {}, {}
    measure = (data.get("measure") or "").strip()
    if not measure:
        errors["measure"] = _("Describe the measure.")
    clean["measure"] = measure
    deadline = data.get("deadline")
    if not isinstance(deadline, datetime.date):
        errors["deadline"] = _("Give the deadline.")
    clean["deadline"] = deadline
    start = data.get("period_start")
    if start is not None and isinstance(deadline, datetime.date) and start > deadline:
        errors["period_start"] = _("The period cannot start after its end.")
    clean["period_start"] = start
    organisation_id = version.organisation_id
    for name, model in (("responsible", Person), ("division", Division), ("facility", HazardousFacility)):
        value = data.get(name)
        if value is not None and (not isinstance(value, model) or value.organisation_id != organisation_id):
            errors[name] = _("Choose one of the organisation's records.")
        clean[name] = value
    if version.plan.kind == PlanKind.WORK:
        # A work plan's items are its division's (315 cl.4.1, cl.25).
        clean["division"] = version.plan.division
    position = data.get("position")
    if position is not None:
        clean["position"] = position
    if errors:
        raise ValidationError(errors)
    return clean


@_writes
def item_add(*, by, version: PlanVersion, **data) -> PlanItem:
    version, role = _draft(by, version)
    clean = check_content(version, data)
    if "position" not in clean:
        last = version.items.order_by("-position").values_list("position", flat=True).first()
        clean["position"] = (last or 0) + 1
    item = PlanItem.objects.create(version=version, organisation_id=version.organisation_id, **clean)
    _log(by=by, role=role, event="added", obj=item, organisation_id=version.organisation_id)
    return item


@_writes
def item_update(*, by, item: PlanItem, **data) -> PlanItem:
    version, role = _draft(by, item.version)
    item = PlanItem.objects.select_for_update(no_key=True).get(pk=item.pk, version=version)
    clean = check_content(version, {**{name: getattr(item, name) for name in CONTENT_FIELDS}, **data})
    for name, value in clean.items():
        setattr(item, name, value)
    item.save()
    _log(by=by, role=role, event="changed", obj=item, organisation_id=version.organisation_id)
    return item


@_writes
def item_remove(*, by, item: PlanItem) -> None:
    version, role = _draft(by, item.version)
    item = PlanItem.objects.select_for_update(no_key=True).get(pk=item.pk, version=version)
    _log(by=by, role=role, event="removed", obj=item, organisation_id=version.organisation_id, gone=True)
    item.delete()


@_writes
def version_new(*, by, plan: Plan, reason: str) -> PlanVersion:
    """A change after approval: a new draft version, with its reason, of the items of the version in force. The
    approved version stays as it is until the new one is approved."""
    plan = Plan.objects.select_for_update(no_key=True).get(pk=plan.pk)
    role = _require(by, Action.CHANGE, plan)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    versions = list(plan.versions.order_by("version"))
    if any(v.status == VersionStatus.DRAFT for v in versions):
        raise ActionRefused(_("The plan already has a draft version."))
    current = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    if current is None:
        raise ActionRefused(_("A new version is drawn up once the plan is approved."))
    version = PlanVersion.objects.create(plan=plan, organisation_id=plan.organisation_id, division=plan.division,
                                         version=versions[-1].version + 1, reason=reason.strip(), drafted_by=by)
    _log(by=by, role=role, event="drafted", obj=version, organisation_id=plan.organisation_id)
    for old in current.items.order_by("position", "pk"):
        item = PlanItem.objects.create(version=version, organisation_id=plan.organisation_id, origin=old,
                                       **{f"{name}_id" if name in ("responsible", "division", "facility") else name:
                                          getattr(old, f"{name}_id" if name in ("responsible", "division", "facility")
                                                  else name) for name in CONTENT_FIELDS})
        _log(by=by, role=role, event="added", obj=item, organisation_id=plan.organisation_id)
    return version


# --- Approval (the head's signed act) ----------------------------------------------------------------------------

def _check_approve(context) -> None:
    if not context.record.items.exists():
        raise ActionRefused(_("A plan without items cannot be approved."))


def _carry_execution(version: PlanVersion, by, role: str) -> None:
    """The new version's items continue the execution and evidence of the items they came from."""
    items = list(version.items.filter(origin__isnull=False).select_related("origin").order_by("pk"))
    evidence = {}
    for row in PlanEvidence.objects.filter(item__in=[i.origin_id for i in items]).order_by("pk"):
        evidence.setdefault(row.item_id, []).append(row)
    for item in items:
        for name in EXECUTION_FIELDS:
            setattr(item, name, getattr(item.origin, name))
        item.save(update_fields=list(EXECUTION_FIELDS))
        _log(by=by, role=role, event="carried", obj=item, organisation_id=version.organisation_id)
        for row in evidence.get(item.origin_id, []):
            copy = PlanEvidence.objects.create(
                item=item, organisation_id=row.organisation_id, division_id=item.division_id, text=row.text,
                file=row.file.name, filename=row.filename, content_type=row.content_type, size=row.size,
                sha256=row.sha256, added_by_id=row.added_by_id)
            _log(by=by, role=role, event="carried", obj=copy, organisation_id=version.organisation_id)


def plan_approve(*, record: PlanVersion, by, credentials: dict) -> PlanVersion:
    """315 cl.4.5 (cl.4.1): the head approves the draft version with a signature. It becomes the plan in force, the
    version before it is superseded (kept as it was), and the plan takes its number the first time."""
    def change(context):
        version, role = context.record, context.role
        plan = Plan.objects.select_for_update(no_key=True).get(pk=version.plan_id)
        previous = (PlanVersion.objects.select_for_update(no_key=True)
                    .filter(plan=plan, status=VersionStatus.APPROVED).first())
        if previous is not None:
            previous.status = VersionStatus.SUPERSEDED
            previous.save(update_fields=["status"])
            _log(by=by, role=role, event="superseded", obj=previous, organisation_id=plan.organisation_id)
        if plan.number is None:
            plan.number = next_number(plan.organisation_id, plan.document_kind, plan.year)
            plan.save(update_fields=["number"])
            _log(by=by, role=role, event="numbered", obj=plan, organisation_id=plan.organisation_id)
        version.status, version.approved_by, version.approved_at = PLAN_APPROVE.target, by, timezone.now()
        version.save(update_fields=["status", "approved_by", "approved_at"])
        _log(by=by, role=role, event="approved", obj=version, organisation_id=plan.organisation_id)
        _carry_execution(version, by, role)
        return version

    return perform(PLAN_APPROVE, domain=CONTROL, record=record, by=by, credentials={"credentials": credentials},
                   change=change, guard=_check_approve)


# --- Execution ---------------------------------------------------------------------------------------------------

def _in_force(by, item: PlanItem) -> tuple[PlanItem, str]:
    item = PlanItem.objects.select_for_update(no_key=True, of=("self",)).select_related("version").get(pk=item.pk)
    role = _require(by, Action.CHANGE, item)
    if item.version.status != VersionStatus.APPROVED:
        raise ActionRefused(_("Execution is recorded on the plan in force, once it is approved."))
    return item, role


@_writes
def item_execute(*, by, item: PlanItem, status: str, not_done_reason: str = "", execution_note: str = "",
                 executed_on: datetime.date | None = None) -> PlanItem:
    """Record how the measure was carried out: its status, a not-done measure's reason, the date and a note."""
    item, role = _in_force(by, item)
    errors = {}
    if status not in ItemStatus.values:
        errors["status"] = _("Choose the status.")
    reason = (not_done_reason or "").strip()
    if status == ItemStatus.NOT_DONE and not reason:
        errors["not_done_reason"] = _("Give the reason the measure was not done.")
    if executed_on is not None and executed_on > timezone.localdate():
        errors["executed_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if status == ItemStatus.DONE and executed_on is None:
        executed_on = timezone.localdate()
    item.status = status
    item.not_done_reason = reason if status == ItemStatus.NOT_DONE else ""
    item.execution_note = (execution_note or "").strip()
    item.executed_on = executed_on if status == ItemStatus.DONE else None
    item.save(update_fields=list(EXECUTION_FIELDS))
    _log(by=by, role=role, event="executed", obj=item, organisation_id=item.organisation_id)
    return item


def _digest(upload) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


@_writes
def evidence_add(*, by, item: PlanItem, text: str = "", upload=None) -> PlanEvidence:
    """Evidence of execution: a text, a file fixed by its SHA-256 (ledgered with its hash), or both."""
    item, role = _in_force(by, item)
    text = (text or "").strip()
    if upload is None and not text:
        raise ValidationError({"text": _("Attach a file or describe the evidence.")})
    if upload is not None and upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError({"file": _("The file is %(size)s; at most %(limit)s may be attached.") % {
            "size": filesizeformat(upload.size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}})
    if upload is not None and upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    evidence = PlanEvidence(item=item, organisation_id=item.organisation_id, division_id=item.division_id, text=text,
                            added_by=by)
    if upload is not None:
        name = PurePath(str(upload.name).replace("\\", "/")).name.strip()[:300] or "evidence"
        evidence.filename, evidence.size, evidence.sha256 = name, upload.size, _digest(upload)
        evidence.content_type = (getattr(upload, "content_type", "") or mimetypes.guess_type(name)[0]
                                 or "application/octet-stream")[:100]
        storage = evidence.file.storage
        path = f"control/plans/{item.organisation_id}/{evidence.sha256[:2]}/{evidence.sha256}"
        if storage.exists(path):
            evidence.file.name = path
        else:
            evidence.file.save(name, upload, save=False)
    evidence.save()
    _log(by=by, role=role, event="added", obj=evidence, organisation_id=item.organisation_id)
    return evidence
