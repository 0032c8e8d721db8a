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


# --- The Regulation on production control (315 cl.5-6) ---------------------------------------------------------------
# Read by the service, the heads, the divisions' heads (its decisions are executed in their divisions, cl.6.5) and the
# auditor; kept by the officials; approved by the head through its act.
_REGULATION = grant(Scope(organisation="organisation"), **{
    **dict.fromkeys(KEEPERS, MANAGE), **dict.fromkeys(HEADS, VIEW), **dict.fromkeys(READERS, VIEW),
    Role.DIVISION_HEAD: VIEW})
SCOPES["control.regulation"] = _REGULATION
SCOPES["control.effectivenesscriterion"] = _REGULATION

# --- Examinations and removal from work (315 cl.4.6, cl.4.7, cl.26.5, cl.27.4) ---------------------------------------
# The service keeps the examinations and proposes removals; the heads and the auditor read them all, a division's head
# and people their division's (cl.25). The head's decision on a removal is the signed act (acts.REMOVAL_APPROVE).
SCOPES["control.examination"] = keepers_manage(Scope(organisation="organisation", division="division"))
SCOPES["control.examinationfile"] = keepers_manage(Scope(organisation="organisation", division="division"))
SCOPES["control.removal"] = keepers_manage(Scope(organisation="organisation", division="division"))

# --- Accidents, incidents and injuries (315 cl.4.9, cl.4.12, cl.26.6) -----------------------------------------------
# The service registers and investigates; the heads read everything (and decide on an inspection by the act); a
# division's head reports what happened in his division and reads it, as its people do (cl.25).
_DIVISION = Scope(organisation="organisation", division="division")
REPORTS = frozenset({Action.VIEW, Action.ADD})
for _label in ("accident", "accidentvictim", "accidentmeasure", "accidentmaterial", "accidentpermit"):
    SCOPES[f"control.{_label}"] = keepers_manage(_DIVISION, division_heads=REPORTS)

# --- Prescriptions of the state authority (315 cl.26.3) -------------------------------------------------------------
# The service keeps them; an item's executor records its execution through the service's page (the service checks
# the executor); the heads, the auditor and the division read them.
for _label in ("stateprescription", "stateprescriptionitem", "stateprescriptionevidence"):
    SCOPES[f"control.{_label}"] = keepers_manage(_DIVISION)

# -- legal acts: notices of changes (315 cl.4.11) ---------------------------------------------------------------------
# The officials send them and see them all; the heads and the auditor read them; a division's head those sent to his
# division. A worker reaches only the notices sent to them, through their own receipts (control.views.legal).
SCOPES["control.changenotice"] = keepers_manage(Scope(organisation="organisation", division="division"),
                                                others=frozenset())
SCOPES["control.changenoticerecipient"] = grant(
    Scope(organisation="organisation", division="person__division", contractor="person__contractor"),
    **dict.fromkeys((*KEEPERS, *HEADS, *READERS, Role.DIVISION_HEAD), VIEW))

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
