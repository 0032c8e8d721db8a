"""The acts of a permit's life, of admission certificates and of emergency work, as data (`qauipsiz.acts`).

`ACTS` is the whole state machine of a permit: for each act the statuses it is possible in, where it leads, who
performs it, who signs it (with which purpose and competence), and who is told. The services perform them through
`qauipsiz.acts.perform`, the tests enumerate them (every status × every act × every role). An act is allowed when
- the permit is in one of the act's source statuses,
- the user holds one of the act's access roles for the permit (see `gatekeeper.py`), and
- the user is the person the permit names for that part (the issuer issues, an admitting person admits, ...).

`CERTIFICATE_ACTS` (Annex 3: the head of the shop signs, then the contractor's representative) and `EMERGENCY_ACTS`
(344 cl.12) are declared the same way.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from qauipsiz.accounts.choices import Role
from qauipsiz.acts.declarations import ActDeclaration, Notice, Signer
from qauipsiz.core.choices import CompetenceRole

from .choices import CertificateStatus, EmergencyStatus, Status


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
    MANAGEMENT = "management", _("Management of the organisation (site)")
    JOINT_SIGNATORY = "joint_signatory", _("Party to the joint measures agreement (344 cl.7)")
    SYSTEM = "system", _("The system (scheduled)")


class Act(models.TextChoices):
    """The actions of a permit's life, named as the API endpoints and the ledger name them."""

    UPDATE = "update", _("Edit the draft")
    ISSUE = "issue", _("Issue (item 6)")
    # Never the plain "Cancel" of a dialog: in Russian both would read «Отмена» (issue 11).
    CANCEL = "cancel", _("Cancel the permit")
    COMPLETE_MEASURE = "complete_measure", _("Sign a measure as carried out (item 7)")
    COMPLETE_MEASURES = "complete_measures", _("Sign measures as carried out (item 7)")
    ADD_JOINT_MEASURES = "add_joint_measures", _("Propose joint measures (344 cl.7)")
    SIGN_JOINT_MEASURES = "sign_joint_measures", _("Sign the joint measures (344 cl.7)")
    WITHDRAW_JOINT_MEASURES = "withdraw_joint_measures", _("Withdraw the joint measures proposal (344 cl.7)")
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
    NAME_ADMITTING = "name_admitting", _("Replace or add an admitting person (344 cl.29, item 12)")
    NAME_SHIFT_PERFORMER = "name_shift_performer", _("Name a work performer for the shifts (344 cl.29)")
    LAPSE = "lapse", _("Lapse without extension (344 cl.6)")
    SUSPEND = "suspend", _("Suspend (344 cl.27)")
    RESUME = "resume", _("Resume (344 cl.27)")
    TERMINATE = "terminate", _("Terminate and withdraw (344 cl.25)")
    REPORT_LOST = "report_lost", _("Report the permit lost (344 cl.26)")
    HAND_BACK = "hand_back", _("Hand back on completion (item 13)")
    CLOSE = "close", _("Close (344 cl.11)")
    RETURN_EQUIPMENT = "return_equipment", _("Return the equipment to operation (344 cl.30)")


