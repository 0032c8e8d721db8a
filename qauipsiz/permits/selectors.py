"""Reads of the permits that pages, printed forms and exports share, each built once: the list and detail querysets,
the board's cards, "My tasks" and the rows of the register (Annex 2) for the page, the PDF and the XLSX alike.

Everything a page shows goes through the gatekeeper (`visible_permits`); nothing here changes a record. "My tasks"
and the board are built from prefetched rows, so their cost does not grow with the number of permits listed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.acts.registered import registered_acts
from qauipsiz.core.i18n import pick_translation
from qauipsiz.core.models import Person
from qauipsiz.documents.marks import span

from . import services
from .acts import Act, Party, actions_from, transition
from .book import book_q, line_of, moment, visible_lines
from .choices import ENDED_STATUSES, OPEN_STATUSES, JointStatus, MeasureCode, PeriodKind, Status
from .gatekeeper import acting_roles, named_q, person_of, visible_permits
from .models import (
    AdmissionPeriod,
    AirSample,
    Approval,
    Attachment,
    CrewMember,
    Extension,
    OverlapAgreement,
    Permit,
    PermitMeasure,
    RegisterLine,
)
from .services.guards import admission_problems, start_problems
from .shifts import extension_window

ENDING_SOON = datetime.timedelta(hours=1)

def action_urls() -> dict[str, str]:
    """The URL name of the page of each act on a whole permit: the draft's edit form, and each registered act's page
    (`registered.py`)."""
    return {Act.UPDATE: "permits:edit",
            **{act.code: f"permits:{act.page_name}" for act in registered_acts("permits.permit") if act.part is None}}


# --- the list and the permit page -------------------------------------------------------------------------------------

def list_queryset():
    return Permit.objects.select_related("division", "facility", "work_type", "performer", "issuer").order_by(
        "-year", "-number", "-id")


def detail_queryset():
    return Permit.objects.select_related(
        "organisation", "division", "facility", "location__parent", "work_type", "contractor", "certificate",
        "emergency", "performer", "performer__division", "performer__contractor", "responsible_manager", "issuer", "replaces")


def permit_page_queryset():
    """The permit with everything its page shows, each relation in one query."""
    return detail_queryset().prefetch_related(
        "other_divisions", "devices",
        Prefetch("admitting_persons", queryset=Person.objects.order_by("last_name", "pk")),
        "namings__person", "namings__replaced",
        Prefetch("measures", queryset=PermitMeasure.objects.select_related("done_by", "joint")),
        Prefetch("air_samples", queryset=AirSample.objects.select_related("measured_by")),
        Prefetch("approvals", queryset=Approval.objects.select_related("approver")),
        Prefetch("crew", queryset=CrewMember.objects.select_related("person", "briefed_by")),
        Prefetch("periods", queryset=AdmissionPeriod.objects.select_related("admitted_by")),
        # Into their own attributes: the gatekeeper queries these relations itself (with only(), which a
        # select_related queryset refuses).
        Prefetch("extensions", queryset=Extension.objects.select_related("handed_over_by", "accepted_by",
                                                                         "admitted_by"), to_attr="extension_rows"),
        Prefetch("attachments", queryset=Attachment.objects.select_related("added_by")),
    )


# --- the board --------------------------------------------------------------------------------------------------------

BOARD_ORDER = (Status.IN_PROGRESS, Status.ADMITTED, Status.PAUSED, Status.SUSPENDED, Status.LAPSED, Status.ISSUED,
               Status.COMPLETED)


@dataclass
class Card:
    permit: Permit
    performer: Person
    lapsed: bool
    ending_soon: bool


def board_queryset(user):
    """The open permits the user sees, with what a card shows."""
    return visible_permits(user, Permit.objects.filter(status__in=OPEN_STATUSES)).select_related(
        "division", "facility", "work_type", "performer").prefetch_related(
        Prefetch("extensions", queryset=Extension.objects.select_related("accepted_by").order_by("shift_start", "id"),
                 to_attr="extension_rows"))


def _card(permit: Permit, now) -> Card:
    extensions = permit.extension_rows  # prefetched, ordered by shift start
    performer = extensions[-1].accepted_by if extensions else permit.performer
    valid_until = permit.valid_until
    lapsed = permit.status == Status.LAPSED or permit.lapsed_at(now)  # the card as its column (344 cl.6)
    ending_soon = not lapsed and valid_until is not None and permit.status != Status.COMPLETED and (
        valid_until - now <= ENDING_SOON)
    return Card(permit=permit, performer=performer, lapsed=lapsed, ending_soon=ending_soon)


def board_columns(permits, now) -> list[dict]:
    """The board's columns in `BOARD_ORDER`, each with the cards of its status (`permits` from `board_queryset`)."""
    grouped = defaultdict(list)
    for permit in permits.order_by("valid_until", "number", "pk"):
        # A permit past its validity is in the lapsed column at once, not when the lapse job runs (344 cl.6).
        grouped[Status.LAPSED if permit.lapsed_at(now) else permit.status].append(_card(permit, now))
    return [{"status": status, "label": Status(status).label, "cards": grouped.get(status, [])}
            for status in BOARD_ORDER]


