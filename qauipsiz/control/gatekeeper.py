"""The gatekeeper of production-control records (315 cl.25).

cl.25: the head of the organisation and the production-control officials have general access to its data; everyone
else reaches what concerns their division. `accounts.policy` applies it from the scopes below: organisation-wide
roles (`ORGANISATION_WIDE`) see the whole organisation, division-scoped roles their division's subtree, contractors
what names them. Each record type is listed with the actions each role has on it.
"""

from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import Scope
from qauipsiz.domains import ScopeGrant

VIEW = frozenset({Action.VIEW})
MANAGE = frozenset({Action.VIEW, Action.ADD, Action.CHANGE, Action.DEACTIVATE})
# Those who keep production control's records (315 cl.4, cl.24) and those who may only read them.
KEEPERS = (Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE)
HEADS = (Role.HEAD, Role.FIRST_HEAD)
READERS = (Role.AUDITOR, Role.SYSADMIN)


def grant(scope: Scope, **actions_by_role: frozenset) -> ScopeGrant:
    return ScopeGrant(scope, {Role(role): actions for role, actions in actions_by_role.items()})


def keepers_manage(scope: Scope, *, division_heads=VIEW, others=VIEW) -> ScopeGrant:
    """The usual table: the service keeps the records, the heads and the auditor read them all, a division's head
    and people read their division's (`others`: the division-scoped roles below the division head)."""
    table = {**dict.fromkeys(KEEPERS, MANAGE), **dict.fromkeys(HEADS, VIEW), **dict.fromkeys(READERS, VIEW),
             Role.DIVISION_HEAD: division_heads}
    for role in (Role.PERMIT_ISSUER, Role.ADMITTING_PERSON, Role.RESPONSIBLE_MANAGER, Role.WORK_PERFORMER,
                 Role.CREW_MEMBER):
        table[role] = others
    return ScopeGrant(scope, table)


# model label -> ScopeGrant, one entry per record type, added by each sub-domain.
SCOPES: dict[str, ScopeGrant] = {}


def scope_grants() -> dict[str, ScopeGrant]:
    return dict(SCOPES)


# --- Plans (315 cl.4.1, cl.4.5) -------------------------------------------------------------------------------------
# The service drafts the plans; the heads read them (and approve them by the act, acts.PLAN_APPROVE); a division's
# head and people read their division's work plan and the items of their division (cl.25). Execution is recorded by
# the service and, for their division's items, by its head.
EXECUTES = frozenset({Action.VIEW, Action.CHANGE})
SCOPES["control.plan"] = keepers_manage(Scope(organisation="organisation", division="division"))
SCOPES["control.planversion"] = keepers_manage(Scope(organisation="organisation", division="division"))
SCOPES["control.planitem"] = keepers_manage(Scope(organisation="organisation", division="division"),
                                            division_heads=EXECUTES)
SCOPES["control.planevidence"] = keepers_manage(Scope(organisation="organisation", division="division"),
                                                division_heads=EXECUTES)
