"""The writes of the prescriptions of the state authority (315 cl.26.3): registered with their items, each item's
execution recorded with its evidence, the prescription done when every item is.

315 cl.16: an item citing a clause keeps the wording in force on the prescription's date
(`core.legal.citable_edition`); a repealed clause, or one with no wording that day, is refused with the reason. Where
the clause is not in the library the requirement is kept as written.
"""

import datetime
import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, can
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.legal import citable_edition
from qauipsiz.core.models import HazardousFacility, LegalActClause, Person
from qauipsiz.ledger import services as ledger

from ..choices import PrescriptionStatus
from ..models import StatePrescription, StatePrescriptionEvidence, StatePrescriptionItem
from . import files


def _writes(func):
    @functools.wraps(func)
    def run(*args, **kwargs):
        with ledger.deferred():
            return func(*args, **kwargs)
    return transactions.atomic(run)


def _log(by, role: str, event: str, obj) -> None:
    ledger.append(organisation_id=obj.organisation_id, by=by, role=role, action=f"{obj._meta.label_lower}.{event}",
                  obj=obj)


def _item(data: dict, position: int, organisation_id: int, issued_on: datetime.date) -> tuple[dict, dict]:
    """One item checked: its fields, or its errors by field name."""
    errors, clean = {}, {"position": position}
    violation = (data.get("violation") or "").strip()
    if not violation:
        errors["violation"] = _("Describe the violation found.")
    clean["violation"] = violation
    clause = data.get("clause")
    if clause is not None and not isinstance(clause, LegalActClause):
        clause = LegalActClause.objects.select_related("act").filter(pk=clause).first()
        if clause is None:
            errors["clause"] = _("Choose a clause of the library.")
    if isinstance(clause, LegalActClause):
        # The national library, or the organisation's own acts; never another organisation's.
        if clause.act.organisation_id not in (None, organisation_id):
            errors["clause"] = _("Choose a clause of the library.")
        else:
            try:
                clean["edition"] = citable_edition(clause, issued_on)
            except ValidationError as error:
                errors["clause"] = " ".join(error.messages)
        clean["clause"] = clause
    text = (data.get("requirement_text") or "").strip()
    if not isinstance(clause, LegalActClause) and not text and "clause" not in errors:
        errors["requirement_text"] = _("Cite the clause, or write the requirement where it is not in the library.")
    clean["requirement_text"] = text
    deadline = data.get("deadline")
    if not isinstance(deadline, datetime.date):
        errors["deadline"] = _("Give the deadline.")
    elif deadline < issued_on:
        errors["deadline"] = _("The deadline cannot be before the prescription's date.")
    clean["deadline"] = deadline
    executor = data.get("executor")
    if executor is not None and not isinstance(executor, Person):
        executor = Person.objects.filter(pk=executor).first()
    if executor is None or executor.organisation_id != organisation_id or not executor.is_active:
        errors["executor"] = _("Choose the executor, a person of the organisation's register.")
    clean["executor"] = executor
    return clean, errors


def _refresh(prescription: StatePrescription) -> None:
    open_items = prescription.items.filter(status=PrescriptionStatus.OPEN)
    prescription.next_deadline = open_items.aggregate(first=Min("deadline"))["first"]
    prescription.status = PrescriptionStatus.OPEN if prescription.next_deadline else PrescriptionStatus.DONE
    prescription.save(update_fields=["next_deadline", "status"])


class ItemErrors(ValidationError):
    """The items' errors, by item position (1-based) and field, for the form's rows and the API alike."""

    def __init__(self, by_item: dict[int, dict]):
        self.by_item = by_item
        messages = [_("Item %(n)s: %(errors)s") % {"n": n, "errors": " ".join(str(m) for m in e.values())}
                    for n, e in sorted(by_item.items())]
        super().__init__({"items": messages})