# --- my tasks ---------------------------------------------------------------------------------------------------------

# The acts that wait for someone (a signature or a step), as opposed to those one may take at any time.
WAITING = (Act.ISSUE, Act.SIGN_JOINT_MEASURES, Act.COMPLETE_MEASURE, Act.APPROVE, Act.ADMIT, Act.ACCEPT_WORKPLACE,
           Act.BRIEF_MEMBER, Act.START_WORK, Act.READMIT, Act.EXTEND, Act.RESUME, Act.CLOSE)


def named_permits(user):
    """The open permits and drafts that name the user's person, by the gatekeeper's one definition of "named"."""
    person = person_of(user)
    if person is None:
        return Permit.objects.none()
    return visible_permits(user, Permit.objects.filter(named_q(person), organisation=person.organisation_id,
                                                       status__in=OPEN_STATUSES | {Status.DRAFT}))


def with_task_rows(queryset):
    """`queryset` with the rows "My tasks" reads (`open_actions`, the measures, approvals and crew), one query each."""
    return queryset.select_related("division", "work_type", "performer").prefetch_related(
        "other_divisions",
        Prefetch("admitting_persons", queryset=Person.objects.only("pk"), to_attr="admitting_rows"),
        Prefetch("measures", queryset=PermitMeasure.objects.all(), to_attr="measure_rows"),
        Prefetch("approvals", queryset=Approval.objects.select_related("approver"), to_attr="approval_rows"),
        Prefetch("crew", queryset=CrewMember.objects.select_related("person"), to_attr="crew_rows"),
        Prefetch("extensions", queryset=Extension.objects.order_by("-shift_start", "-id").only(
            "pk", "permit_id", "shift_start", "accepted_by_id"), to_attr="latest_extensions"),
        # 344 cl.7: the proposals of joint measures still awaiting signatures, with who signs.
        Prefetch("overlap_agreements", queryset=OverlapAgreement.objects.filter(status=JointStatus.PROPOSED)
                 .prefetch_related("signatures"), to_attr="proposed_agreements"),
    )


class _Facts:
    """What the gatekeeper's `is_party` asks of a permit, read from the prefetched rows instead of a query each."""

    def __init__(self, person: Person, permit: Permit):
        self.person, self.permit = person, permit

    def admitting(self) -> bool:
        return any(p.pk == self.person.pk for p in self.permit.admitting_rows)

    def performer(self) -> bool:
        # gatekeeper.current_performer_id: the performer of the latest extended shift (cl.29), else the permit's.
        latest = self.permit.latest_extensions
        current = latest[0].accepted_by_id if latest else self.permit.performer_id
        return self.person.pk in (self.permit.performer_id, current)

    def joint_to_sign(self, *, signed: bool | None = False) -> list:
        """The proposals of joint measures on the permit that the person is a party to (`signed` None), or has yet
        to sign (False)."""
        return [a for a in self.permit.proposed_agreements if any(
            s.signatory_id == self.person.pk and (signed is None or (s.signed_at is not None) == signed)
            for s in a.signatures.all())]

    def is_party(self, party: str) -> bool:
        person, permit = self.person, self.permit
        if party in (Party.MEASURE_EXECUTOR, Party.MANAGEMENT):
            return person.organisation_id == permit.organisation_id and person.is_active
        if party == Party.ISSUER:
            return person.pk == permit.issuer_id
        if party == Party.JOINT_SIGNATORY:
            return bool(self.joint_to_sign(signed=None))
        if party == Party.APPROVER:
            return any(a.approver_id == person.pk and a.approved_at is None for a in permit.approval_rows)
        if party == Party.ANYONE_ON_SITE:
            return person.is_active and (person.pk in (permit.issuer_id, permit.responsible_manager_id)
                                         or self.admitting() or self.performer()
                                         or any(a.approver_id == person.pk for a in permit.approval_rows)
                                         or any(m.person_id == person.pk and m.removed_at is None
                                                for m in permit.crew_rows))
        return {
            Party.ADMITTING: self.admitting,
            Party.PERFORMER: self.performer,
            Party.ADMITTING_OR_PERFORMER: lambda: self.admitting() or self.performer(),
            Party.ADMITTING_OR_ISSUER: lambda: person.pk == permit.issuer_id or self.admitting(),
        }.get(party, lambda: False)()