# The acts as records of what happened, in the past tense: the permit page's history, its signatures and the printed
# permit's marks say "Work terminated, permit withdrawn", not the button's "Terminate and withdraw".
DONE_LABELS = {
    Act.UPDATE: _("Draft edited"),
    Act.ISSUE: _("Permit issued (item 6)"),
    Act.CANCEL: _("Permit cancelled"),
    Act.COMPLETE_MEASURE: _("Measure carried out (item 7)"),
    Act.COMPLETE_MEASURES: _("Measures carried out (item 7)"),
    Act.ADD_JOINT_MEASURES: _("Joint measures proposed and signed (344 cl.7)"),
    Act.SIGN_JOINT_MEASURES: _("Joint measures signed (344 cl.7)"),
    Act.WITHDRAW_JOINT_MEASURES: _("Joint measures proposal withdrawn (344 cl.7)"),
    Act.RECORD_AIR_SAMPLE: _("Air sample recorded (item 5.4)"),
    Act.APPROVE: _("Approved (items 8, 8.1)"),
    Act.ADMIT: _("Admitted to work (item 9)"),
    Act.ACCEPT_WORKPLACE: _("Workplace accepted (item 10)"),
    Act.ADD_MEMBER: _("Crew member added"),
    Act.REMOVE_MEMBER: _("Crew member removed"),
    Act.BRIEF_MEMBER: _("Crew member briefed (item 11)"),
    Act.START_WORK: _("Work started (item 11)"),
    Act.PAUSE: _("Work stopped for the daily break (344 cl.23)"),
    Act.HAND_OVER_SHIFT: _("Shift handed over (344 cl.24)"),
    Act.READMIT: _("Re-admitted after a break (344 cl.23, cl.28)"),
    Act.EXTEND: _("Extended for the next shift (item 12)"),
    Act.NAME_ADMITTING: _("Admitting person replaced or added (344 cl.29, item 12)"),
    Act.NAME_SHIFT_PERFORMER: _("Work performer named for the shifts (344 cl.29)"),
    Act.LAPSE: _("Lapsed without extension (344 cl.6)"),
    Act.SUSPEND: _("Work suspended (344 cl.27)"),
    Act.RESUME: _("Work resumed (344 cl.27)"),
    Act.TERMINATE: _("Work terminated, permit withdrawn (344 cl.25)"),
    Act.REPORT_LOST: _("Permit reported lost (344 cl.26)"),
    Act.HAND_BACK: _("Permit handed back on completion (item 13)"),
    Act.CLOSE: _("Permit closed (344 cl.11)"),
    Act.RETURN_EQUIPMENT: _("Equipment returned to operation (344 cl.30)"),
}


def done_label(code: str) -> str:
    """A permit act, given by its code, as a record of what happened; a code that is no act, as it stands."""
    return str(DONE_LABELS[Act(code)]) if code in Act.values else code


ISSUING_ROLES = frozenset({Role.PERMIT_ISSUER, Role.DIVISION_HEAD, Role.HEAD, Role.CONTRACTOR_REP})
ADMITTING_ROLES = frozenset({Role.ADMITTING_PERSON})
PERFORMER_ROLES = frozenset({Role.WORK_PERFORMER, Role.RESPONSIBLE_MANAGER})
SITE_ROLES = ADMITTING_ROLES | PERFORMER_ROLES
# Measures are carried out by the people the admitting person organises (344 cl.21), often the crew itself.
MEASURE_ROLES = SITE_ROLES | {Role.CREW_MEMBER, Role.DIVISION_HEAD}
# 344 cl.30: "the management of the organisation (site)" starts the equipment again: the head, the division's head.
MANAGEMENT_ROLES = frozenset({Role.HEAD, Role.DIVISION_HEAD})
APPROVING_ROLES = frozenset({Role.DIVISION_HEAD, Role.HEAD, Role.PC_OFFICIAL, Role.ADMITTING_PERSON,
                             Role.RESPONSIBLE_MANAGER, Role.PERMIT_ISSUER})

S = Status
WORKING = frozenset({S.ADMITTED, S.IN_PROGRESS, S.PAUSED})
STOPPABLE = frozenset({S.ADMITTED, S.IN_PROGRESS, S.PAUSED, S.SUSPENDED, S.LAPSED})
# 344 cl.29, item 12: the issuer names people for the shifts from issue until the permit ends.
NAMEABLE = STOPPABLE | {S.ISSUED}


def _measure_competence(context) -> str:
    """Item 7: an admitting person signs a measure as such; anyone else as a member of the crew."""
    return (CompetenceRole.ADMITTING_PERSON if context.values.get("admitting") else CompetenceRole.CREW_MEMBER)


def _closing_purpose(context) -> str:
    return "item13_accepted" if context.values["admitting"] else "cl11_closed_by_issuer"


def _closing_competence(context) -> str:
    return CompetenceRole.ADMITTING_PERSON if context.values["admitting"] else CompetenceRole.PERMIT_ISSUER


def _not_a_draft(permit) -> bool:
    return permit.status != Status.DRAFT


def _failed(permit, sample) -> bool:
    return not sample.passed


