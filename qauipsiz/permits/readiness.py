"""What the permit waits for before its next step, and who must act (issue 11): the readiness panel of the permit page,
and the reasons an act's button is shown disabled.

No rule is decided here: each blocker is the problem a service's guard answers, in the guard's own words
(`services.guards`, `services.shifts`), with the person or part of the permit who can clear it. So the panel, the
disabled buttons and the act itself never disagree: what the panel lists is what the act would refuse after signing.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.acts.refusals import ActionRefused

from .acts import Act, Party
from .choices import CertificateStatus, Status, Validity
from .gatekeeper import person_of
from .services.common import _active_crew, current_performer
from .services.guards import (
    _check_issue,
    admission_period_problems,
    admit_problems,
    air_problems,
    approval_problems,
    blocked_by_air,
    certificate_problems,
    crew_problems,
    joint_elsewhere_problems,
    measure_problems,
    no_further_shift,
    overlap_problems,
    start_problems,
    valid_now_problems,
    workplace_problems,
)
from .services.shifts import extension_due_problems, extension_problems


@dataclass(frozen=True)
class Blocker:
    """One thing missing: the guard's words, who must act (names, may be empty) and in which part of the permit."""

    text: str
    who: str = ""
    part: str = ""


@dataclass
class Readiness:
    """The permit's next step (an act), who takes it, and what is still missing for it."""

    act: str
    who: str
    part: str
    blockers: list[Blocker] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(Act(self.act).label)


def _names(people) -> str:
    return ", ".join(p.full_name for p in people)


def _admitting(permit) -> tuple[str, str]:
    return _names(permit.admitting_persons.all()), str(Party.ADMITTING.label)


def _performer(permit) -> tuple[str, str]:
    # 344 cl.29: on a shift schedule, the performer of the latest extended shift.
    return current_performer(permit).full_name, str(Party.PERFORMER.label)


def _issue_problems(permit, issuer) -> list[str]:
    """The issue's guard as it would refuse now (it raises one refusal naming every reason)."""
    try:
        _check_issue(permit, issuer)
    except ActionRefused as error:
        return [str(error.message)]
    return []


def refusals(act: str, user, permit, now=None) -> list[str]:
    """Why the act's guard would refuse it now, whatever the form says (the confirmations, the note): empty when it
    can succeed. The permit page shows the act disabled with these reasons, and the act's page does not let it be
    signed (issue 11). Only the acts whose guards depend on the permit's state alone are asked."""
    now = now or timezone.now()
    if act == Act.ISSUE:
        issuer = person_of(user)
        return _issue_problems(permit, issuer) if issuer is not None else []
    if act == Act.ADMIT:
        return admit_problems(permit, now)
    if act == Act.START_WORK:
        return start_problems(permit) + valid_now_problems(permit, now)
    if act == Act.EXTEND:
        return extension_problems(permit, now)
    if act in (Act.READMIT, Act.RESUME):
        return blocked_by_air(air_problems(permit, at=now))
    return []


def _certificate_blockers(permit) -> list[Blocker]:
    problems = certificate_problems(permit)
    if not problems:
        return []
    certificate = permit.certificate
    # Annex 3: the head of the shop signs first, then the contractor's representative; each may sign its measures.
    if certificate.status == CertificateStatus.DRAFT:
        who, part = certificate.shop_head.full_name, _("head of the shop (site), signs the admission certificate")
    elif certificate.status == CertificateStatus.SIGNED_BY_SHOP:
        who, part = certificate.contractor_rep.full_name, _("contractor's representative, signs the admission "
                                                            "certificate")
    else:
        who, part = _names([certificate.shop_head, certificate.contractor_rep]), _("parties to the admission "
                                                                                   "certificate (Annex 3)")
    return [Blocker(text, who, str(part)) for text in problems]


