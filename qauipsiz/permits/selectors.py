"""Reads of the permits that pages, printed forms and exports share, each built once: the list and detail querysets,
the board's cards, "My tasks" and the rows of the register (Annex 2) for the page, the PDF and the XLSX alike.

Everything a page shows goes through the gatekeeper (`visible_permits`); nothing here changes a record. "My tasks"
and the board are built from prefetched rows, so their cost does not grow with the number of permits listed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import grants_prefetch
from qauipsiz.acts.registered import registered_acts
from qauipsiz.core.i18n import pick_translation
from qauipsiz.core.models import Person
from qauipsiz.documents.marks import span

from . import services
from .acts import MEASURE_ACTS, Act, Party, actions_from, transition
from .barred import barred_on_permits
from .book import book_q, line_of, moment, visible_lines
from .choices import ENDED_STATUSES, OPEN_STATUSES, JointStatus, MeasureCode, NamingKind, PeriodKind, Status
from .gatekeeper import acting_roles, done_already, named_q, person_of, visible_permits
from .models import (
    AdmissionPeriod,
    AirSample,
    Approval,
    Attachment,
    CrewMember,
    Extension,
    Naming,
    OverlapAgreement,
    Permit,
    PermitMeasure,
    RegisterLine,
)
from .services.guards import admission_problems, no_further_shift, start_problems
from .shifts import extension_window_open

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
    barred: list = field(default_factory=list)  # [(person, reasons)]: named but removed from work (315 cl.27.4)


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
    permits = list(permits.order_by("valid_until", "number", "pk"))
    barred = barred_on_permits(permits, now)
    for permit in permits:
        card = _card(permit, now)
        card.barred = barred.get(permit.pk, [])
        # A permit past its validity is in the lapsed column at once, not when the lapse job runs (344 cl.6).
        grouped[Status.LAPSED if permit.lapsed_at(now) else permit.status].append(card)
    return [{"status": status, "label": Status(status).label, "cards": grouped.get(status, [])}
            for status in BOARD_ORDER]


# --- my tasks ---------------------------------------------------------------------------------------------------------

# The acts that wait for someone (a signature or a step), as opposed to those one may take at any time. The crew is
# added, the shift handed over and the permit handed back at any time too, but each waits for the performer at one
# point of the permit's life (`_task_items`).
WAITING = (Act.ISSUE, Act.SIGN_JOINT_MEASURES, Act.COMPLETE_MEASURE, Act.APPROVE, Act.ADMIT, Act.ACCEPT_WORKPLACE,
           Act.ADD_MEMBER, Act.BRIEF_MEMBER, Act.START_WORK, Act.READMIT, Act.EXTEND, Act.HAND_OVER_SHIFT, Act.RESUME,
           Act.HAND_BACK, Act.CLOSE)

# Why each act waits, where no guard says it in its own words (those that do are quoted: the air, the crew, the end).
WHY = {
    Act.ISSUE: gettext_lazy("The draft waits for issue (item 6)."),
    Act.SIGN_JOINT_MEASURES: gettext_lazy("Your signature of the joint measures is awaited (344 cl.7)."),
    Act.COMPLETE_MEASURE: gettext_lazy("The measure is not yet signed as carried out; the admitting person organises "
                                       "the measures (344 cl.21)."),
    Act.APPROVE: gettext_lazy("Your approval is awaited (items 8, 8.1)."),
    Act.ADMIT: gettext_lazy("The measures are signed as carried out and the approvals given: the crew waits for "
                            "admission (item 9)."),
    Act.ACCEPT_WORKPLACE: gettext_lazy("The crew is admitted: the workplace waits for your acceptance (item 10)."),
    Act.BRIEF_MEMBER: gettext_lazy("A crew member works only once briefed (item 11)."),
    Act.START_WORK: gettext_lazy("The workplace is accepted and the crew briefed: the start waits for your signature "
                                 "(item 11)."),
    Act.READMIT: gettext_lazy("The work is stopped for a break: it goes on once re-admitted (344 cl.23, cl.28)."),
    Act.EXTEND: gettext_lazy("The shift the permit is valid for is ending: it is extended before the next one "
                             "(item 12, 344 cl.6)."),
    Act.HAND_OVER_SHIFT: gettext_lazy("Your shift is ending and the next one is accepted by a work performer named "
                                      "for the shifts (344 cl.24, cl.29)."),
    Act.RESUME: gettext_lazy("The work is suspended: it goes on once resumed (344 cl.27)."),
    Act.CLOSE: gettext_lazy("The permit was handed back on completion: it waits to be closed (344 cl.11)."),
}


def named_permits(user):
    """The open permits and drafts that name the user's person, by the gatekeeper's one definition of "named"."""
    person = person_of(user)
    if person is None:
        return Permit.objects.none()
    return visible_permits(user, Permit.objects.filter(named_q(person), organisation=person.organisation_id,
                                                       status__in=OPEN_STATUSES | {Status.DRAFT}))


def with_task_rows(queryset):
    """`queryset` with the rows "My tasks" reads (`open_actions`, the measures, air samples, approvals, crew, shift
    performers and extensions, the certificate), one query each, so that the guards it asks query nothing."""
    return queryset.select_related("division", "work_type", "performer", "certificate").prefetch_related(
        "other_divisions", "certificate__measures", "air_samples",
        Prefetch("admitting_persons", queryset=Person.objects.only("pk"), to_attr="admitting_rows"),
        # Into the relation's own cache: the services' air guard reads `permit.measures.all()`.
        Prefetch("measures", queryset=PermitMeasure.objects.all()),
        Prefetch("approvals", queryset=Approval.objects.select_related("approver"), to_attr="approval_rows"),
        Prefetch("crew", queryset=CrewMember.objects.select_related("person"), to_attr="crew_rows"),
        Prefetch("extensions", queryset=Extension.objects.order_by("-shift_start", "-id").only(
            "pk", "permit_id", "shift_start", "shift_end", "accepted_by_id"), to_attr="latest_extensions"),
        # 344 cl.29: the performers the issuer named for the shifts (gatekeeper.named_performers).
        Prefetch("namings", queryset=Naming.objects.filter(kind=NamingKind.SHIFT_PERFORMER).only(
            "pk", "permit_id", "person_id"), to_attr="shift_namings"),
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

    def current_performer_id(self) -> int:
        # gatekeeper.current_performer_id: the performer of the latest extended shift (cl.29), else the permit's.
        latest = self.permit.latest_extensions
        return latest[0].accepted_by_id if latest else self.permit.performer_id

    def performer(self) -> bool:
        return self.person.pk in (self.permit.performer_id, self.current_performer_id())

    def named_performer_ids(self) -> set[int]:
        # gatekeeper.named_performers: the permit's performer and those named for the shifts (cl.29).
        return {self.permit.performer_id, *(n.person_id for n in self.permit.shift_namings)}

    def extended(self) -> bool:
        # As gatekeeper.available_actions asks it: an extension ends where the permit's validity does.
        return any(e.shift_end == self.permit.valid_until for e in self.permit.latest_extensions)

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

    def part(self, action: str) -> str:
        """The part of the permit the person holds for `action`, as "My tasks" names it (why it waits on him)."""
        party = transition(action).party
        if party == Party.ADMITTING_OR_ISSUER:
            party = Party.ADMITTING if self.admitting() else Party.ISSUER
        elif party == Party.ADMITTING_OR_PERFORMER:
            party = Party.PERFORMER if self.performer() else Party.ADMITTING
        elif party in (Party.ANYONE_ON_SITE, Party.MEASURE_EXECUTOR):
            party = Party.ADMITTING  # a sample or a measure waits for the admitting person, who organises them (cl.21)
        return str(Party(party).label)


def open_actions(user, permit: Permit, acts=None, now=None) -> list[str]:
    """`gatekeeper.available_actions(user, permit)` (limited to `acts`) for a permit from `with_task_rows`: the same
    transition table, the same `acting_roles`, the same `done_already`, the parties read from the prefetched rows
    instead of a query each (tests/permits/test_selectors.py holds the two equal for every party)."""
    person = person_of(user)
    if person is None:
        return []
    now = now or timezone.now()
    facts = _Facts(person, permit)
    result = []
    for action in actions_from(permit.status):
        if acts is not None and action not in acts:
            continue
        if action in MEASURE_ACTS and permit.status != Status.ISSUED and not any(
                m.joint_id and m.done_at is None for m in permit.measures.all()):
            continue  # as gatekeeper.available_actions: after admission only a joint measure agreed since
        step = transition(action)
        if (acting_roles(user, permit, step.roles) and facts.is_party(step.party)
                and not done_already(action, permit, now, extended=facts.extended)):
            result.append(action)
    return result


def _admission_blocked(problems: list[str]) -> str:
    # The words of the air guard's refusal (`services.air_problems`, item 5.4).
    return _("Admission is blocked: %(problems)s.") % {"problems": "; ".join(problems)}


class _Items:
    """The items of one permit's task: the act, its page, the part the person holds and why it waits on him."""

    def __init__(self, permit: Permit, facts: _Facts, urls: dict[str, str]):
        self.permit, self.facts, self.items, self.urls = permit, facts, [], urls

    def add(self, action: str, why, *, label=None, url=None, part=None) -> None:
        url = reverse(self.urls[action], args=[self.permit.pk]) if url is None else url
        item = {"act": action, "label": label or Act(action).label, "url": url,
                "part": part or self.facts.part(action), "why": str(why)}
        if not any(i["label"] == item["label"] and i["url"] == url for i in self.items):
            self.items.append(item)

    def air_sample(self, why: str) -> None:
        """What waits is a passing (fresh) air sample, which the admitting person may record himself (item 5.4)."""
        self.add(Act.RECORD_AIR_SAMPLE, why, part=str(Party.ADMITTING.label))