def _agreed_on(permit, agreement) -> list:
    return agreement.entered_on  # the permits the joint measures were entered on (not those already ended)


def _agreed(permit, agreement) -> bool:
    return bool(agreement.entered_on)


def _to_sign(permit, agreement) -> list:
    return agreement.to_sign_on  # the permits whose issuers have yet to sign


def _concerned(permit, agreement) -> list:
    return agreement.concerned


def _lapsed(permit, result) -> bool:
    return result is not None  # extended or ended meanwhile: nothing lapsed


C = CompetenceRole
PERFORMER = {"person": "performer", "credentials": "performer_credentials", "field_prefix": "cosigner",
             "label": _("Work performer")}


def _signer(purpose, competence_role=None, **kwargs) -> Signer:
    return Signer(purpose=purpose, competence_role=competence_role, **kwargs)


def _notice(message, audience, **kwargs) -> tuple[Notice, ...]:
    return (Notice(message=message, audience=audience, **kwargs),)


def _act(code, sources, target, party, roles, *signers, notices=()) -> ActDeclaration:
    return ActDeclaration(code=code, label=Act(code).label, sources=sources, target=target, party=party, roles=roles,
                          signers=tuple(signers), notices=notices, done_label=DONE_LABELS[Act(code)])


ACTS: dict[str, ActDeclaration] = {a.code: a for a in (
    _act(Act.UPDATE, {S.DRAFT}, None, Party.ISSUER, ISSUING_ROLES),
    _act(Act.ISSUE, {S.DRAFT}, S.ISSUED, Party.ISSUER, ISSUING_ROLES, _signer("item6_issued", C.PERMIT_ISSUER),
         notices=_notice(gettext_noop("%(permit)s was issued: measures and approvals are awaited"), "prepare")),
    _act(Act.CANCEL, {S.DRAFT, S.ISSUED}, S.CANCELLED, Party.ISSUER, ISSUING_ROLES,
         _signer("cancelled", when=_not_a_draft)),
    # After admission only a joint measure agreed later can still be open (344 cl.7): its executor signs it there.
    _act(Act.COMPLETE_MEASURE, {S.ISSUED} | WORKING, None, Party.MEASURE_EXECUTOR, MEASURE_ROLES,
         _signer("item7_measure_done", _measure_competence)),
    # Issue 11: who carried out several measures signs them at once, one signature whose content names each of them.
    _act(Act.COMPLETE_MEASURES, {S.ISSUED} | WORKING, None, Party.MEASURE_EXECUTOR, MEASURE_ROLES,
         _signer("item7_measure_done", _measure_competence)),
    # 344 cl.7: proposed and signed by one party, signed by every other, entered in every permit once all have signed.
    _act(Act.ADD_JOINT_MEASURES, {S.DRAFT, S.ISSUED} | WORKING, None, Party.ISSUER, ISSUING_ROLES,
         _signer("cl7_joint_measures_signed", C.PERMIT_ISSUER),
         notices=(Notice(message=gettext_noop("%(permit)s: joint measures (344 cl.7) await your signature"),
                         audience="issuer", targets=_to_sign),)),
    _act(Act.SIGN_JOINT_MEASURES, {S.DRAFT, S.ISSUED} | WORKING, None, Party.JOINT_SIGNATORY, ISSUING_ROLES,
         _signer("cl7_joint_measures_signed"),
         notices=(Notice(message=gettext_noop("%(permit)s: additional joint measures were agreed (344 cl.7)"),
                         audience="everyone", when=_agreed, targets=_agreed_on),)),
    _act(Act.WITHDRAW_JOINT_MEASURES, {S.DRAFT, S.ISSUED} | WORKING, None, Party.JOINT_SIGNATORY, ISSUING_ROLES,
         notices=_notice(gettext_noop("%(permit)s: a joint measures proposal (344 cl.7) was withdrawn"), "issuer",
                         targets=_concerned)),
    # LAPSED too: its extension checks the air (item 5.4), so a failing sample must be put right before it.
    _act(Act.RECORD_AIR_SAMPLE, {S.ISSUED, S.ADMITTED, S.IN_PROGRESS, S.PAUSED, S.SUSPENDED, S.LAPSED}, None,
         Party.ANYONE_ON_SITE, MEASURE_ROLES,
         notices=_notice(gettext_noop("%(permit)s: an air sample is outside its limit; admission is blocked"),
                         "everyone", when=_failed)),
    _act(Act.APPROVE, {S.ISSUED}, None, Party.APPROVER, APPROVING_ROLES,
         _signer(lambda context: f"item{context.values['approval'].kind}_approved")),
    _act(Act.ADMIT, {S.ISSUED}, S.ADMITTED, Party.ADMITTING, ADMITTING_ROLES,
         _signer("item9_admitted", C.ADMITTING_PERSON),
         notices=_notice(gettext_noop("%(permit)s: admission given; the performer accepts the workplace and the crew "
                                      "is briefed"), "site")),
    _act(Act.ACCEPT_WORKPLACE, {S.ADMITTED}, None, Party.PERFORMER, PERFORMER_ROLES,
         _signer("item10_accepted", C.WORK_PERFORMER)),
    _act(Act.ADD_MEMBER, WORKING, None, Party.ADMITTING_OR_PERFORMER, SITE_ROLES),
    _act(Act.REMOVE_MEMBER, WORKING | {S.SUSPENDED}, None, Party.ADMITTING_OR_PERFORMER, SITE_ROLES),
    _act(Act.BRIEF_MEMBER, WORKING, None, Party.ADMITTING, ADMITTING_ROLES,
         _signer("item11_briefing_given", C.ADMITTING_PERSON),
         _signer("item11_briefing_received", C.CREW_MEMBER, person="member", credentials="member_credentials",
                 field_prefix="cosigner", label=_("Crew member"))),
    _act(Act.START_WORK, {S.ADMITTED}, S.IN_PROGRESS, Party.PERFORMER, PERFORMER_ROLES,
         _signer("item11_work_started", C.WORK_PERFORMER)),
    _act(Act.PAUSE, {S.IN_PROGRESS}, S.PAUSED, Party.ADMITTING, ADMITTING_ROLES,
         _signer("cl23_break", C.ADMITTING_PERSON), _signer("cl23_break_performer", C.WORK_PERFORMER, **PERFORMER)),
    _act(Act.HAND_OVER_SHIFT, {S.IN_PROGRESS}, S.PAUSED, Party.PERFORMER, PERFORMER_ROLES,
         _signer("item12_shift_handed_over", C.WORK_PERFORMER)),
    _act(Act.READMIT, {S.PAUSED}, S.IN_PROGRESS, Party.ADMITTING, ADMITTING_ROLES,
         _signer("cl23_readmitted", C.ADMITTING_PERSON),
         _signer("cl23_readmitted_performer", C.WORK_PERFORMER, **PERFORMER)),
    _act(Act.EXTEND, {S.IN_PROGRESS, S.PAUSED, S.LAPSED}, S.IN_PROGRESS, Party.ADMITTING, ADMITTING_ROLES,
         _signer("item12_extended", C.ADMITTING_PERSON),
         _signer("item12_shift_accepted", C.WORK_PERFORMER,
                 **{**PERFORMER, "person": "shift_performer", "label": _("Work performer of the incoming shift")})),
    _act(Act.NAME_ADMITTING, NAMEABLE, None, Party.ISSUER, ISSUING_ROLES,
         _signer("cl29_admitting_named", C.PERMIT_ISSUER),
         notices=_notice(gettext_noop("%(permit)s: the issuer replaced or added an admitting person (344 cl.29, "
                                      "item 12)"), "site")),
    _act(Act.NAME_SHIFT_PERFORMER, NAMEABLE, None, Party.ISSUER, ISSUING_ROLES,
         _signer("cl29_shift_performer_named", C.PERMIT_ISSUER)),
    _act(Act.LAPSE, {S.ADMITTED, S.IN_PROGRESS, S.PAUSED}, S.LAPSED, Party.SYSTEM, frozenset(),
         notices=_notice(gettext_noop("%(permit)s lapsed: it was not extended for the shift; work must not go on "
                                      "(344 cl.6)"), "everyone", when=_lapsed)),
    _act(Act.SUSPEND, {S.IN_PROGRESS, S.PAUSED}, S.SUSPENDED, Party.ADMITTING, ADMITTING_ROLES,
         _signer("cl27_suspended", C.ADMITTING_PERSON), _signer("cl27_permit_returned", None, **PERFORMER),
         notices=_notice(gettext_noop("%(permit)s was suspended (344 cl.27)"), "everyone")),
    _act(Act.RESUME, {S.SUSPENDED}, S.IN_PROGRESS, Party.ADMITTING, ADMITTING_ROLES,
         _signer("cl27_resumed", C.ADMITTING_PERSON),
         _signer("cl27_permit_received", C.WORK_PERFORMER, **PERFORMER)),
    _act(Act.TERMINATE, STOPPABLE, S.TERMINATED, Party.ADMITTING, ADMITTING_ROLES,
         _signer("cl25_terminated", C.ADMITTING_PERSON),
         notices=_notice(gettext_noop("%(permit)s was terminated and withdrawn; a new permit is drawn up (344 cl.25)"),
                         "everyone")),
    _act(Act.REPORT_LOST, STOPPABLE | {S.ISSUED}, S.VOID, Party.ADMITTING_OR_ISSUER, ADMITTING_ROLES | ISSUING_ROLES,
         _signer("cl26_lost"),
         notices=_notice(gettext_noop("%(permit)s was reported lost and is void; work stops (344 cl.26)"),
                         "everyone")),
    _act(Act.HAND_BACK, {S.IN_PROGRESS, S.PAUSED, S.LAPSED}, S.COMPLETED, Party.PERFORMER, PERFORMER_ROLES,
         _signer("item13_handed_back", C.WORK_PERFORMER),
         notices=_notice(gettext_noop("%(permit)s was handed back: the admitting person closes it"), "site")),
    _act(Act.CLOSE, {S.COMPLETED}, S.CLOSED, Party.ADMITTING_OR_ISSUER, ADMITTING_ROLES | ISSUING_ROLES,
         _signer(_closing_purpose, _closing_competence),
         notices=_notice(gettext_noop("%(permit)s is closed; its equipment may be put back into operation (344 "
                                      "cl.30)"), "everyone")),
    # cl.30 is about the permit's equipment after the work under that permit, once the closed permit is back: an act
    # of the closed permit (its devices, item 2), not of a device on its own. Its status stays "closed".
    _act(Act.RETURN_EQUIPMENT, {S.CLOSED}, None, Party.MANAGEMENT, MANAGEMENT_ROLES,
         _signer("cl30_equipment_returned")),
)}


