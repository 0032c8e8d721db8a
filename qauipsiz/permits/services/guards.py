"""The guards of Order 344's clauses that several acts share (issue, admission, extension, resumption, ...).

Each raises `ActionRefused` (409) with every reason in words, or answers the question pages ask too (`air_problems`,
`unresolved_overlaps`)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.competence import assess_many, is_competent
from qauipsiz.core.models import Person
from qauipsiz.formats import local_datetime, plain_number

from ..choices import (
    AttachmentKind,
    CertificateStatus,
    EmergencyStatus,
    MeasureCode,
    Status,
    Validity,
    WorkKind,
)
from ..models import AirSample, Permit
from ..shifts import extension_window, local_text, shift_length
from .authority import admitting_person_problems, forbidden_holdings, issuer_authority_problems
from .common import _active_crew, _now
from .joint import open_joint_measures_elsewhere, overlapping_permits, unresolved_overlaps  # noqa: F401 (cl.7)


def reading(value: Decimal, sample: AirSample) -> str:
    return f"{plain_number(value)} {sample.get_unit_display()}"


def _local(moment) -> str:
    return local_datetime(moment)


def _minute(moment):
    # Times of samples are entered to the minute: one taken in the minute of issue is not before it.
    return moment.replace(second=0, microsecond=0)


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def latest_readings(samples) -> list[AirSample]:
    """Item 5.4: the latest reading of each substance at each place (place and substance spelt loosely), so that a
    passing reading of one gas never hides a failing one of another taken earlier at the same place."""
    latest = {}
    for sample in sorted(samples, key=lambda s: (s.taken_at, s.pk)):
        latest[(_key(sample.place), _key(sample.substance))] = sample
    return list(latest.values())


def air_problems(permit: Permit, *, at=None) -> list[str]:
    """Item 5.4: with an air sampling measure, the latest reading of every substance at every sampled place must be
    within its limit.

    With `at` (the moment of an admission, re-admission, resumption or extension for a shift, 344 cl.22, cl.23, cl.27,
    cl.6 and item 12), each of those
    readings must also stand at that moment: taken no longer ago than the work type's `sample_validity_minutes`, and
    not before the permit was issued. The measures of item 5 exist only from issue (344 cl.5: nothing is added to an
    issued permit, and cl.21 has the admitting person carry out "the measures specified in the work permit"), so an
    analysis of the air taken while the permit was only drawn up did not check the place those measures prepared."""
    # `.all()`: an act has them with the locked permit already; a page reads them here.
    if not any(m.code == MeasureCode.AIR_SAMPLE for m in permit.measures.all()):
        return []
    readings = latest_readings(permit.air_samples.all())
    if not readings:
        return [_("no air sample has been recorded (item 5.4)")]
    problems = []
    for s in readings:
        if not s.passed:
            problems.append(_("the latest air sample at %(place)s (%(substance)s %(value)s, limit %(limit)s) is "
                              "outside the limit; record a new passing sample")
                            % {"place": s.place, "substance": s.substance, "value": reading(s.value, s),
                               "limit": reading(s.limit, s)})
        elif at is not None and permit.issued_at is not None and s.taken_at < _minute(permit.issued_at):
            problems.append(_("the air sample at %(place)s (%(substance)s) was taken at %(taken)s, before the permit "
                              "was issued at %(issued)s; take a new sample (item 5.4)")
                            % {"place": s.place, "substance": s.substance, "taken": _local(s.taken_at),
                               "issued": _local(permit.issued_at)})
        elif at is not None and at - s.taken_at > datetime.timedelta(minutes=permit.work_type.sample_validity_minutes):
            problems.append(_("the air sample at %(place)s (%(substance)s) was taken at %(taken)s, more than "
                              "%(minutes)s minutes ago, the validity of a sample for this work type; take a new sample "
                              "(item 5.4)")
                            % {"place": s.place, "substance": s.substance, "taken": _local(s.taken_at),
                               "minutes": permit.work_type.sample_validity_minutes})
    return problems


def air_measure_problems(permit: Permit) -> list[str]:
    """Item 5.4: "take a sample" is signed as carried out once a passing sample is there, not before."""
    problems = air_problems(permit)
    if not problems:
        return []
    return [_("Measure 5.4 can be signed as carried out once a passing air sample is recorded: %(problems)s.")
            % {"problems": "; ".join(problems)}]


# Where an act admits people to the place (admission, re-admission, resumption), the sample must also be fresh.
ADMITTING_STATUSES = frozenset({Status.ISSUED, Status.PAUSED, Status.SUSPENDED})
# A permit for the whole period in these is extended for the next shift (item 12), which admits the crew again.
EXTENDED_STATUSES = frozenset({Status.ADMITTED, Status.IN_PROGRESS, Status.LAPSED})


def _extension_due(permit: Permit, now) -> bool:
    """Whether the next act that admits is the extension for a shift, its window open (344 cl.6)."""
    return (permit.validity == Validity.WHOLE_PERIOD and permit.status in EXTENDED_STATUSES
            and permit.valid_until is not None and permit.valid_until <= now + extension_window())


def no_further_shift(permit: Permit, now) -> list[str]:
    """344 cl.6, item 12: why the permit is extended for no further shift, in the words of the extension's refusal (at
    most one reason): a permit for one shift, its planned period over, or its validity already reaching the planned
    end. Its work ends with the shift it is valid for, and the performer hands it back (item 13)."""
    if permit.validity != Validity.WHOLE_PERIOD:
        return [_("A permit issued for one shift cannot be extended (344 cl.6).")]
    if now >= permit.planned_end:
        return [_("The planned period of the permit has ended: hand it back or issue a new permit.")]
    if permit.valid_until is not None and permit.valid_until >= permit.planned_end:
        return [_("The permit is valid to the end of its planned period (%(end)s): there is no further shift to "
                  "extend it for. Hand it back, or issue a new permit for further work.")
                % {"end": local_text(permit.planned_end)}]
    return []


def air_problems_now(permit: Permit) -> list[str]:
    """What the pages show: the air guard as the next admission, re-admission, resumption or extension (once its
    window is open) would apply it now."""
    now = _now()
    admitting = permit.status in ADMITTING_STATUSES or _extension_due(permit, now)
    return air_problems(permit, at=now if admitting else None)


def _check_air(permit: Permit, *, at=None) -> None:
    _refuse(blocked_by_air(air_problems(permit, at=at)))


def _check_air_to_admit(permit: Permit) -> None:
    """Item 5.4 at admission (item 9), re-admission (344 cl.23, cl.28), resumption (cl.27) and the extension for a
    shift (item 12, cl.6): every latest reading within its limit, taken after issue and within the work type's sample
    validity."""
    _check_air(permit, at=_now())


def _cl18_problems(permit: Permit, issuer: Person) -> list[str]:
    """344 cl.18: where live communications cross the site or machines work on it, the site is not handed over by an
    admission certificate: the customer's issuer issues the permit (it is the customer's, in the customer's register
    book, so it names no contractor and no certificate), and the contractor's people are its performer and crew."""
    problems = []
    if issuer.contractor_id:
        problems.append(_("a site that cannot be handed over by an admission certificate is worked under a permit "
                          "issued by the customer (344 cl.18)"))
    if permit.certificate_id or permit.contractor_id:
        problems.append(_("a permit for a site that cannot be handed over is the customer's: it names no contractor "
                          "and no admission certificate (344 cl.18)"))
    if not permit.performer.contractor_id:
        problems.append(_("the work performer of a site that cannot be handed over is one of the contractor's people "
                          "(344 cl.18)"))
    return problems