@_writes
def prescription_register(*, by, facility: HazardousFacility, number: str, issued_on, issuing_body: str,
                          items: list[dict]) -> StatePrescription:
    """Register a prescription with its items (each: violation, clause or requirement text, deadline, executor)."""
    errors = {}
    number, issuing_body = (number or "").strip(), (issuing_body or "").strip()
    if facility is None:
        errors["facility"] = _("Choose the facility.")
    if not number:
        errors["number"] = _("Give the prescription's number.")
    if not isinstance(issued_on, datetime.date):
        errors["issued_on"] = _("Give the prescription's date.")
    elif issued_on > timezone.localdate():
        errors["issued_on"] = _("The date cannot be in the future.")
    if not issuing_body:
        errors["issuing_body"] = _("Name the state authority that issued it.")
    if not items:
        errors["items"] = _("A prescription has at least one item.")
    if errors:
        raise ValidationError(errors)
    role = acting_role(by, Action.ADD, StatePrescription, facility.organisation_id)
    if not role:
        raise PermissionDenied(_("Your roles do not allow this."))
    checked, item_errors = [], {}
    for n, data in enumerate(items, start=1):
        clean, problems = _item(data, n, facility.organisation_id, issued_on)
        checked.append(clean)
        if problems:
            item_errors[n] = problems
    if item_errors:
        raise ItemErrors(item_errors)
    if StatePrescription.objects.filter(organisation_id=facility.organisation_id, issuing_body=issuing_body,
                                        number=number, issued_on=issued_on).exists():
        raise ValidationError({"number": _("This prescription is already registered.")})
    prescription = StatePrescription.objects.create(
        organisation_id=facility.organisation_id, division_id=facility.division_id, facility=facility, number=number,
        issued_on=issued_on, issuing_body=issuing_body[:500], registered_by=by)
    if not can(by, Action.ADD, prescription):
        raise PermissionDenied(_("Your roles do not allow this."))
    for clean in checked:
        item = StatePrescriptionItem.objects.create(prescription=prescription, organisation_id=prescription.organisation_id,
                                                    division_id=prescription.division_id, **clean)
        _log(by, role, "added", item)
    _refresh(prescription)
    _log(by, role, "registered", prescription)
    return prescription


def _item_locked(by, item: StatePrescriptionItem) -> tuple[StatePrescriptionItem, str]:
    prescription = StatePrescription.objects.select_for_update(no_key=True).get(pk=item.prescription_id)
    item = StatePrescriptionItem.objects.select_for_update(no_key=True).get(pk=item.pk)
    item.prescription = prescription
    if can(by, Action.CHANGE, item):
        return item, acting_role(by, Action.CHANGE, StatePrescriptionItem, item.organisation_id)
    person = getattr(by, "person", None)
    # The executor records his own item's execution (315 cl.26.3), whatever his role, if he sees the item.
    if person is not None and person.pk == item.executor_id and can(by, Action.VIEW, item):
        return item, "executor"
    raise PermissionDenied(_("Your roles do not allow this."))


def done_refusals(item: StatePrescriptionItem) -> list[str]:
    if item.status == PrescriptionStatus.DONE:
        return [_("The item is already done.")]
    return []


@_writes
def evidence_add(*, by, item: StatePrescriptionItem, upload, title: str = "") -> StatePrescriptionEvidence:
    item, role = _item_locked(by, item)
    files.check_upload(upload)
    evidence = files.store(StatePrescriptionEvidence(item=item, organisation_id=item.organisation_id,
                                                     division_id=item.division_id, added_by=by), upload, title=title)
    _log(by, role, "added", evidence)
    return evidence


@_writes
def item_done(*, by, item: StatePrescriptionItem, note: str, done_on=None, upload=None,
              title: str = "") -> StatePrescriptionItem:
    """The item done, with its evidence: a file given now or kept before, and a note of how it was done."""
    item, role = _item_locked(by, item)
    refusals = done_refusals(item)
    if refusals:
        raise ActionRefused(" ".join(refusals))
    errors = {}
    if not (note or "").strip():
        errors["note"] = _("Say how the requirement was met.")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        errors["done_on"] = _("The date cannot be in the future.")
    elif done_on < item.prescription.issued_on:
        errors["done_on"] = _("The date cannot be before the prescription's date.")
    if upload is not None:
        try:
            files.check_upload(upload)
        except ValidationError as error:
            errors.update(error.message_dict)
    elif not item.evidence.exists():
        errors["file"] = _("Attach the evidence of execution.")
    if errors:
        raise ValidationError(errors)
    if upload is not None:
        evidence = files.store(StatePrescriptionEvidence(item=item, organisation_id=item.organisation_id,
                                                         division_id=item.division_id, added_by=by), upload,
                               title=title)
        _log(by, role, "added", evidence)
    item.status, item.done_on, item.done_note = PrescriptionStatus.DONE, done_on, note.strip()
    item.save(update_fields=["status", "done_on", "done_note"])
    _log(by, role, "done", item)
    prescription = item.prescription
    _refresh(prescription)
    if prescription.status == PrescriptionStatus.DONE:
        _log(by, role, "done", prescription)
    return item



__all__ = ["ItemErrors", "prescription_register", "evidence_add", "item_done", "done_refusals"]