def _admission(permit, now) -> list[Blocker]:
    admitting = _admitting(permit)
    blockers = [Blocker(text, *admitting) for text in measure_problems(permit.measures.all())]
    blockers += _certificate_blockers(permit)
    for approval in permit.approvals.all():
        for text in approval_problems([approval]):
            blockers.append(Blocker(text, approval.approver.full_name, str(Party.APPROVER.label)))
    # Item 5.4: a sample is recorded by anyone on site; the admitting person organises it (344 cl.21).
    blockers += [Blocker(text, *admitting) for text in blocked_by_air(air_problems(permit, at=now))]
    issuer = (permit.issuer.full_name, str(Party.ISSUER.label))  # who proposes the joint measures (344 cl.7)
    blockers += [Blocker(text, *issuer) for text in overlap_problems(permit)]
    blockers += [Blocker(text, "", str(Party.ADMITTING.label)) for text in joint_elsewhere_problems(permit)]
    blockers += [Blocker(text) for text in admission_period_problems(permit, now)]  # nobody: the time comes
    return blockers


def _start(permit, now) -> list[Blocker]:
    performer = _performer(permit)
    blockers = [Blocker(text, *performer) for text in workplace_problems(permit)]
    crew = list(_active_crew(permit))
    unbriefed = [m.person for m in crew if m.briefed_at is None]
    for text in crew_problems(crew):
        if unbriefed:  # the admitting person briefs, each member signs on his device (item 11)
            names, part = _admitting(permit)
            blockers.append(Blocker(text, ", ".join(filter(None, [names, _names(unbriefed)])),
                                    _("%(part)s, with each crew member") % {"part": part}))
        else:  # an empty crew: its performer forms it
            blockers.append(Blocker(text, *performer))
    blockers += [Blocker(text, *_admitting(permit)) for text in valid_now_problems(permit, now)]
    return blockers


def _extension(permit, now) -> list[Blocker]:
    admitting = _admitting(permit)
    due = extension_due_problems(permit, now)
    if due:
        return [Blocker(text, *admitting) for text in due]
    blockers = [Blocker(text, *_performer(permit)) for text in workplace_problems(permit)]
    blockers += [Blocker(text, *admitting) for text in crew_problems(list(_active_crew(permit)))]
    blockers += [Blocker(text, *admitting) for text in blocked_by_air(air_problems(permit, at=now))]
    return blockers


def readiness(permit, now=None) -> Readiness | None:
    """The permit's next step with what is missing for it; None once it has ended."""
    now = now or timezone.now()
    status = permit.status
    if status == Status.DRAFT:
        return Readiness(Act.ISSUE, permit.issuer.full_name, str(Party.ISSUER.label),
                         [Blocker(text, permit.issuer.full_name, str(Party.ISSUER.label))
                          for text in _issue_problems(permit, permit.issuer)])
    if status == Status.ISSUED:
        return Readiness(Act.ADMIT, *_admitting(permit), _admission(permit, now))
    if status == Status.ADMITTED:
        return Readiness(Act.START_WORK, *_performer(permit), _start(permit, now))
    if status in (Status.IN_PROGRESS, Status.LAPSED):
        if permit.validity == Validity.WHOLE_PERIOD and not no_further_shift(permit, now):
            return Readiness(Act.EXTEND, *_admitting(permit), _extension(permit, now))
        return Readiness(Act.HAND_BACK, *_performer(permit))  # item 13: the work ends with this shift
    if status == Status.PAUSED:
        air = [Blocker(text, *_admitting(permit)) for text in blocked_by_air(air_problems(permit, at=now))]
        return Readiness(Act.READMIT, *_admitting(permit), air)
    if status == Status.SUSPENDED:
        air = [Blocker(text, *_admitting(permit)) for text in blocked_by_air(air_problems(permit, at=now))]
        return Readiness(Act.RESUME, *_admitting(permit), air)
    if status == Status.COMPLETED:
        return Readiness(Act.CLOSE, *_admitting(permit))
    return None
