"""The act table of production control and the one `ActDomain` its records are performed by.

Each sub-domain declares its acts here, as data (`ActDeclaration`), next to the others, so that the whole table can
be read at once and tested exhaustively (tests/control/test_act_table.py). The services perform them through
`acts.perform.perform(..., domain=CONTROL, ...)`.

Every production-control record is gated the same way: the user holds one of the act's roles in the record's
organisation, through a grant that reaches the record (315 cl.25: the head and the officials the whole organisation,
everyone else their division), and the record is in one of the act's source statuses.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import grant_covers, grants_of
from qauipsiz.acts.declarations import ActDeclaration, Notice, Signer
from qauipsiz.acts.readable import Coded
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.domains import organisation_of

from . import notices
from .choices import AccidentKind, AccidentStatus, InspectionDecision, PlanKind, RegulationStatus, VersionStatus

# Labels of the keys of what people sign in production control, shown in their language (acts.readable).
CONTENT_LABELS: dict = {
    "control_record": gettext_lazy("Production-control record"),
    "control_act": gettext_lazy("Act of production control"),
    "control_status": gettext_lazy("Status of the record"),
}

# Each sub-domain's acts by code (`"<sub-domain>.<act>"`), filled in below the sub-domain's heading.
ACTS: dict = {}


def role_labels(roles) -> str:
    return ", ".join(str(Role(role).label) for role in sorted(roles))


class ControlActs:
    """`perform()`'s answers for every production-control record.

    A record type may add to them with methods of its own:
    - `signed_content(declaration, subject) -> dict`: what is signed (default: the record, the act, the status);
    - `signer_role_of(person) -> str`: the role a co-signer signs in (default: the co-signer's field name);
    - `get_absolute_url()`: where a notice about it leads.
    A co-signer is the person in the record's field of the signer's name (`Signer(person="commission_chair")`).
    """

    def lock(self, record, declaration):
        if record.pk is None:
            return record
        return type(record)._default_manager.select_for_update(no_key=True).get(pk=record.pk)

    def roles_for(self, user, declaration, record) -> list[str]:
        """The roles of the act the user holds through a grant that reaches the record."""
        if getattr(user, "is_superuser", False):
            return [sorted(declaration.roles)[0]] if declaration.roles else []
        organisation_id = organisation_of(record)
        return [grant.role for grant in grants_of(user)
                if grant.role in declaration.roles and grant.organisation_id == organisation_id
                and (record.pk is None or grant_covers(grant, record))]

    def gate(self, user, declaration, record) -> str:
        roles = self.roles_for(user, declaration, record)
        if not roles:
            raise PermissionDenied(_("Only %(roles)s may do this: %(act)s.") % {
                "roles": role_labels(declaration.roles), "act": declaration.label})
        status = getattr(record, "status", None)
        if declaration.sources and status not in declaration.sources:
            display = getattr(record, "get_status_display", lambda: status)()
            raise ActionRefused(_("A record that is %(status)s does not allow this: %(act)s.") % {
                "status": display, "act": declaration.label})
        return roles[0]

    def signer_person(self, record, name: str):
        return getattr(record, name)

    def signer_person_id(self, record, name: str) -> int:
        return getattr(record, f"{name}_id")

    def signer_role(self, record, person) -> str:
        if hasattr(record, "signer_role_of"):
            return record.signer_role_of(person)
        return "cosigner"

    def content(self, record, declaration, subject) -> dict:
        if hasattr(record, "signed_content"):
            return record.signed_content(declaration, subject)
        return {"control_record": f"{record._meta.label_lower}:{record.pk}", "control_act": declaration.code,
                "control_status": getattr(record, "status", "")}

    def sign_scope(self, record):
        return organisation_of(record), getattr(record, "division", None), record._meta.label_lower

    def notify(self, record, declaration, notice) -> None:
        notices.tell(record, declaration, notice)


CONTROL = ControlActs()


# --- The Regulation on production control (315 cl.5-6) ---------------------------------------------------------------
# The head (or the first head) approves a draft with a signature; approval freezes its text and PDFs (services/regulation).

REGULATION_APPROVE = ActDeclaration(
    code="regulation_approve", label=gettext_lazy("Approve the Regulation on production control"),
    done_label=gettext_lazy("Regulation on production control approved"),
    sources={RegulationStatus.DRAFT}, target=RegulationStatus.APPROVED, party="head",
    roles={Role.HEAD, Role.FIRST_HEAD},
    signers=(Signer(purpose="regulation_approved", competence_role=None),),
    notices=(Notice(message=gettext_noop("The Regulation on production control, version %(version)s, was approved "
                                         "and is in force."), audience="officials"),),
)
ACTS["regulation.approve"] = REGULATION_APPROVE
CONTENT_LABELS.update({
    "regulation_version": gettext_lazy("Version of the Regulation"),
    "regulation_text_sha256": gettext_lazy("SHA-256 of the Regulation's text (every language)"),
})

# --- Removal from work (315 cl.4.7, cl.27.4) ------------------------------------------------------------------------
# The official proposes (a plain write, services.removal.removal_propose); the head decides with a signature: the
# person is removed from work from a date, or the proposal is rejected with the reason. The removal is lifted, signed
# by the head or an official, only once the lapsed training is renewed (the guard says why not otherwise).
REMOVAL_HEADS = {Role.HEAD, Role.FIRST_HEAD}
REMOVAL_APPROVE = ActDeclaration(
    code="removal_approve", label=gettext_lazy("Remove from work"), sources={"proposed"}, target="removed",
    party="head", roles=REMOVAL_HEADS, signers=(Signer(purpose="removal_approved"),),
    notices=(Notice(message=gettext_noop("%(person)s is removed from work (%(record)s)."), audience="officials"),
             Notice(message=gettext_noop("%(person)s is removed from work (%(record)s)."),
                    audience="division_heads")),
    done_label=gettext_lazy("Removed from work"))
REMOVAL_REJECT = ActDeclaration(
    code="removal_reject", label=gettext_lazy("Reject the removal from work"), sources={"proposed"},
    target="rejected", party="head", roles=REMOVAL_HEADS, signers=(Signer(purpose="removal_rejected"),),
    notices=(Notice(message=gettext_noop("The proposal to remove %(person)s from work was rejected (%(record)s)."),
                    audience="officials"),),
    done_label=gettext_lazy("Removal from work rejected"))
REMOVAL_LIFT = ActDeclaration(
    code="removal_lift", label=gettext_lazy("Lift the removal from work"), sources={"removed"}, target="lifted",
    party="head", roles={*REMOVAL_HEADS, Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE},
    signers=(Signer(purpose="removal_lifted"),),
    notices=(Notice(message=gettext_noop("%(person)s may work again: %(record)s is lifted."), audience="officials"),
             Notice(message=gettext_noop("%(person)s may work again: %(record)s is lifted."),
                    audience="division_heads")),
    done_label=gettext_lazy("Removal from work lifted"))
ACTS["removal.approve"] = REMOVAL_APPROVE
ACTS["removal.reject"] = REMOVAL_REJECT
ACTS["removal.lift"] = REMOVAL_LIFT
CONTENT_LABELS.update({
    "removal_person": gettext_lazy("Person"),
    "removal_reason": gettext_lazy("Reason"),
    "removal_lapsed": gettext_lazy("Lapsed trainings"),
    "removal_from": gettext_lazy("Removed from work from"),
    "removal_rejection": gettext_lazy("Reason for the rejection"),
})

# --- Accidents, incidents and injuries (315 cl.4.9, cl.4.12, cl.26.6, cl.8) -----------------------------------------
# cl.4.9: the service takes part in the investigation: a commission (chair and members) is formed, its chair signs the
# conclusion (the causes found) and answers for it; the record is closed once every measure is done (cl.26.6).
# cl.8: on an accident or an injury at a facility the head decides whether to order an unscheduled inspection, by a
# directive (өкім) or not, with the reason, and signs the decision.
_ACCIDENT_KEEPERS = {Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE, Role.HEAD, Role.FIRST_HEAD}
_ALL_ACCIDENT = set(AccidentStatus.values)
ACCIDENT_INVESTIGATE = ActDeclaration(
    code="investigate", label=gettext_lazy("Start the investigation"), sources={AccidentStatus.REGISTERED},
    target=AccidentStatus.INVESTIGATING, party="service", roles=_ACCIDENT_KEEPERS,
    notices=(Notice(message=gettext_noop("The investigation of %(record)s has started."), audience="heads"),),
    done_label=gettext_lazy("Investigation started, commission formed"))
ACCIDENT_CONCLUDE = ActDeclaration(
    code="conclude", label=gettext_lazy("Sign the conclusion of the investigation"),
    sources={AccidentStatus.INVESTIGATING}, target=AccidentStatus.INVESTIGATED, party="commission_chair",
    roles=_ACCIDENT_KEEPERS | {Role.DIVISION_HEAD},
    signers=(Signer(purpose="accident_concluded"),),
    notices=(Notice(message=gettext_noop("The investigation of %(record)s is concluded."), audience="heads"),
             Notice(message=gettext_noop("The investigation of %(record)s is concluded."), audience="officials")),
    done_label=gettext_lazy("Conclusion of the investigation signed by the chair of the commission"))
ACCIDENT_CLOSE = ActDeclaration(
    code="close", label=gettext_lazy("Close the record"), sources={AccidentStatus.INVESTIGATED},
    target=AccidentStatus.CLOSED, party="service", roles=_ACCIDENT_KEEPERS,
    done_label=gettext_lazy("Record closed, every measure done"))
ACCIDENT_DECIDE = ActDeclaration(
    code="decide_inspection", label=gettext_lazy("Decide on an unscheduled inspection"), sources=_ALL_ACCIDENT,
    target=None, party="head", roles={Role.HEAD, Role.FIRST_HEAD},
    signers=(Signer(purpose="inspection_decided"),),
    notices=(Notice(message=gettext_noop("The head decided on an unscheduled inspection after %(record)s."),
                    audience="officials"),),
    done_label=gettext_lazy("Head's decision on an unscheduled inspection recorded"))
ACTS.update({"accidents.investigate": ACCIDENT_INVESTIGATE, "accidents.conclude": ACCIDENT_CONCLUDE,
             "accidents.close": ACCIDENT_CLOSE, "accidents.decide_inspection": ACCIDENT_DECIDE})
CONTENT_LABELS.update({
    "accident_kind": Coded(gettext_lazy("Kind"), AccidentKind),
    "accident_occurred_at": gettext_lazy("Happened at"),
    "accident_description": gettext_lazy("What happened"),
    "accident_causes": gettext_lazy("Causes"),
    "accident_conclusion": gettext_lazy("Conclusion of the investigation"),
    "accident_decision": Coded(gettext_lazy("Decision on an unscheduled inspection"), InspectionDecision),
    "accident_directive_number": gettext_lazy("Directive number"),
    "accident_directive_date": gettext_lazy("Directive date"),
    "accident_decision_reason": gettext_lazy("Reason"),
})

# --- Plans (315 cl.4.1, cl.4.5) -------------------------------------------------------------------------------------
# 315 cl.4.5 (and cl.4.1 for a division's work plan): the head approves the plan with a signature; the version drafted
# becomes the plan in force, the one before it is superseded, and the plan takes its number the first time.
PLAN_APPROVE = ActDeclaration(
    code="approve", label=gettext_lazy("Approve the plan"), sources={VersionStatus.DRAFT},
    target=VersionStatus.APPROVED, party="head", roles={Role.HEAD, Role.FIRST_HEAD},
    signers=(Signer(purpose="plan_approved"),),
    notices=(Notice(message=gettext_noop("%(record)s was approved."), audience="officials"),
             Notice(message=gettext_noop("%(record)s was approved."), audience="division_heads")),
    done_label=gettext_lazy("Plan approved"))
ACTS["plans.approve"] = PLAN_APPROVE
CONTENT_LABELS.update({
    "plan_kind": Coded(gettext_lazy("Kind of plan"), PlanKind),
    "plan_year": gettext_lazy("Year"),
    "plan_version": gettext_lazy("Version"),
    "plan_reason": gettext_lazy("Reason for the change"),
    "plan_items": gettext_lazy("Items of the plan"),
    "plan_item_position": gettext_lazy("No."),
    "plan_item_measure": gettext_lazy("Measure"),
    "plan_item_deadline": gettext_lazy("Deadline"),
    "plan_item_period_start": gettext_lazy("Period from"),
    "plan_item_responsible": gettext_lazy("Responsible person"),
    "plan_item_division": gettext_lazy("Division"),
    "plan_item_facility": gettext_lazy("Facility"),
})