def _shift_ending(permit: Permit, now) -> bool:
    return permit.status == Status.LAPSED or extension_window_open(permit, now)


def _task_items(user, person: Person, permit: Permit, now, urls: dict[str, str]) -> list[dict]:
    """What waits on the person on one permit: the acts open to him (`open_actions`) that the services' guards would
    let through now or that the next step waits on, and the signatures he gives on another's device."""
    facts = _Facts(person, permit)
    out = _Items(permit, facts, urls)
    crew = [m for m in permit.crew_rows if m.removed_at is None]
    unbriefed = [m for m in crew if m.briefed_at is None]
    last_shift = no_further_shift(permit, now)  # the extension's own guard (344 cl.6)
    for action in open_actions(user, permit, WAITING, now):
        if action == Act.COMPLETE_MEASURE:
            if not facts.admitting():
                continue  # anyone on site may sign a measure; it waits for the admitting persons (344 cl.21)
            signable = []
            for m in permit.measures.all():
                if m.done_at is not None:
                    continue
                # Measure 5.4 is signed once a passing sample is there: until then the sample waits, in the words
                # of that measure's own guard.
                problems = services.air_measure_problems(permit) if m.code == MeasureCode.AIR_SAMPLE else []
                if problems:
                    out.air_sample(problems[0])
                    continue
                signable.append(m)
            if len(signable) > 1:
                # Issue 11: the measures one person carried out take one signature for the set, in the words of the
                # permit page's button.
                query = urlencode([("measures", m.pk) for m in signable])
                out.add(Act.COMPLETE_MEASURES, WHY[action], label=ngettext(
                    "Sign the %(counter)s measure at once", "Sign all %(counter)s measures at once",
                    len(signable)) % {"counter": len(signable)},
                    url=f"{reverse('permits:measures-complete', args=[permit.pk])}?{query}", part=facts.part(action))
            for m in signable:
                out.add(action, WHY[action], label=_("Sign as carried out (item 7): %(measure)s") % {
                    "measure": f"{m.code} {m.text}"}, url=reverse("permits:measure-complete", args=[permit.pk, m.pk]))
        elif action == Act.SIGN_JOINT_MEASURES:
            for agreement in facts.joint_to_sign():  # signed already: it waits for the other parties
                out.add(action, WHY[action], label=_("Sign the joint measures (344 cl.7): %(measures)s") % {
                    "measures": agreement.measures},
                    url=reverse("permits:joint-measures-sign", args=[permit.pk, agreement.pk]))
        elif action == Act.ADMIT:
            if admission_problems(permit, measures=permit.measures.all(), approvals=permit.approval_rows):
                continue  # measures or approvals still missing (items 7, 8): it does not wait yet
            problems = services.air_problems(permit, at=now)
            if problems:
                out.air_sample(_admission_blocked(problems))
            else:
                out.add(action, WHY[action])
        elif action == Act.ADD_MEMBER:
            # Item 11: with the workplace accepted, the start waits for a crew, which its performer forms.
            if (permit.status == Status.ADMITTED and facts.performer() and permit.accepted_at is not None
                    and not crew):
                out.add(action, " ".join(start_problems(permit, crew=crew)), part=str(Party.PERFORMER.label))
        elif action == Act.START_WORK:
            if not start_problems(permit, crew=crew):  # items 10 and 11 come first
                out.add(action, WHY[action])
        elif action == Act.BRIEF_MEMBER:
            for m in unbriefed:
                out.add(action, WHY[action], label=_("Brief %(person)s (item 11)") % {"person": m.person},
                        url=reverse("permits:crew-brief", args=[permit.pk, m.pk]))
        elif action == Act.EXTEND:
            if not _shift_ending(permit, now) or last_shift:
                continue  # not yet due (the window of 344 cl.6), or no further shift: the performer hands it back
            problems = services.air_problems(permit, at=now)
            if problems:  # the extension admits the crew again (item 12): a fresh passing sample first
                out.air_sample(_admission_blocked(problems))
            else:
                out.add(action, WHY[action])
        elif action == Act.HAND_OVER_SHIFT:
            # 344 cl.24: the outgoing performer hands over to another one named for the shifts (cl.29).
            if _shift_ending(permit, now) and not last_shift and facts.named_performer_ids() - {person.pk}:
                out.add(action, WHY[action])
        elif action == Act.HAND_BACK:
            if _shift_ending(permit, now) and last_shift:  # item 13: the work ends with this shift
                out.add(action, " ".join(last_shift))
        else:
            out.add(action, WHY[action])
    # Signed on the admitting person's device: they wait for the person too, without a button.
    if any(m.person_id == person.pk for m in unbriefed):
        out.add(Act.BRIEF_MEMBER, _("You are in the crew and not yet briefed (item 11)."), url="",
                label=_("You are to be briefed and sign on the admitting person's device (item 11)"),
                part=str(Role.CREW_MEMBER.label))
    if (permit.status in transition(Act.EXTEND).sources and _shift_ending(permit, now) and not last_shift
            and person.pk in _incoming_performers(facts)):
        out.add(Act.EXTEND, _("The permit is extended for the next shift; the work performer of the incoming shift "
                              "accepts it with his signature (item 12, 344 cl.29)."), url="",
                label=_("Accept the next shift: sign the extension on the admitting person's device (item 12)"),
                part=str(NamingKind.SHIFT_PERFORMER.label))
    return out.items


