"""Actions on the register. Views and the API validate input with the forms in `forms.py`, then call one of these.

Every action runs in one transaction, locks the row it changes, and checks the gatekeeper both on the record as it was
and as it will be, so that nobody can create or move a record outside their own scope: a refusal rolls back everything.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import acting_role, can, grants_of
from qauipsiz.domains import organisation_of
from qauipsiz.ledger import services as ledger

from .choices import DeviceState
from .models import Appointment, Division, LegalActClause, TechnicalDevice

# 315 cl.3: an appointment that gives a login its access (a grant tied to it) is the head's order; only those who
# appoint may change or restore it, or an official could extend their own access through the register.
APPOINTERS = frozenset({Role.HEAD, Role.FIRST_HEAD, Role.SYSADMIN})


def deny(action: str) -> PermissionDenied:
    return PermissionDenied(_("You are not allowed to %(action)s this record.") % {"action": Action(action).label})


def _path_step(pk: int) -> str:
    # Zero-padded so that ordering by path lists every division right after its parent, whatever the ids.
    return f"{pk:08d}/"


def _division_path(division: Division) -> str:
    if division.parent_id is None:
        return f"/{_path_step(division.pk)}"
    parent = Division.objects.only("path", "organisation_id").get(pk=division.parent_id)
    if parent.organisation_id != division.organisation_id:
        raise ValidationError({"parent": _("The parent division belongs to another organisation.")})
    if f"/{_path_step(division.pk)}" in parent.path:
        raise ValidationError({"parent": _("A division cannot be placed under itself or its own subdivision.")})
    return f"{parent.path}{_path_step(division.pk)}"


def _save_with_paths(instance: Model, *, old_path: str | None) -> None:
    """Keep the materialised path of a division, and of its whole subtree when it moves."""
    if not isinstance(instance, Division):
        instance.save()
        return
    instance.save()
    path = _division_path(instance)
    if path != instance.path:
        instance.path = path
        instance.save(update_fields=["path"])
        if old_path:
            Division.objects.filter(path__startswith=old_path).exclude(pk=instance.pk).update(
                path=Concat(Value(path), Substr("path", len(old_path) + 1)))


def organisation_id_of(obj: Model) -> int | None:
    """Whose chain of the ledger a register record's events go to (None for built-in records of no organisation)."""
    return organisation_of(obj)


def _guard_ordered_access(by, obj: Model, action: str) -> None:
    if not isinstance(obj, Appointment) or by.is_superuser or not obj.grants.exists():
        return
    if not any(g.organisation_id == obj.organisation_id and g.role in APPOINTERS for g in grants_of(by)):
        raise deny(action)


# The national library: acts of no organisation, their clauses and editions. The installation's superuser keeps it; as
# it belongs to no organisation's books there is no chain of the ledger to write to (the built-in training types are
# not ledgered either), and `qauipsiz verify` checks no organisation against it.
NATIONAL_LIBRARY = frozenset({"core.legalact", "core.legalactclause", "core.clauseedition"})


def national_change_allowed(by, obj: Model) -> bool:
    """May `by` change this record of no organisation? Only the superuser, and only in the national library."""
    return (getattr(by, "is_superuser", False) and by.is_active and obj._meta.label_lower in NATIONAL_LIBRARY)


def ledger_record(*, by, action: str, event: str, obj: Model) -> None:
    """Append the change of a register record to its organisation's chain (see `NATIONAL_LIBRARY` for none)."""
    organisation_id = organisation_id_of(obj)
    if organisation_id is None and national_change_allowed(by, obj):
        return
    if organisation_id is None:
        # Built-in records (shared training types) belong to no organisation's books: nobody changes them here.
        raise deny(action)
    ledger.append(organisation_id=organisation_id, by=by, action=f"{obj._meta.label_lower}.{event}", obj=obj,
                  role=acting_role(by, action, type(obj), organisation_id))


def _save_m2m(instance: Model, m2m: dict[str, Iterable] | None) -> None:
    for field, values in (m2m or {}).items():
        getattr(instance, field).set(values)