# The acts that sign measures as carried out (item 7): one at a time, or several at once (issue 11).
MEASURE_ACTS = frozenset({Act.COMPLETE_MEASURE, Act.COMPLETE_MEASURES})


def transition(action: str) -> ActDeclaration:
    return ACTS[Act(action)]


def allowed_in(action: str, status: str) -> bool:
    return status in transition(action).sources


def actions_from(status: str) -> list[str]:
    return [action for action, t in ACTS.items() if status in t.sources and t.party != Party.SYSTEM]


# --- admission certificates (Annex 3, 344 cl.17-18) -----------------------------------------------------------------

class CertificateAct(models.TextChoices):
    SIGN_AS_SHOP_HEAD = "sign_as_shop_head", _("Sign as the head of the shop (Annex 3)")
    SIGN_AS_CONTRACTOR = "sign_as_contractor", _("Sign as the contractor's representative (Annex 3)")
    COMPLETE_MEASURE = "complete_measure", _("Sign a measure of the certificate as carried out (Annex 3)")
    CANCEL = "cancel", _("Cancel the certificate (Annex 3)")


class CertificateParty(models.TextChoices):
    SHOP_HEAD = "shop_head", _("Head of the shop")
    CONTRACTOR_REP = "contractor_rep", _("Contractor's representative")
    MEASURE_EXECUTOR = "measure_executor", _("Executor of the measure")
    EITHER = "either", _("Head of the shop or the contractor's representative")