def open_actions(user, permit: Permit, acts=None) -> list[str]:
    """`gatekeeper.available_actions(user, permit)` (limited to `acts`) for a permit from `with_task_rows`: the same
    transition table, the same `acting_roles`, the parties read from the prefetched rows instead of a query each
    (tests/permits/test_selectors.py holds the two equal for every party)."""
    person = person_of(user)
    if person is None:
        return []
    facts = _Facts(person, permit)
    result = []
    for action in actions_from(permit.status):
        if acts is not None and action not in acts:
            continue
        if action == Act.COMPLETE_MEASURE and permit.status != Status.ISSUED and not any(
                m.joint_id and m.done_at is None for m in permit.measure_rows):
            continue  # as gatekeeper.available_actions: after admission only a joint measure agreed since
        step = transition(action)
        if acting_roles(user, permit, step.roles) and facts.is_party(step.party):
            result.append(action)
    return result


def _air_waits(permit: Permit, now) -> bool:
    """Whether the admission waits for an air sample: the service's own air guard (`services.air_problems`, item 5.4)
    refuses it now (a reading outside its limit, or none fresh enough). Asked only of a permit that lists an air
    analysis and has nothing else missing: the guard reads the samples (two queries)."""
    return (any(m.code == MeasureCode.AIR_SAMPLE for m in permit.measure_rows)
            and bool(services.air_problems(permit, at=now)))


def _waiting_acts(user, person: Person, permit: Permit, now) -> list[str]:
    actions = open_actions(user, permit, WAITING)
    active_crew = [m for m in permit.crew_rows if m.removed_at is None]
    if Act.EXTEND in actions and permit.valid_until is not None and permit.status != Status.LAPSED and (
            permit.valid_until - now > extension_window()):
        actions.remove(Act.EXTEND)  # extended before each shift: not yet due (the window of 344 cl.6)
    if Act.EXTEND in actions and _air_waits(permit, now):
        # The extension admits the crew again (item 12): what waits is a fresh passing air sample first.
        actions[actions.index(Act.EXTEND)] = Act.RECORD_AIR_SAMPLE
    if Act.ADMIT in actions:
        if admission_problems(permit, measures=permit.measure_rows, approvals=permit.approval_rows):
            actions.remove(Act.ADMIT)  # measures or approvals still missing (items 7, 8): it does not wait yet
        elif _air_waits(permit, now):
            # What waits is a passing air sample, which the admitting person may record himself.
            actions[actions.index(Act.ADMIT)] = Act.RECORD_AIR_SAMPLE
    if Act.ACCEPT_WORKPLACE in actions and permit.accepted_at is not None:
        actions.remove(Act.ACCEPT_WORKPLACE)
    if Act.START_WORK in actions and start_problems(permit, crew=active_crew):
        actions.remove(Act.START_WORK)  # items 10 and 11 come first
    if Act.SIGN_JOINT_MEASURES in actions and not _Facts(person, permit).joint_to_sign():
        actions.remove(Act.SIGN_JOINT_MEASURES)  # signed already: it waits for the other parties
    if Act.COMPLETE_MEASURE in actions and not any(p.pk == person.pk for p in permit.admitting_rows):
        # Anyone on site may sign a measure; it waits for the admitting persons, who organise them (344 cl.21).
        actions.remove(Act.COMPLETE_MEASURE)
    return actions