def record_create(*, by, instance: Model, m2m: dict[str, Iterable] | None = None) -> Model:
    """Create a register record; refused (and rolled back) when it falls outside what `by` may create."""
    try:
        return _create(by=by, instance=instance, m2m=m2m)
    except (ValidationError, PermissionDenied):
        # The row was rolled back: the object must not go on looking saved (a form shown again would say "Edit").
        instance.pk = None
        instance._state.adding = True
        raise


@transactions.atomic
def _create(*, by, instance: Model, m2m: dict[str, Iterable] | None) -> Model:
    instance.full_clean()
    _save_with_paths(instance, old_path=None)
    _save_m2m(instance, m2m)
    if not can(by, Action.ADD, instance):
        raise deny(Action.ADD)
    ledger_record(by=by, action=Action.ADD, event="created", obj=instance)
    if isinstance(instance, LegalActClause):
        from .legal import first_edition  # legal.py builds on this module

        first_edition(by=by, clause=instance)
    return instance


@transactions.atomic
def record_update(*, by, instance: Model, m2m: dict[str, Iterable] | None = None) -> Model:
    """Save changes to a register record that `by` may edit, and that stays within `by`'s scope afterwards."""
    model = type(instance)
    current = model._default_manager.select_for_update(no_key=True).get(pk=instance.pk)
    if not can(by, Action.CHANGE, current):
        raise deny(Action.CHANGE)
    _guard_ordered_access(by, current, Action.CHANGE)
    instance.full_clean()
    _save_with_paths(instance, old_path=getattr(current, "path", None))
    _save_m2m(instance, m2m)
    if not can(by, Action.CHANGE, instance):
        raise deny(Action.CHANGE)
    ledger_record(by=by, action=Action.CHANGE, event="changed", obj=instance)
    return instance


@transactions.atomic
def record_set_active(*, by, instance: Model, active: bool) -> Model:
    """Deactivate (or reactivate) a record. Records are never deleted: permits and inspections may cite them."""
    model = type(instance)
    current = model._default_manager.select_for_update(no_key=True).get(pk=instance.pk)
    if not can(by, Action.DEACTIVATE, current):
        raise deny(Action.DEACTIVATE)
    _guard_ordered_access(by, current, Action.DEACTIVATE)
    if isinstance(current, Division) and not active and Division.objects.filter(parent=current, is_active=True).exists():
        raise ValidationError(_("Deactivate the subdivisions first."))
    current.is_active = active
    current.save(update_fields=["is_active", "updated_at"])
    ledger_record(by=by, action=Action.DEACTIVATE, event="reactivated" if active else "deactivated", obj=current)
    return current


@transactions.atomic
def device_set_state(*, by, device: TechnicalDevice, state: str) -> TechnicalDevice:
    """Put a device into operation or stop it. "Under a work permit" is set and cleared by permits only (344 cl.30)."""
    current = TechnicalDevice.objects.select_for_update(no_key=True).get(pk=device.pk)
    if not can(by, Action.CHANGE, current):
        raise deny(Action.CHANGE)
    if state not in (DeviceState.IN_OPERATION, DeviceState.STOPPED):
        raise ValidationError(_("Only a work permit can put a device under a permit."))
    if current.state == DeviceState.UNDER_PERMIT:
        raise ValidationError(_("The device is under a work permit; it returns to operation when the permit is closed."))
    current.state = state
    current.save(update_fields=["state", "updated_at"])
    ledger_record(by=by, action=Action.CHANGE, event="state_changed", obj=current)
    return current


@transactions.atomic
def import_apply(*, by, plan) -> dict[str, int]:
    """Write every good row of an import plan in one transaction: if any row is refused, nothing is written."""
    counts = {"create": 0, "update": 0}
    for row in plan.good_rows:
        instance = row.form.save(commit=False)
        m2m = {f.name: row.form.cleaned_data[f.name] for f in instance._meta.many_to_many
               if f.name in row.form.cleaned_data}
        try:
            if row.action == "update":
                record_update(by=by, instance=instance, m2m=m2m)
            else:
                record_create(by=by, instance=instance, m2m=m2m)
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise ValidationError(_("Row %(row)s: %(reason)s") % {"row": row.number, "reason": reason}) from error
        counts[row.action] += 1
    return counts
