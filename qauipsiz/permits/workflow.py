"""The life of a permit as data: which action may happen in which status, by whom, and where it leads.

`TRANSITIONS` is the whole state machine; the services consult it before anything else, and the tests enumerate it
(every status × every action × every role). An action is allowed when
- the permit is in one of the action's source statuses,
- the user holds one of the action's access roles for the permit (see `gatekeeper.py`), and
- the user is the person the permit names for that part (the issuer issues, an admitting person admits, ...).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.choices import Role

from .choices import Status


class Party(models.TextChoices):
    """Who on the permit performs an action (the person named in the permit for that part)."""

    ISSUER = "issuer", _("Permit issuer")
    ADMITTING = "admitting", _("Admitting person")
    PERFORMER = "performer", _("Work performer")
    ADMITTING_OR_PERFORMER = "admitting_or_performer", _("Admitting person or work performer")
    ADMITTING_OR_ISSUER = "admitting_or_issuer", _("Admitting person or permit issuer")
    APPROVER = "approver", _("Approver named in the permit")
    MEASURE_EXECUTOR = "measure_executor", _("Person who carried out the measure")
    ANYONE_ON_SITE = "anyone_on_site", _("Admitting person, performer or a person named in the permit")
    SYSTEM = "system", _("The system (scheduled)")


class Act(models.TextChoices):
    """The actions of a permit's life, named as the API endpoints and the ledger name them."""

    UPDATE = "update", _("Edit the draft")
    ISSUE = "issue", _("Issue (item 6)")
    CANCEL = "cancel", _("Cancel")
    COMPLETE_MEASURE = "complete_measure", _("Sign a measure as carried out (item 7)")
    ADD_JOINT_MEASURES = "add_joint_measures", _("Agree joint measures (344 cl.7)")
    RECORD_AIR_SAMPLE = "record_air_sample", _("Record an air sample (item 5.4)")
    APPROVE = "approve", _("Approve (items 8, 8.1)")
    ADMIT = "admit", _("Admit (item 9)")
    ACCEPT_WORKPLACE = "accept_workplace", _("Accept the workplace (item 10)")
    ADD_MEMBER = "add_member", _("Add a crew member")
    REMOVE_MEMBER = "remove_member", _("Remove a crew member")
    BRIEF_MEMBER = "brief_member", _("Brief a crew member (item 11)")
    START_WORK = "start_work", _("Start work (item 11)")
    PAUSE = "pause", _("Daily break (344 cl.23)")
    HAND_OVER_SHIFT = "hand_over_shift", _("Hand over the shift (344 cl.24)")
    READMIT = "readmit", _("Re-admit after a break (344 cl.23, cl.28)")
    EXTEND = "extend", _("Extend for the next shift (item 12)")
    LAPSE = "lapse", _("Lapse without extension (344 cl.6)")
    SUSPEND = "suspend", _("Suspend (344 cl.27)")
    RESUME = "resume", _("Resume (344 cl.27)")
    TERMINATE = "terminate", _("Terminate and withdraw (344 cl.25)")
    REPORT_LOST = "report_lost", _("Report the permit lost (344 cl.26)")
    HAND_BACK = "hand_back", _("Hand back on completion (item 13)")
    CLOSE = "close", _("Close (344 cl.11)")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the status does not change
    party: str
    roles: frozenset[str]


ISSUING_ROLES = frozenset({Role.PERMIT_ISSUER, Role.DIVISION_HEAD, Role.HEAD, Role.CONTRACTOR_REP})
ADMITTING_ROLES = frozenset({Role.ADMITTING_PERSON})
PERFORMER_ROLES = frozenset({Role.WORK_PERFORMER, Role.RESPONSIBLE_MANAGER})
SITE_ROLES = ADMITTING_ROLES | PERFORMER_ROLES
# Measures are carried out by the people the admitting person organises (344 cl.21), often the crew itself.
MEASURE_ROLES = SITE_ROLES | {Role.CREW_MEMBER, Role.DIVISION_HEAD}
APPROVING_ROLES = frozenset({Role.DIVISION_HEAD, Role.HEAD, Role.PC_OFFICIAL, Role.ADMITTING_PERSON,
                             Role.RESPONSIBLE_MANAGER, Role.PERMIT_ISSUER})

S = Status
WORKING = frozenset({S.ADMITTED, S.IN_PROGRESS, S.PAUSED})
STOPPABLE = frozenset({S.ADMITTED, S.IN_PROGRESS, S.PAUSED, S.SUSPENDED, S.LAPSED})


