"""The organisation's policy on one person holding two parts of one permit (344 cl.16, cl.19 name the parts: the
issuer, the responsible manager, an admitting person, the performer). Order 344 neither allows nor forbids it, so the
organisation decides per pair: allow, warn and record (the default, for a pair it has not decided), forbid. The issue
of a permit follows it (`authority.held_together`, `guards`), the permit page shows it.

Who decides: the head of the organisation, a production-control official or a system administrator (the gatekeeper's
grant of `permits.partspolicy`). Each change is a ledger entry with the pair's new state.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from qauipsiz import transactions
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import acting_role, organisations_for
from qauipsiz.ledger import services as ledger

from ..choices import HoldingPolicy, PermitPart
from ..models import PartsPolicy

DEFAULT_POLICY = HoldingPolicy.WARN


def part_pairs() -> list[tuple[str, str]]:
    """Every pair of two different parts, once, in the order of the parts on the form."""
    parts = PermitPart.values
    return [(first, second) for i, first in enumerate(parts) for second in parts[i + 1:]]


def _ordered(first: str, second: str) -> tuple[str, str]:
    order = {part: index for index, part in enumerate(PermitPart.values)}
    return tuple(sorted((first, second), key=order.__getitem__))


def policy_organisations(user):
    """The organisations whose policy the user may see and change."""
    return organisations_for(user, Action.CHANGE, PartsPolicy).order_by("pk")


def policy_organisation(user, organisation_id: int | None = None):
    """The organisation whose policy the user asks for (default: the first of his). A user who may set the policy
    nowhere is refused (403); an organisation not his is not found (404), so an outsider learns nothing of it."""
    organisations = policy_organisations(user)
    if not organisations.exists():
        raise PermissionDenied(_("Only the head of the organisation, a production-control official or a system "
                                 "administrator sets the policy on parts held by one person."))
    organisation = organisations.filter(pk=organisation_id).first() if organisation_id else organisations.first()
    if organisation is None:
        raise Http404
    return organisation


def parts_policies(organisation_id: int) -> list[dict]:
    """The whole matrix: each pair with its policy and whether it is the default (the organisation has not decided)."""
    stored = {_ordered(row.first, row.second): row.policy
              for row in PartsPolicy.objects.filter(organisation=organisation_id).order_by("pk")}
    # The labels in the language active now (the page's, the API caller's).
    return [{"first": first, "second": second, "first_label": str(PermitPart(first).label),
             "second_label": str(PermitPart(second).label), "policy": stored.get((first, second), DEFAULT_POLICY),
             "policy_label": str(HoldingPolicy(stored.get((first, second), DEFAULT_POLICY)).label),
             "is_default": (first, second) not in stored}
            for first, second in part_pairs()]


def _checked(changes) -> list[tuple[str, str, str]]:
    """Each change as (first, second, policy) with the pair in the parts' order; refused whole if any is wrong."""
    checked, seen = [], set()
    for first, second, policy in changes:
        if first not in PermitPart.values or second not in PermitPart.values:
            raise ValidationError({"first": [_("Choose parts of the permit among: %(parts)s.")
                                             % {"parts": ", ".join(PermitPart.values)}]})
        if first == second:
            raise ValidationError({"second": [_("Choose two different parts.")]})
        if policy not in HoldingPolicy.values:
            raise ValidationError({"policy": [_("Choose the policy among: %(policies)s.")
                                              % {"policies": ", ".join(HoldingPolicy.values)}]})
        pair = _ordered(first, second)
        if pair in seen:
            raise ValidationError({"__all__": [_("Each pair of parts is given once.")]})
        seen.add(pair)
        checked.append((*pair, policy))
    return checked


@transactions.atomic
def parts_policy_set(*, by, organisation_id: int, changes) -> list[dict]:
    """Set the policy of the given pairs (`changes`: (first, second, policy) each), all or none, and return the
    whole matrix. A pair already at that policy is left alone and ledgers nothing."""
    if not policy_organisations(by).filter(pk=organisation_id).exists():
        raise PermissionDenied(_("Only the head of the organisation, a production-control official or a system "
                                 "administrator sets the policy on parts held by one person."))
    role = acting_role(by, Action.CHANGE, PartsPolicy, organisation_id)
    for first, second, policy in _checked(changes):
        # A row may have been written the other way round (in the admin): it is the same pair.
        rows = list(PartsPolicy.objects.select_for_update(no_key=True).filter(
            organisation=organisation_id, first__in=(first, second), second__in=(first, second)).order_by("pk"))
        row, extra = (rows[0], rows[1:]) if rows else (None, [])
        for duplicate in extra:
            ledger.append(organisation_id=organisation_id, by=by, role=role, action="permits.partspolicy.deleted",
                          obj=duplicate, gone=True)
            duplicate.delete()
        if row is None:
            row = PartsPolicy.objects.create(organisation_id=organisation_id, first=first, second=second,
                                             policy=policy)
            ledger.append(organisation_id=organisation_id, by=by, role=role, action="permits.partspolicy.created",
                          obj=row)
        elif (row.first, row.second, row.policy) != (first, second, policy):
            row.first, row.second, row.policy = first, second, policy
            row.save(update_fields=["first", "second", "policy"])
            ledger.append(organisation_id=organisation_id, by=by, role=role, action="permits.partspolicy.updated",
                          obj=row)
    return parts_policies(organisation_id)
