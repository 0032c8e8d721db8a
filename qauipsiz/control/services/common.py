"""What the writes of the schedule, programmes, inspections, findings and journal share (315 cl.7-9, cl.11-12, cl.14):
the gate of a plain write, the ledger entry of each change, and the transaction that appends them last."""

import functools

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.policy import acting_role, can
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.ledger import services as ledger

from ..models import APPROVER_CHOICES
from ..selectors import regulation_in_force


def role_for(by, action: str, model, organisation_id: int) -> str:
    """The role `by` acts in to do `action` on a new record of `model` in the organisation; refused without one."""
    role = acting_role(by, action, model, organisation_id)
    if not role:
        raise PermissionDenied(_("Your roles do not allow this."))
    return role


def require(by, action: str, obj) -> str:
    """The role `by` acts in to do `action` on `obj`; refused when the gatekeeper does not let them."""
    if not can(by, action, obj):
        raise PermissionDenied(_("Your roles do not allow this."))
    return acting_role(by, action, type(obj), obj.organisation_id)


def log(*, by, role: str, event: str, obj, content=None, gone: bool = False) -> None:
    ledger.append(organisation_id=obj.organisation_id, by=by, role=role, action=f"{obj._meta.label_lower}.{event}",
                  obj=obj, content=content, gone=gone)


def writes(func):
    """`@transactions.atomic` with the ledger's entries appended at the end, so the chain head is locked last."""
    @functools.wraps(func)
    def run(*args, **kwargs):
        with ledger.deferred():
            return func(*args, **kwargs)
    return transactions.atomic(run)


def approver_role(organisation, document: str) -> str:
    """Who approves the inspection schedule (`document="schedule"`, 315 cl.7) or the comprehensive inspection's
    programme (`"programme"`, cl.11): as the Regulation in force sets it, else the head."""
    regulation = regulation_in_force(organisation)
    if regulation is None:
        return "head"
    return getattr(regulation, f"{document}_approver") or "head"


def approver_label(role: str) -> str:
    return str(dict(APPROVER_CHOICES).get(role, role))


def check_approver(context, document: str) -> None:
    """The act's guard: the approver signs in the role the Regulation names (the superuser stands in for it)."""
    organisation = context.record.organisation
    expected = approver_role(organisation, document)
    if getattr(context.by, "is_superuser", False):
        return
    from qauipsiz.accounts.policy import grants_of

    roles = {g.role for g in grants_of(context.by) if g.organisation_id == organisation.pk}
    if expected not in roles:
        raise ActionRefused(_("The Regulation on production control says who approves this: %(role)s.") % {
            "role": approver_label(expected)})