def tasks_for(user, limit: int = 200) -> list[dict]:
    """What waits for the user: the actions open to them now on the permits that name them, with the measures,
    approvals and briefings concerned."""
    person = person_of(user)
    if person is None:
        return []
    permits = with_task_rows(named_permits(user)).order_by("-year", "-number", "-pk")[:limit]
    now = timezone.now()
    tasks, urls = [], action_urls()
    for permit in permits:
        unbriefed = [m for m in permit.crew_rows if m.removed_at is None and m.briefed_at is None]
        items = []
        for action in _waiting_acts(user, person, permit, now):
            if action == Act.COMPLETE_MEASURE:
                items.extend({"label": _("Sign as carried out (item 7): %(measure)s") % {
                    "measure": f"{m.code} {m.text}"}, "url": reverse("permits:measure-complete", args=[permit.pk, m.pk])}
                    for m in permit.measure_rows if m.done_at is None)
            elif action == Act.SIGN_JOINT_MEASURES:
                items.extend({"label": _("Sign the joint measures (344 cl.7): %(measures)s") % {
                    "measures": agreement.measures}, "url": reverse("permits:joint-measures-sign",
                                                                     args=[permit.pk, agreement.pk])}
                    for agreement in _Facts(person, permit).joint_to_sign())
            elif action == Act.BRIEF_MEMBER:
                items.extend({"label": _("Brief %(person)s (item 11)") % {"person": m.person},
                              "url": reverse("permits:crew-brief", args=[permit.pk, m.pk])} for m in unbriefed)
            elif action in urls:
                items.append({"label": Act(action).label, "url": reverse(urls[action], args=[permit.pk])})
        # A crew member is briefed on the admitting person's device: it waits for him too, without a button.
        for member in unbriefed:
            if member.person_id == person.pk:
                items.append({"label": _("You are to be briefed and sign on the admitting person's device (item 11)"),
                              "url": ""})
        if items:
            tasks.append({"permit": permit, "items": items})
    return tasks


# The responsible work performer now (cl.29), the one who co-signs: defined once, with the services that need it.
current_performer = services.current_performer


# --- the register (Annex 2): one set of rows for the page, the PDF and the XLSX ------------------------------------


def register_queryset(*, organisation, year: int, contractor=None):
    """The numbered permits of a book's year in number order (the order received, 344 cl.13 note), with their issuer,
    work type and admission periods: three queries however many permits there are. The book is the organisation's
    own (`contractor` None) or a contractor's (cl.9, cl.15: `book`)."""
    periods = AdmissionPeriod.objects.order_by("started_at", "id")
    return (Permit.objects.filter(book_q(contractor), organisation=organisation, year=year, number__isnull=False)
            .select_related("issuer", "work_type")
            .prefetch_related(Prefetch("periods", queryset=periods))
            .order_by("number"))


def kept_lines_queryset(*, organisation, year: int, contractor=None):
    """The lines the book kept of its purged permits (344 cl.13)."""
    return RegisterLine.objects.filter(book_q(contractor), organisation=organisation, year=year).order_by("number")


@dataclass
class RegisterRow:
    permit_id: int
    number: int
    display_number: str
    initial: list[str]
    readmissions: list[str]
    issuer: str
    nature: str
    status: str
    marked: str  # the status printed in the row: only for the permits that ended without being closed
    purged: bool = False  # the permit is gone after its retention; the book keeps its line (344 cl.13)


def register_row(line: RegisterLine, *, purged: bool = False) -> RegisterRow:
    """One line of Annex 2 (`book.line_of` a permit, or a kept line of a purged one) as a row, in the active
    language."""
    periods = [(p["kind"], span(moment(p["started_at"]), moment(p["ended_at"]))) for p in line.periods]
    return RegisterRow(
        permit_id=line.permit_id,
        number=line.number,
        display_number=line.display_number,
        initial=[text for kind, text in periods if kind == PeriodKind.INITIAL],
        readmissions=[text for kind, text in periods if kind == PeriodKind.READMISSION],
        issuer=line.issuer,
        nature=f"{pick_translation(line, 'work_type')}: {line.scope_of_work} ({line.place})",
        status=str(Status(line.status).label),
        marked=str(Status(line.status).label) if line.status in ENDED_STATUSES - {Status.CLOSED} else "",
        purged=purged,
    )


def register_rows(*, organisation, year: int, contractor=None, queryset=None, lines=None) -> list[RegisterRow]:
    """Annex 2's rows of a book in the active language, in number order: its permits and the lines it kept of those
    purged. `queryset` and `lines` narrow register_queryset and kept_lines_queryset (a page showing only what its
    reader may see passes filtered ones)."""
    permits = queryset if queryset is not None else register_queryset(organisation=organisation, year=year,
                                                                       contractor=contractor)
    kept = lines if lines is not None else kept_lines_queryset(organisation=organisation, year=year,
                                                               contractor=contractor)
    rows = [register_row(line_of(permit)) for permit in permits]
    rows += [register_row(line, purged=True) for line in kept]
    return sorted(rows, key=lambda row: row.number)


def register_rows_for_page(user, organisation, year: int, contractor=None) -> list[RegisterRow]:
    """The register page: the same rows as the printed register, of the permits (and kept lines) the user may see."""
    if organisation is None:
        return []
    return register_rows(
        organisation=organisation, year=year, contractor=contractor,
        queryset=visible_permits(user, register_queryset(organisation=organisation, year=year, contractor=contractor)),
        lines=visible_lines(user, kept_lines_queryset(organisation=organisation, year=year, contractor=contractor)))