# Who signs is the person the certificate names, whatever their access roles: `roles` stays empty, the party decides.
# `signature_role` is the role the signature and the ledger record (the shop head acts as the division's head).
CERTIFICATE_ACTS: dict[str, ActDeclaration] = {
    CertificateAct.SIGN_AS_SHOP_HEAD: ActDeclaration(
        code=CertificateAct.SIGN_AS_SHOP_HEAD, label=CertificateAct.SIGN_AS_SHOP_HEAD.label,
        done_label=_("Signed by the head of the shop (Annex 3)"),
        sources={CertificateStatus.DRAFT}, target=CertificateStatus.SIGNED_BY_SHOP, party=CertificateParty.SHOP_HEAD,
        roles=frozenset(), signers=(Signer(purpose="annex3_shop_head"),),
        extra={"signature_role": "division_head", "signed_at": "shop_signed_at"}),
    CertificateAct.SIGN_AS_CONTRACTOR: ActDeclaration(
        code=CertificateAct.SIGN_AS_CONTRACTOR, label=CertificateAct.SIGN_AS_CONTRACTOR.label,
        done_label=_("Signed by the contractor's representative (Annex 3)"),
        sources={CertificateStatus.SIGNED_BY_SHOP}, target=CertificateStatus.ACTIVE,
        party=CertificateParty.CONTRACTOR_REP, roles=frozenset(), signers=(Signer(purpose="annex3_contractor"),),
        extra={"signature_role": "contractor_rep", "signed_at": "contractor_signed_at"}),
    # The executor the row names signs it, else one of the two parties (the measure is then theirs to see done).
    CertificateAct.COMPLETE_MEASURE: ActDeclaration(
        code=CertificateAct.COMPLETE_MEASURE, label=CertificateAct.COMPLETE_MEASURE.label,
        done_label=_("Measure of the certificate carried out (Annex 3)"),
        sources={CertificateStatus.SIGNED_BY_SHOP, CertificateStatus.ACTIVE}, target=None,
        party=CertificateParty.MEASURE_EXECUTOR, roles=frozenset(),
        signers=(Signer(purpose="annex3_measure_done"),), extra={}),
    CertificateAct.CANCEL: ActDeclaration(
        code=CertificateAct.CANCEL, label=CertificateAct.CANCEL.label,
        done_label=_("Certificate cancelled (Annex 3)"),
        sources={CertificateStatus.DRAFT, CertificateStatus.SIGNED_BY_SHOP, CertificateStatus.ACTIVE},
        target=CertificateStatus.CANCELLED, party=CertificateParty.EITHER, roles=frozenset(),
        signers=(Signer(purpose="annex3_cancelled"),), extra={}),
}