def _incoming_performers(facts: _Facts) -> set[int]:
    """Who accepts the next shift (item 12): one of the performers named for the shifts (cl.29) other than the one
    handing over, or the one performer named, who carries on."""
    named = facts.named_performer_ids()
    return named - {facts.current_performer_id()} if len(named) > 1 else named


def tasks_for(user, limit: int = 200) -> list[dict]:
    """What waits for the user: on the permits that name them, each act that waits on them now (`_task_items`), with
    the part they hold and why it waits."""
    person = person_of(user)
    if person is None:
        return []
    permits = with_task_rows(named_permits(user)).order_by("-year", "-number", "-pk")[:limit]
    now, urls = timezone.now(), action_urls()
    tasks = []
    for permit in permits:
        items = _task_items(user, person, permit, now, urls)
        if items:
            tasks.append({"permit": permit, "items": items})
    return tasks


# --- the home: what each of the person's permits waits for, and who takes it ---------------------------------------

def _people_on(permit: Permit) -> list[int]:
    """Everyone the permit names (from `with_task_rows`' rows), in the order its steps come to them."""
    ids = [permit.issuer_id, *(p.pk for p in permit.admitting_rows), *(a.approver_id for a in permit.approval_rows),
           *(s.signatory_id for a in permit.proposed_agreements for s in a.signatures.all()),
           permit.performer_id, *(e.accepted_by_id for e in permit.latest_extensions),
           *(n.person_id for n in permit.shift_namings),
           *(m.person_id for m in permit.crew_rows if m.removed_at is None), permit.responsible_manager_id]
    return [pk for pk in dict.fromkeys(ids) if pk is not None]