def _t(sources, target, party, roles) -> Transition:
    return Transition(frozenset(sources), target, party, frozenset(roles))


TRANSITIONS: dict[str, Transition] = {
    Act.UPDATE: _t({S.DRAFT}, None, Party.ISSUER, ISSUING_ROLES),
    Act.ISSUE: _t({S.DRAFT}, S.ISSUED, Party.ISSUER, ISSUING_ROLES),
    Act.CANCEL: _t({S.DRAFT, S.ISSUED}, S.CANCELLED, Party.ISSUER, ISSUING_ROLES),
    Act.COMPLETE_MEASURE: _t({S.ISSUED}, None, Party.MEASURE_EXECUTOR, MEASURE_ROLES),
    Act.ADD_JOINT_MEASURES: _t({S.DRAFT, S.ISSUED, S.ADMITTED, S.IN_PROGRESS, S.PAUSED}, None, Party.ISSUER,
                               ISSUING_ROLES),
    # LAPSED too: its extension checks the air (item 5.4), so a failing sample must be put right before it.
    Act.RECORD_AIR_SAMPLE: _t({S.ISSUED, S.ADMITTED, S.IN_PROGRESS, S.PAUSED, S.SUSPENDED, S.LAPSED}, None,
                              Party.ANYONE_ON_SITE, MEASURE_ROLES),
    Act.APPROVE: _t({S.ISSUED}, None, Party.APPROVER, APPROVING_ROLES),
    Act.ADMIT: _t({S.ISSUED}, S.ADMITTED, Party.ADMITTING, ADMITTING_ROLES),
    Act.ACCEPT_WORKPLACE: _t({S.ADMITTED}, None, Party.PERFORMER, PERFORMER_ROLES),
    Act.ADD_MEMBER: _t(WORKING, None, Party.ADMITTING_OR_PERFORMER, SITE_ROLES),
    Act.REMOVE_MEMBER: _t(WORKING | {S.SUSPENDED}, None, Party.ADMITTING_OR_PERFORMER, SITE_ROLES),
    Act.BRIEF_MEMBER: _t(WORKING, None, Party.ADMITTING, ADMITTING_ROLES),
    Act.START_WORK: _t({S.ADMITTED}, S.IN_PROGRESS, Party.PERFORMER, PERFORMER_ROLES),
    Act.PAUSE: _t({S.IN_PROGRESS}, S.PAUSED, Party.ADMITTING, ADMITTING_ROLES),
    Act.HAND_OVER_SHIFT: _t({S.IN_PROGRESS}, S.PAUSED, Party.PERFORMER, PERFORMER_ROLES),
    Act.READMIT: _t({S.PAUSED}, S.IN_PROGRESS, Party.ADMITTING, ADMITTING_ROLES),
    Act.EXTEND: _t({S.IN_PROGRESS, S.PAUSED, S.LAPSED}, S.IN_PROGRESS, Party.ADMITTING, ADMITTING_ROLES),
    Act.LAPSE: _t({S.ADMITTED, S.IN_PROGRESS, S.PAUSED}, S.LAPSED, Party.SYSTEM, frozenset()),
    Act.SUSPEND: _t({S.IN_PROGRESS, S.PAUSED}, S.SUSPENDED, Party.ADMITTING, ADMITTING_ROLES),
    Act.RESUME: _t({S.SUSPENDED}, S.IN_PROGRESS, Party.ADMITTING, ADMITTING_ROLES),
    Act.TERMINATE: _t(STOPPABLE, S.TERMINATED, Party.ADMITTING, ADMITTING_ROLES),
    Act.REPORT_LOST: _t(STOPPABLE | {S.ISSUED}, S.VOID, Party.ADMITTING_OR_ISSUER, ADMITTING_ROLES | ISSUING_ROLES),
    Act.HAND_BACK: _t({S.IN_PROGRESS, S.PAUSED, S.LAPSED}, S.COMPLETED, Party.PERFORMER, PERFORMER_ROLES),
    Act.CLOSE: _t({S.COMPLETED}, S.CLOSED, Party.ADMITTING_OR_ISSUER, ADMITTING_ROLES | ISSUING_ROLES),
}


def transition(action: str) -> Transition:
    return TRANSITIONS[Act(action)]


def allowed_in(action: str, status: str) -> bool:
    return status in transition(action).sources


def actions_from(status: str) -> list[str]:
    return [action for action, t in TRANSITIONS.items() if status in t.sources and t.party != Party.SYSTEM]