# --- emergency work (344 cl.12) -------------------------------------------------------------------------------------

class EmergencyAct(models.TextChoices):
    START = "start", _("Record emergency work (344 cl.12)")
    THREAT_ELIMINATED = "threat_eliminated", _("Record the direct threat eliminated (344 cl.12)")


EMERGENCY_ROLES = frozenset({Role.HEAD, Role.DIVISION_HEAD, Role.PC_OFFICIAL, Role.ADMITTING_PERSON})
EMERGENCY_ACTS: dict[str, ActDeclaration] = {
    # Recorded at once, while the accident is being dealt with: no signature holds it up.
    EmergencyAct.START: ActDeclaration(
        code=EmergencyAct.START, label=EmergencyAct.START.label, sources=frozenset(), target=EmergencyStatus.UNDER_WAY,
        party="organisation", roles=EMERGENCY_ROLES, done_label=_("Emergency work recorded (344 cl.12)")),
    EmergencyAct.THREAT_ELIMINATED: ActDeclaration(
        code=EmergencyAct.THREAT_ELIMINATED, label=EmergencyAct.THREAT_ELIMINATED.label,
        sources={EmergencyStatus.UNDER_WAY}, target=EmergencyStatus.THREAT_ELIMINATED, party="organisation",
        roles=EMERGENCY_ROLES, done_label=_("Direct threat eliminated (344 cl.12)")),
}