def waiting_steps(user, limit: int = 20) -> list[dict]:
    """The open permits and drafts that name the user (`named_permits`), each with the steps it waits for and who
    takes them. The steps are "My tasks" (`_task_items`) worked out for every person the permit names, so that the
    home and "My tasks" read one set of rules; a query each for the permits' rows and the people with their grants,
    however many permits and people there are."""
    viewer = person_of(user)
    if viewer is None:
        return []
    permits = list(with_task_rows(named_permits(user)).order_by("-year", "-number", "-pk")[:limit])
    ids = {pk for permit in permits for pk in _people_on(permit)} - {viewer.pk}
    people = {viewer.pk: viewer, **Person.objects.filter(pk__in=ids, is_active=True, user__is_active=True)
              .select_related("user").prefetch_related(grants_prefetch("user__grants")).in_bulk()}
    now, urls = timezone.now(), action_urls()
    rows = []
    for permit in permits:
        steps = []
        for pk in _people_on(permit):
            person = people.get(pk)
            if person is None:
                continue
            mine = pk == viewer.pk
            for item in _task_items(user if mine else person.user, person, permit, now, urls):
                if mine or item["url"]:  # another's signature on a device is his part of a step shown already
                    steps.append({**item, "person": person, "mine": mine})
        rows.append({"permit": permit, "steps": steps})
    return rows


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