def missing_documents(permit: Permit, attached: set[str] | None = None) -> list[str]:
    """The kinds of document (AttachmentKind) the permit's work type requires and no attachment of the permit is
    (344 cl.4 ¶2, cl.8), in the order of the kinds."""
    if attached is None:
        attached = set(permit.attachments.values_list("kind", flat=True))
    required = set(permit.work_type.required_documents or ())
    return [kind for kind in AttachmentKind.values if kind in required and kind not in attached]


def _check_issue(permit: Permit, issuer: Person) -> None:
    """The guards of issue: 344 cl.7-9, cl.12, cl.16-20, item 5."""
    problems: list[str] = []
    divisions = [permit.division, *permit.other_divisions.all()]
    # cl.16: several divisions → the issuer's authority must reach all of them; local work → the division itself.
    for division in divisions:
        competence = is_competent(issuer, CompetenceRole.PERMIT_ISSUER, _now(), division=division)
        if not competence:
            problems.append(competence.explain())
    # cl.16: and the post: the division's head or deputy; the organisation's head or a person he authorised.
    problems.extend(issuer_authority_problems(permit, issuer, divisions, _now()))
    # cl.18: a site that cannot be handed over is worked under the customer's permit, by the contractor's people.
    if permit.site_not_handed_over:
        problems.extend(_cl18_problems(permit, issuer))
    # cl.9, cl.17: a contractor's permit is issued by its authorised person for a site handed over by certificate.
    elif permit.contractor_id:
        if issuer.contractor_id != permit.contractor_id:
            problems.append(_("a contractor's permit is issued by an authorised person of that contractor (344 cl.9)"))
        certificate = permit.certificate
        if certificate is None:
            problems.append(_("a contractor's permit needs the admission certificate of the site (344 cl.9, cl.17)"))
        elif (certificate.contractor_id != permit.contractor_id or certificate.status != CertificateStatus.ACTIVE
              or not (certificate.starts_on <= timezone.localdate(permit.planned_start)
                      and timezone.localdate(permit.planned_end) <= certificate.ends_on)):
            problems.append(_("the admission certificate is not in force for this contractor over the whole planned "
                              "period; a new certificate is needed (Annex 3)"))
    elif issuer.contractor_id:
        problems.append(_("a contractor's person issues permits only for that contractor's work (344 cl.9)"))
    # cl.19: the issuer names the people on the permit; they need the competence the organisation requires.
    admitting = list(permit.admitting_persons.all())
    appointed = [(permit.performer, CompetenceRole.WORK_PERFORMER),
                 (permit.responsible_manager, CompetenceRole.RESPONSIBLE_MANAGER),
                 *[(p, CompetenceRole.ADMITTING_PERSON) for p in admitting]]
    for competence in assess_many(appointed, _now(), division=permit.division):
        if not competence:
            problems.append(competence.explain())
    # cl.20: the admitting person comes from the management of the division where the work is done.
    problems.extend(admitting_person_problems(permit, admitting))
    if not admitting:
        problems.append(_("no admitting person is named (item 3)"))
    # One person holding two parts: the organisation's policy per pair (the law is silent).
    problems.extend(forbidden_holdings(permit))
    if not permit.measures.exists():
        problems.append(_("no safety measure is listed (item 5)"))
    # cl.8: near communications or earthwork → agreements with the serving organisations are attached first.
    needs_agreement = permit.nearby or permit.earthwork or permit.work_type.kind == WorkKind.EXCAVATION
    # Read only when a document is needed at all: most permits need none, and issue counts its queries.
    attached = (set(permit.attachments.values_list("kind", flat=True))
                if needs_agreement or permit.work_type.required_documents else set())
    if needs_agreement and AttachmentKind.AGREEMENT not in attached:
        problems.append(_("the work is near existing communications or is earthwork: attach the agreement with the "
                          "organisations serving them (344 cl.8)"))
    # cl.4 ¶2, cl.8: the documents the work type requires ("as needed" is decided per type of work).
    for kind in missing_documents(permit, attached):
        if not (needs_agreement and kind == AttachmentKind.AGREEMENT):  # already named above
            problems.append(_("the work type \"%(type)s\" requires a document that is not attached: %(document)s "
                              "(344 cl.4, cl.8)") % {"type": permit.work_type.name,
                                                     "document": AttachmentKind(kind).label})
    # cl.7: others working on the same site at the same time → joint measures first.
    for other in unresolved_overlaps(permit):
        problems.append(_("%(permit)s works at the same place at the same time: agree additional joint measures "
                          "(344 cl.7)") % {"permit": other})
    # cl.12: after an emergency, a permit only once the direct threat has been removed.
    if permit.emergency_id and permit.emergency.status != EmergencyStatus.THREAT_ELIMINATED:
        problems.append(_("the emergency work is still under way under the accident elimination plan (344 cl.12)"))
    if permit.planned_end <= _now():
        problems.append(_("the planned period has already ended"))
    # cl.6: a permit "for one shift" cannot plan more than one shift; longer work is issued for the whole period.
    if permit.validity == Validity.SINGLE_SHIFT and (
            permit.planned_end - permit.planned_start > (length := shift_length(permit.organisation_id))):
        problems.append(_("a permit for one shift is planned for at most one shift (%(hours)s h); issue longer work "
                          "for the whole period with an extension for each shift (344 cl.6)")
                        % {"hours": int(length.total_seconds() // 3600)})
    if problems:
        raise ActionRefused(_("The permit cannot be issued: %(problems)s.") % {"problems": "; ".join(problems)})


def _require_competent(person: Person, role: str, permit: Permit, at=None) -> None:
    competence = is_competent(person, role, at or _now(), division=permit.division)
    if not competence:
        raise ActionRefused(competence.explain())


def admission_problems(permit: Permit, *, measures=None, approvals=None) -> list[str]:
    """What keeps item 9 (admission) waiting: measures not signed as carried out (item 7) and approvals missing
    (items 8, 8.1). `measures` and `approvals` are the permit's rows when the caller has them already ("My tasks"
    prefetches them for many permits); the approvals' approvers are read, so fetch them with the rows."""
    measures = permit.measures.all() if measures is None else measures
    approvals = permit.approvals.all() if approvals is None else approvals
    return [*measure_problems(measures), *certificate_problems(permit), *approval_problems(approvals)]


def measure_problems(measures) -> list[str]:
    """Item 7: the measures of the permit not yet signed as carried out."""
    pending = [m for m in measures if m.done_at is None]
    if not pending:
        return []
    return [_("Measures not yet carried out and signed (item 7): %(measures)s.")
            % {"measures": "; ".join(f"{m.code} {m.text[:60]}" for m in pending)}]


def approval_problems(approvals) -> list[str]:
    """Items 8, 8.1: the approvals not yet given, naming their approvers."""
    unapproved = [a for a in approvals if a.approved_at is None]
    if not unapproved:
        return []
    return [_("Approvals missing (items 8, 8.1): %(people)s.")
            % {"people": ", ".join(str(a.approver) for a in unapproved)}]


def blocked_by_air(problems: list[str]) -> list[str]:
    """The air guard's problems (`air_problems`) in the words of its refusal of an admitting act."""
    if not problems:
        return []
    return [_("Admission is blocked: %(problems)s.") % {"problems": "; ".join(problems)}]


def overlap_problems(permit: Permit) -> list[str]:
    """344 cl.7: other organisations' permits at the same site at the same time, without joint measures signed."""
    overlaps = unresolved_overlaps(permit)
    if not overlaps:
        return []
    return [_("Other organisations' permits work at the same site at the same time without joint measures signed by "
              "all parties: %(permits)s (344 cl.7).") % {"permits": ", ".join(str(p) for p in overlaps)}]


def joint_elsewhere_problems(permit: Permit) -> list[str]:
    """344 cl.7: the joint measures protect both crews: carried out on the other permits too before this crew goes."""
    elsewhere = open_joint_measures_elsewhere(permit)
    if not elsewhere:
        return []
    return [_("The joint measures (344 cl.7) are not yet signed as carried out on %(permits)s.")
            % {"permits": ", ".join(str(p) for p in elsewhere)}]


def admission_period_problems(permit: Permit, now) -> list[str]:
    """344 cl.6: the crew is admitted within the planned period, not before it beyond a small tolerance."""
    if now >= permit.planned_end:
        return [_("The planned period of the permit has ended.")]
    earliest = permit.planned_start - datetime.timedelta(minutes=settings.PERMIT_ADMISSION_EARLY_MINUTES)
    if now < earliest:
        return [_("The planned period of the permit begins at %(start)s: the crew may be admitted from %(earliest)s "
                  "(344 cl.6).") % {"start": local_text(permit.planned_start), "earliest": local_text(earliest)}]
    return []


def admit_problems(permit: Permit, now) -> list[str]:
    """Everything item 9's guard refuses an admission for at `now`, apart from the admitting person's confirmations:
    the guard refuses with these words, and the permit page shows them before anyone signs (issue 11)."""
    return [*admission_problems(permit), *blocked_by_air(air_problems(permit, at=now)), *overlap_problems(permit),
            *joint_elsewhere_problems(permit), *admission_period_problems(permit, now)]


def certificate_problems(permit: Permit) -> list[str]:
    """Annex 3, 344 cl.17: a contractor's permit under a certificate is admitted only while the certificate is in
    force and once the measures due "before the start of work" are signed as carried out. No query without one."""
    if not permit.certificate_id:
        return []
    certificate = permit.certificate
    if certificate.status != CertificateStatus.ACTIVE:
        return [_("The admission certificate is not in force (%(status)s): the site is not handed over (Annex 3).")
                % {"status": certificate.get_status_display()}]
    open_rows = [m for m in certificate.measures.all() if m.before_start and m.done_at is None]
    if open_rows:
        return [_("Measures of the admission certificate due before the start of work are not yet carried out "
                  "(Annex 3): %(measures)s.") % {"measures": "; ".join(f"{m.number}. {m.text[:60]}" for m in open_rows)}]
    return []


def crew_problems(crew) -> list[str]:
    """Item 11: a crew is there and every member of it is briefed (`crew`: the members not removed)."""
    if not crew:
        return [_("The crew is empty (item 11).")]
    unbriefed = [str(m.person) for m in crew if m.briefed_at is None]
    if unbriefed:
        return [_("Not yet briefed (item 11): %(people)s.") % {"people": ", ".join(unbriefed)}]
    return []


def start_problems(permit: Permit, *, crew=None) -> list[str]:
    """What keeps item 11's start waiting: the workplace accepted (item 10), the crew present and briefed (item 11).
    `crew` is the members not removed, when the caller has them already."""
    crew = list(_active_crew(permit)) if crew is None else crew
    return workplace_problems(permit) + crew_problems(crew)


def workplace_problems(permit: Permit) -> list[str]:
    """Item 10: the work performer has accepted the workplace (before the start, and before an extension)."""
    if permit.accepted_at is not None:
        return []
    return [_("The work performer has not yet accepted the workplace (item 10).")]


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ActionRefused(" ".join(problems))


def _check_crew_ready(permit: Permit) -> int:
    crew = list(_active_crew(permit))
    _refuse(crew_problems(crew))
    return len(crew)


def valid_now_problems(permit: Permit, now) -> list[str]:
    if permit.valid_until is None or now >= permit.valid_until:
        return [_("The permit is not extended for the present shift (344 cl.6).")]
    return []


def _check_valid_now(permit: Permit) -> None:
    _refuse(valid_now_problems(permit, _now()))


def _long_break(permit: Permit, since) -> bool:
    return since is not None and _now() - since > shift_length(permit.organisation_id)


def _check_draft_people(permit: Permit) -> None:
    organisation_id = permit.organisation_id
    for field in ("division", "performer", "responsible_manager", "issuer", "facility", "location", "contractor",
                  "work_type", "certificate", "emergency"):
        value = getattr(permit, field, None)
        owner = getattr(value, "organisation_id", organisation_id) if value is not None else organisation_id
        if owner not in (organisation_id, None):
            raise ValidationError({field: _("This belongs to another organisation.")})
    # 344 cl.7: the unit or area lies in the facility of the permit (facility → unit → area).
    if permit.location_id is not None and permit.location.facility_id != permit.facility_id:
        raise ValidationError({"location": _("Choose a unit or area of the permit's facility.")})
