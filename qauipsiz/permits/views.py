"""Pages of the work permits (Order 344). Each page reads through the gatekeeper; each change is one service call.

Refusals: `PermissionDenied` answers the 403 page, `ActionRefused` the refusal page with its reason (409), and a
`ValidationError` re-renders the form with the errors (422). Changes are POST only, under CSRF protection.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qauipsiz.accounts.access import access_record
from qauipsiz.accounts.choices import AccessKind, Action, Role
from qauipsiz.accounts.policy import can, organisations_for, visible_to
from qauipsiz.acts.refusals import CosignerRefused
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.models import Organisation, Person
from qauipsiz.core.views import note_view
from qauipsiz.ledger.forms import SignatureForm
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.signatures import SignatureRefused, signatures_of

from . import attachments as attachment_service
from . import forms, services
from .acts import Act
from .choices import OPEN_STATUSES, CertificateStatus, EmergencyStatus, PeriodKind, Status, Validity
from .content import signing_text
from .filters import BoardFilterSet, CertificateFilterSet, EmergencyFilterSet, PermitFilterSet
from .gatekeeper import (
    ActionRefused,
    available_actions,
    check_action,
    person_of,
    visible_certificates,
    visible_emergencies,
    visible_permits,
)
from .models import (
    AdmissionCertificate,
    AdmissionPeriod,
    AirSample,
    Approval,
    Attachment,
    CrewMember,
    EmergencyWork,
    Extension,
    Permit,
    PermitMeasure,
    WorkType,
)
from .shifts import shift_to_extend_for

LANGUAGES = ("kk", "ru", "en")
ENDING_SOON = datetime.timedelta(hours=1)


# --- common -----------------------------------------------------------------------------------------------------------

def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _language(request) -> str:
    language = request.GET.get("language") or (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def _detail_queryset():
    return Permit.objects.select_related(
        "organisation", "division", "facility", "work_type", "contractor", "certificate", "emergency", "performer",
        "performer__division", "performer__contractor", "responsible_manager", "issuer", "replaces")


def get_permit(request, pk: int, queryset=None) -> Permit:
    """The permit if the user may see it; 404 otherwise, so that existence outside one's scope is not revealed."""
    return get_object_or_404(visible_permits(request.user, queryset if queryset is not None else _detail_queryset()),
                             pk=pk)


def refused(request, error: ActionRefused, *, back: str, title=None) -> HttpResponse:
    """The refusal page: the state of the record does not allow the action now (409)."""
    return render(request, "permits/refused.html", {"message": error.message, "back": back,
                                                    "title": title or _("The action was refused")}, status=409)


def _show_error(form, error: ValidationError) -> None:
    if isinstance(error, SignatureRefused | CosignerRefused) and isinstance(form, SignatureForm):
        form.add_refusal(error)
    else:
        add_service_errors(form, error)


def _success(request, url: str) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _detail_url(permit) -> str:
    return reverse("permits:detail", args=[permit.pk])


# --- actions: the plumbing shared by every action page -----------------------------------------------------------------

@dataclass
class Cosigner:
    person: Person
    role: str


def _cosigner_block(cosigner: Cosigner | None, data):
    if cosigner is None:
        return None
    return SignatureForm(data, prefix="cosigner")


def run_action(request, permit: Permit, act: str, *, form, perform, subject=None, cosigner: Cosigner | None = None,
               success_message: str, intro: str = "", next_url=None, template="permits/action.html",
               check=True, extra=None) -> HttpResponse:
    """Show the action's form; on POST, call its one service (`perform`) and answer its refusals.

    `perform(cosign_form)` calls the service and returns what it returns; `next_url(result)` says where to go after.
    """
    back = _detail_url(permit)
    if check:
        try:
            check_action(request.user, act, permit)
        except ActionRefused as error:
            return refused(request, error, back=back)
    cosign_form = _cosigner_block(cosigner, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        valid = form.is_valid()
        valid = (cosign_form is None or cosign_form.is_valid()) and valid
        if valid:
            try:
                result = perform(cosign_form)
            except ActionRefused as error:
                return refused(request, error, back=back)
            except ValidationError as error:
                target = cosign_form if cosign_form is not None and isinstance(error, CosignerRefused) else form
                _show_error(target, error)
                status = 422
            else:
                messages.success(request, success_message)
                return _success(request, next_url(result) if next_url else back)
        else:
            status = 400
    signs = any(name.startswith("sign_") for name in form.fields)
    context = {
        "permit": permit, "act": act, "act_label": Act(act).label, "form": form, "cosign_form": cosign_form,
        "cosigner": cosigner, "intro": intro, "signs": signs, "action_url": request.path,
        "input_fields": [form[name] for name in form.fields if not name.startswith("sign_")],
        "signer_name": getattr(person_of(request.user), "full_name", "") or request.user.get_username(),
        # Exactly what the service will sign: NCALayer signs this text, and an ЭЦП over anything else is refused.
        "sign_content": signing_text(permit, act, subject=subject) if signs or cosign_form is not None else "",
        **(extra or {}),
    }
    if request.htmx and not request.htmx.boosted and request.method == "GET":
        return render(request, "permits/_action_form.html", context, status=status)
    return render(request, template, context, status=status)


def _reload_on_change(form, field: str, url: str, block: str) -> None:
    """Re-draw a block of the action form when `field` changes (htmx GET with that field's value only)."""
    form.fields[field].widget.attrs.update({"hx-get": url, "hx-trigger": "change", "hx-target": block,
                                            "hx-select": block, "hx-swap": "outerHTML"})


def _data(request):
    return request.POST if request.method == "POST" else None


def _performer_cosigner(permit: Permit) -> Cosigner:
    return Cosigner(person=services.current_performer(permit), role=_("Work performer"))


# --- list, board, tasks --------------------------------------------------------------------------------------------------

def _list_queryset():
    return Permit.objects.select_related("division", "facility", "work_type", "performer", "issuer").order_by(
        "-year", "-number", "-id")


def may_draw_up(user) -> bool:
    person = person_of(user)
    return (person is not None and person.is_active
            and organisations_for(user, Action.ADD, Permit).filter(pk=person.organisation_id).exists())


@require_GET
def permit_list(request):
    queryset = visible_permits(request.user, _list_queryset())
    filterset = PermitFilterSet(request.GET, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filterset": filterset, "page": page, "query": _query_without_page(request),
               "can_add": may_draw_up(request.user)}
    template = "permits/_list_table.html" if request.htmx and not request.htmx.boosted else "permits/list.html"
    return render(request, template, context)


BOARD_ORDER = (Status.IN_PROGRESS, Status.ADMITTED, Status.PAUSED, Status.SUSPENDED, Status.LAPSED, Status.ISSUED,
               Status.COMPLETED)


@dataclass
class Card:
    permit: Permit
    performer: Person
    lapsed: bool
    ending_soon: bool


def _card(permit: Permit, now) -> Card:
    extensions = permit.extension_rows  # prefetched, ordered by shift start
    performer = extensions[-1].accepted_by if extensions else permit.performer
    valid_until = permit.valid_until
    lapsed = permit.status == Status.LAPSED or (
        valid_until is not None and valid_until <= now and permit.status in (Status.ADMITTED, Status.IN_PROGRESS,
                                                                             Status.PAUSED))
    ending_soon = not lapsed and valid_until is not None and permit.status != Status.COMPLETED and (
        valid_until - now <= ENDING_SOON)
    return Card(permit=permit, performer=performer, lapsed=lapsed, ending_soon=ending_soon)


@require_GET
def board(request):
    """The control room's board: open permits by status, refreshed every 30 seconds."""
    queryset = visible_permits(request.user, Permit.objects.filter(status__in=OPEN_STATUSES)).select_related(
        "division", "facility", "work_type", "performer").prefetch_related(
        Prefetch("extensions", queryset=Extension.objects.select_related("accepted_by").order_by("shift_start", "id"),
                 to_attr="extension_rows"))
    filterset = BoardFilterSet(request.GET, queryset=queryset, request=request)
    permits = filterset.qs if filterset.is_valid() else queryset.none()
    now = timezone.now()
    grouped = defaultdict(list)
    for permit in permits.order_by("valid_until", "number", "pk"):
        grouped[permit.status].append(_card(permit, now))
    columns = [{"status": status, "label": Status(status).label, "cards": grouped.get(status, [])}
               for status in BOARD_ORDER]
    context = {"filterset": filterset, "columns": columns, "now": now, "query": request.GET.urlencode(),
               "total": sum(len(c["cards"]) for c in columns)}
    template = "permits/_board.html" if request.htmx and not request.htmx.boosted else "permits/board.html"
    return render(request, template, context)


# The acts that wait for someone (a signature or a step), as opposed to those one may take at any time.
WAITING = (Act.ISSUE, Act.COMPLETE_MEASURE, Act.APPROVE, Act.ADMIT, Act.ACCEPT_WORKPLACE, Act.BRIEF_MEMBER,
           Act.START_WORK, Act.READMIT, Act.EXTEND, Act.RESUME, Act.CLOSE)


def _named_permits(user):
    person = person_of(user)
    if person is None:
        return Permit.objects.none()
    named = (Q(performer=person) | Q(issuer=person) | Q(responsible_manager=person) | Q(admitting_persons=person)
             | Q(crew__person=person, crew__removed_at__isnull=True) | Q(approvals__approver=person)
             | Q(extensions__accepted_by=person))
    ids = Permit.objects.filter(named, organisation=person.organisation_id,
                                status__in=OPEN_STATUSES | {Status.DRAFT}).values("pk")
    return visible_permits(user, Permit.objects.filter(pk__in=ids))


def tasks_for(user, limit: int = 200) -> list[dict]:
    """What waits for the user: the actions open to them now on the permits that name them, with the measures,
    approvals and briefings concerned."""
    person = person_of(user)
    if person is None:
        return []
    permits = _named_permits(user).select_related("division", "work_type", "performer").prefetch_related(
        Prefetch("measures", queryset=PermitMeasure.objects.filter(done_at__isnull=True)),
        Prefetch("crew", queryset=CrewMember.objects.filter(removed_at__isnull=True, briefed_at__isnull=True)
                 .select_related("person"), to_attr="unbriefed"),
    ).order_by("-year", "-number", "-pk")[:limit]
    now = timezone.now()
    tasks = []
    for permit in permits:
        actions = [a for a in available_actions(user, permit) if a in WAITING]
        if Act.EXTEND in actions and permit.valid_until is not None and permit.status != Status.LAPSED and (
                permit.valid_until - now > ENDING_SOON):
            actions.remove(Act.EXTEND)  # extended before each shift: not yet due
        pending_measures = list(permit.measures.all())
        if Act.ADMIT in actions and (pending_measures or permit.approvals.filter(approved_at__isnull=True).exists()):
            actions.remove(Act.ADMIT)  # measures or approvals still missing: the admission does not wait yet
        if Act.ACCEPT_WORKPLACE in actions and permit.accepted_at is not None:
            actions.remove(Act.ACCEPT_WORKPLACE)
        if Act.START_WORK in actions and (permit.accepted_at is None or permit.unbriefed
                                          or not permit.crew.filter(removed_at__isnull=True).exists()):
            actions.remove(Act.START_WORK)
        if Act.COMPLETE_MEASURE in actions and not permit.admitting_persons.filter(pk=person.pk).exists():
            # Anyone on site may sign a measure; it waits for the admitting persons, who organise them (344 cl.21).
            actions.remove(Act.COMPLETE_MEASURE)
        items = []
        for action in actions:
            if action == Act.COMPLETE_MEASURE:
                items.extend({"label": _("Sign as carried out (item 7): %(measure)s") % {
                    "measure": f"{m.code} {m.text}"}, "url": reverse("permits:measure-complete", args=[permit.pk, m.pk])}
                    for m in pending_measures)
            elif action == Act.BRIEF_MEMBER:
                items.extend({"label": _("Brief %(person)s (item 11)") % {"person": m.person},
                              "url": reverse("permits:crew-brief", args=[permit.pk, m.pk])} for m in permit.unbriefed)
            elif action in ACTION_URLS:
                items.append({"label": Act(action).label, "url": reverse(ACTION_URLS[action], args=[permit.pk])})
        # A crew member is briefed on the admitting person's device: it waits for him too, without a button.
        for member in permit.unbriefed:
            if member.person_id == person.pk:
                items.append({"label": _("You are to be briefed and sign on the admitting person's device (item 11)"),
                              "url": ""})
        if items:
            tasks.append({"permit": permit, "items": items})
    return tasks


@require_GET
def my_tasks(request):
    return render(request, "permits/tasks.html", {"tasks": tasks_for(request.user)})


# --- draft: create and edit ------------------------------------------------------------------------------------------

def _organisation_for_new(request) -> Organisation:
    person = person_of(request.user)
    if person is None:
        raise PermissionDenied(_("Your login is not linked to a person of the register, so you cannot draw up permits."))
    if not may_draw_up(request.user):
        raise PermissionDenied(_("You are not allowed to draw up permits in this organisation."))
    return person.organisation


def _permit_form_page(request, *, form, formset, permit=None, status=200):
    return render(request, "permits/form.html", {"form": form, "formset": formset, "permit": permit},
                  status=status)


def permit_create(request):
    organisation = _organisation_for_new(request)
    person = person_of(request.user)
    initial = {}
    emergency_id = request.GET.get("emergency")
    if emergency_id and emergency_id.isdigit():
        emergency = get_object_or_404(visible_emergencies(request.user).filter(organisation=organisation),
                                      pk=int(emergency_id))
        initial.update(emergency=emergency.pk, division=emergency.division_id, facility=emergency.facility_id)
    form = forms.PermitForm(_data(request), instance=Permit(organisation=organisation), organisation=organisation,
                            issuer=person, initial=initial)
    if request.method == "POST":
        formset = forms.measure_formset(request.POST)
        if form.is_valid() & formset.is_valid():
            permit = form.save(commit=False)
            permit.organisation = organisation
            try:
                permit = services.permit_create(by=request.user, permit=permit, **form.relations(),
                                                approvers=form.approvers(),
                                                measures=forms.measures_of_formset(formset))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The draft was saved: %(permit)s.") % {"permit": permit})
                return redirect("permits:detail", pk=permit.pk)
            return _permit_form_page(request, form=form, formset=formset, status=422)
        return _permit_form_page(request, form=form, formset=formset, status=400)
    work_type = None
    if request.GET.get("work_type", "").isdigit():
        work_type = form.fields["work_type"].queryset.filter(pk=int(request.GET["work_type"])).first()
        form.initial["work_type"] = work_type.pk if work_type else None
    formset = forms.measure_formset(initial=forms.measure_rows_from_work_type(work_type))
    return _permit_form_page(request, form=form, formset=formset)


def permit_edit(request, pk: int):
    permit = get_permit(request, pk)
    try:
        check_action(request.user, Act.UPDATE, permit)
    except ActionRefused as error:
        return refused(request, error, back=_detail_url(permit))
    form = forms.PermitForm(_data(request), instance=permit, organisation=permit.organisation)
    if request.method == "POST":
        formset = forms.measure_formset(request.POST)
        if form.is_valid() & formset.is_valid():
            try:
                services.permit_update(by=request.user, permit=permit, changes=form.changes(), **form.relations(),
                                       approvers=form.approvers(), measures=forms.measures_of_formset(formset))
            except ActionRefused as error:
                return refused(request, error, back=_detail_url(permit))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The draft was saved: %(permit)s.") % {"permit": permit})
                return redirect("permits:detail", pk=permit.pk)
            return _permit_form_page(request, form=form, formset=formset, permit=permit, status=422)
        return _permit_form_page(request, form=form, formset=formset, permit=permit, status=400)
    rows = [{"code": m.code, "text": m.text} for m in permit.measures.filter(joint__isnull=True)]
    return _permit_form_page(request, form=form, formset=forms.measure_formset(initial=rows), permit=permit)


def measures_formset(request):
    """Item 5 of the draft form, re-drawn by htmx: GET with a work type pre-fills its template in the reader's language;
    POST adds a row (op=add) or removes one (op=remove-N), keeping what was typed."""
    if request.method == "POST":
        rows = forms.measure_rows_from_post(request.POST)
        op = request.POST.get("op", "")
        if op == "add":
            rows.append({"code": forms.MeasureCode.ADDITIONAL.value, "text": ""})
        elif op.startswith("remove-") and op[7:].isdigit() and int(op[7:]) < len(rows):
            del rows[int(op[7:])]
    else:
        work_type_id = request.GET.get("work_type", "")
        work_type = None
        if work_type_id.isdigit():
            work_type = get_object_or_404(visible_to(request.user, WorkType), pk=int(work_type_id))
        rows = forms.measure_rows_from_work_type(work_type)
    return render(request, "permits/_measures.html", {"formset": forms.measure_formset(initial=rows)})


# --- the permit page -------------------------------------------------------------------------------------------------

TIMELINE_CHILDREN = {
    "permits.permitmeasure": "measures", "permits.airsample": "air_samples", "permits.approval": "approvals",
    "permits.crewmember": "crew", "permits.admissionperiod": "periods", "permits.extension": "extensions",
    "permits.attachment": "attachments", "permits.overlapagreement": "overlap_agreements",
}
EVENT_LABELS = {
    "created": gettext_lazy("created"), "updated": gettext_lazy("edited"), "removed": gettext_lazy("removed"),
    "deleted": gettext_lazy("deleted"), "done": gettext_lazy("carried out (item 7)"),
    "recorded": gettext_lazy("recorded"), "approved": gettext_lazy("approved"), "added": gettext_lazy("added"),
    "briefed": gettext_lazy("briefed (item 11)"), "started": gettext_lazy("started"), "ended": gettext_lazy("ended"),
    "signed": gettext_lazy("signed"), "state_changed": gettext_lazy("state changed"),
}


@dataclass
class TimelineItem:
    at: datetime.datetime
    kind: str  # "entry" or "signature"
    record: object
    what: str = ""
    label: str = ""
    role: str = ""
    seq: int = 0


def _role_label(role: str) -> str:
    return Role(role).label if role in Role.values else role


def _verbose_name(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _event_label(action: str) -> str:
    event = action.rpartition(".")[2]
    if event in Act.values:
        return str(Act(event).label)
    return str(EVENT_LABELS.get(event, event))


def _signature_act(signature) -> tuple[str, dict | None]:
    try:
        content = json.loads(signature.content)
    except ValueError:
        return "", None
    act = content.get("act", "") if isinstance(content, dict) else ""
    about = content.get("about") if isinstance(content, dict) else None
    return (str(Act(act).label) if act in Act.values else act), about


def timeline(permit: Permit, signatures) -> list[TimelineItem]:
    """The ledger entries of the permit and of its child records, and its signatures, in time order."""
    query = Q(object_type="permits.permit", object_id=str(permit.pk))
    for object_type, relation in TIMELINE_CHILDREN.items():
        ids = [str(pk) for pk in getattr(permit, relation).values_list("pk", flat=True)]
        if ids:
            query |= Q(object_type=object_type, object_id__in=ids)
    entries = LedgerEntry.objects.filter(query, organisation_id=permit.organisation_id).only(
        "seq", "recorded_at", "action", "actor_name", "actor_role", "object_type", "object_id", "object_repr")
    items = [TimelineItem(at=e.recorded_at, kind="entry", record=e, label=_event_label(e.action), seq=e.seq,
                          what=_verbose_name(e.object_type), role=_role_label(e.actor_role)) for e in entries]
    # Every signature has its own ledger entry: its number places it exactly among the others.
    seqs = dict(LedgerEntry.objects.filter(pk__in=[s.ledger_entry_id for s in signatures]).values_list("pk", "seq"))
    for signature in signatures:
        items.append(TimelineItem(at=signature.signed_at, kind="signature", record=signature,
                                  label=signature.act_label, role=_role_label(signature.role),
                                  seq=seqs.get(signature.ledger_entry_id, 0)))
    items.sort(key=lambda item: (item.seq, item.at))
    return items


ACTION_URLS = {
    Act.UPDATE: "permits:edit", Act.ISSUE: "permits:issue", Act.CANCEL: "permits:cancel",
    Act.APPROVE: "permits:approve", Act.ADMIT: "permits:admit", Act.ACCEPT_WORKPLACE: "permits:accept",
    Act.START_WORK: "permits:start", Act.PAUSE: "permits:pause", Act.HAND_OVER_SHIFT: "permits:hand-over",
    Act.READMIT: "permits:readmit", Act.EXTEND: "permits:extend", Act.SUSPEND: "permits:suspend",
    Act.RESUME: "permits:resume", Act.TERMINATE: "permits:terminate", Act.REPORT_LOST: "permits:report-lost",
    Act.HAND_BACK: "permits:hand-back", Act.CLOSE: "permits:close", Act.RECORD_AIR_SAMPLE: "permits:air-sample",
    Act.ADD_MEMBER: "permits:crew-add", Act.ADD_JOINT_MEASURES: "permits:joint-measures",
}
# Acts shown as buttons of the page head; the others belong to a row or a section of the page.
HEAD_ACTS = (Act.UPDATE, Act.ISSUE, Act.APPROVE, Act.ADMIT, Act.ACCEPT_WORKPLACE, Act.START_WORK, Act.EXTEND,
             Act.PAUSE, Act.HAND_OVER_SHIFT, Act.READMIT, Act.SUSPEND, Act.RESUME, Act.HAND_BACK, Act.CLOSE)
DANGER_ACTS = (Act.CANCEL, Act.TERMINATE, Act.REPORT_LOST)


def permit_detail(request, pk: int):
    queryset = _detail_queryset().prefetch_related(
        "other_divisions", "devices",
        Prefetch("admitting_persons", queryset=Person.objects.order_by("last_name", "pk")),
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
    permit = get_permit(request, pk, queryset)
    note_view(request, permit)
    user = request.user
    actions = available_actions(user, permit)
    signatures = list(signatures_of(permit))
    by_purpose = defaultdict(list)
    by_subject = defaultdict(list)
    for signature in signatures:
        signature.act_label, about = _signature_act(signature)
        by_purpose[signature.purpose.rpartition(".")[2]].append(signature)
        if isinstance(about, dict) and about.get("type"):
            by_subject[(about["type"], about.get("id"))].append(signature)
    measures = sorted(permit.measures.all(), key=lambda m: (forms.code_order(m.code), m.position, m.pk))
    for measure in measures:
        measure.signatures = by_subject.get(("permits.permitmeasure", measure.pk), [])
    crew = list(permit.crew.all())
    for member in crew:
        member.signatures = by_subject.get(("permits.crewmember", member.pk), [])
    approvals = list(permit.approvals.all())
    for approval in approvals:
        approval.signatures = by_subject.get(("permits.approval", approval.pk), [])
    active_crew = [m for m in crew if m.removed_at is None]
    overlaps = services.unresolved_overlaps(permit) if permit.status not in (Status.CLOSED, Status.TERMINATED,
                                                                           Status.VOID, Status.CANCELLED) else []
    replaced_by = Permit.objects.filter(replaces=permit).first()
    context = {
        "permit": permit, "actions": actions,
        "head_actions": [(a, Act(a).label, reverse(ACTION_URLS[a], args=[permit.pk])) for a in HEAD_ACTS
                         if a in actions],
        "danger_actions": [(a, Act(a).label, reverse(ACTION_URLS[a], args=[permit.pk])) for a in DANGER_ACTS
                           if a in actions],
        "signatures": by_purpose, "measures": measures, "approvals": approvals, "crew": crew,
        "done_measures": [m for m in measures if m.done_at],
        "active_crew": active_crew, "briefed_count": sum(1 for m in active_crew if m.briefed_at),
        "unbriefed_count": sum(1 for m in active_crew if not m.briefed_at),
        "periods": list(permit.periods.all()), "extensions": permit.extension_rows,
        "attachments": list(permit.attachments.all()), "air_samples": list(permit.air_samples.all()),
        "air_problems": services.air_problems(permit) if permit.status in OPEN_STATUSES else [],
        "overlaps": overlaps, "replaced_by": replaced_by, "timeline": timeline(permit, signatures),
        "can_attach": attachment_service.may_attach(user, permit),
        "attachment_form": forms.AttachmentForm(), "languages": LANGUAGES,
        "can_complete_measure": Act.COMPLETE_MEASURE in actions, "can_brief": Act.BRIEF_MEMBER in actions,
        "can_remove_member": Act.REMOVE_MEMBER in actions, "can_add_member": Act.ADD_MEMBER in actions,
        "can_record_air": Act.RECORD_AIR_SAMPLE in actions, "can_agree_joint": Act.ADD_JOINT_MEASURES in actions,
        "nearby_labels": [forms.Nearby(v).label for v in permit.nearby or [] if v in forms.Nearby.values],
        "item2_devices": list(permit.devices.all()), "other_divisions": list(permit.other_divisions.all()),
        "admitting_persons": list(permit.admitting_persons.all()),
        "is_single_shift": permit.validity == Validity.SINGLE_SHIFT,
    }
    if context["can_add_member"]:
        context["crew_form"] = forms.CrewAddForm(permit=permit)
    if context["can_record_air"]:
        context["air_form"] = forms.AirSampleForm(permit=permit, user_person=person_of(user))
    if overlaps and context["can_agree_joint"]:
        context["joint_form"] = forms.JointMeasuresForm(
            overlapping=services.overlapping_permits(permit).filter(pk__in=[p.pk for p in overlaps]))
    return render(request, "permits/detail.html", context)


@require_GET
def permit_pdf(request, pk: int):
    from qauipsiz.documents.render import pdf_response

    from . import documents

    permit = get_permit(request, pk)
    language = _language(request)
    pdf = documents.permit_pdf(permit, language=language)
    access_record(request=request, kind=AccessKind.PRINT, obj=permit, organisation_id=permit.organisation_id)
    number = permit.display_number.replace("/", "-") if permit.number else f"draft-{permit.pk}"
    return pdf_response(pdf, f"permit-{number}-{language}.pdf")


# --- the acts of a permit's life: one view, one service each -----------------------------------------------------------

def _sign_only(request, pk, act, service, message, *, subject=None, intro=""):
    permit = get_permit(request, pk)
    form = forms.SignOnlyForm(_data(request))
    return run_action(request, permit, act, form=form, subject=subject, success_message=message, intro=intro,
                      perform=lambda _cosign: service(permit=permit, by=request.user, credentials=form.credentials()))


def permit_issue(request, pk: int):
    return _sign_only(request, pk, Act.ISSUE, services.permit_issue, _("The permit was issued."),
                      intro=_("The permit takes the next number of the register (Annex 2). After issue nothing in it can "
                              "be changed (344 cl.5)."))


def permit_cancel(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.CancelForm(_data(request), signs=permit.status != Status.DRAFT)
    return run_action(request, permit, Act.CANCEL, form=form, success_message=_("The permit was cancelled."),
                      perform=lambda _cosign: services.permit_cancel(
                          permit=permit, by=request.user, reason=form.cleaned_data["reason"],
                          credentials=form.credentials()))


def measure_complete(request, pk: int, measure_pk: int):
    permit = get_permit(request, pk)
    measure = get_object_or_404(permit.measures.all(), pk=measure_pk)
    form = forms.SignOnlyForm(_data(request))
    return run_action(request, permit, Act.COMPLETE_MEASURE, form=form, subject=measure,
                      success_message=_("Measure %(code)s was signed as carried out.") % {"code": measure.code},
                      intro=f"{measure.code} {measure.text}", extra={"measure": measure},
                      perform=lambda _cosign: services.measure_complete(measure=measure, by=request.user,
                                                                        credentials=form.credentials()))


def permit_approve(request, pk: int):
    permit = get_permit(request, pk)
    approval = permit.approvals.filter(approver=person_of(request.user), approved_at__isnull=True).first()
    form = forms.SignOnlyForm(_data(request))
    return run_action(request, permit, Act.APPROVE, form=form, subject=approval,
                      success_message=_("The permit was approved."),
                      intro=approval.get_kind_display() if approval else "",
                      perform=lambda _cosign: services.permit_approve(permit=permit, by=request.user,
                                                                      credentials=form.credentials()))


def permit_admit(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.AdmitForm(_data(request))
    return run_action(request, permit, Act.ADMIT, form=form, success_message=_("The admission was given (item 9)."),
                      perform=lambda _cosign: services.permit_admit(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          measures_checked=form.cleaned_data["measures_checked"],
                          performer_briefed=form.cleaned_data["performer_briefed"],
                          copy_handed_over=form.cleaned_data["copy_handed_over"]))


def permit_accept_workplace(request, pk: int):
    return _sign_only(request, pk, Act.ACCEPT_WORKPLACE, services.permit_accept_workplace,
                      _("The workplace was accepted (item 10)."),
                      intro=_("I have been familiarised with the working conditions and instructed, the preparation was "
                              "checked, the workplace is accepted (item 10)."))


def permit_start_work(request, pk: int):
    permit = get_permit(request, pk)
    count = permit.crew.filter(removed_at__isnull=True).count()
    form = forms.SignOnlyForm(_data(request))
    return run_action(request, permit, Act.START_WORK, form=form, subject={"crew": count},
                      success_message=_("The work was started (item 11)."),
                      intro=_("The crew of %(count)s persons has been briefed and starts work (item 11).")
                      % {"count": count},
                      perform=lambda _cosign: services.permit_start_work(permit=permit, by=request.user,
                                                                         credentials=form.credentials()))


def permit_pause(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.SignOnlyForm(_data(request))
    return run_action(request, permit, Act.PAUSE, form=form, cosigner=_performer_cosigner(permit),
                      success_message=_("The daily break was recorded (344 cl.23)."),
                      perform=lambda cosign: services.permit_pause(permit=permit, by=request.user,
                                                                   credentials=form.credentials(),
                                                                   performer_credentials=cosign.credentials()))


def permit_hand_over_shift(request, pk: int):
    return _sign_only(request, pk, Act.HAND_OVER_SHIFT, services.permit_hand_over_shift,
                      _("The shift was handed over (344 cl.24)."),
                      intro=_("The conditions have not changed, the shift has been passed (item 12)."))


def permit_readmit(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.ReadmitForm(_data(request))
    return run_action(request, permit, Act.READMIT, form=form, cosigner=_performer_cosigner(permit),
                      success_message=_("The crew was re-admitted (344 cl.23)."),
                      perform=lambda cosign: services.permit_readmit(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          performer_credentials=cosign.credentials(),
                          conditions_unchanged=form.cleaned_data["conditions_unchanged"]))


def permit_extend(request, pk: int):
    permit = get_permit(request, pk)
    data = _data(request)
    performer = services.current_performer(permit)
    initial = {"shift_performer": performer.pk,
               "crew_count": permit.crew.filter(removed_at__isnull=True).count() or None}
    form = forms.ExtendForm(data, organisation=permit.organisation_id, initial=initial)
    # The co-signer is the performer of the incoming shift chosen in the form (re-drawn by htmx when it changes).
    chosen = (data or request.GET).get("shift_performer") or performer.pk
    shift_performer = form.fields["shift_performer"].queryset.filter(pk=chosen).first() if str(chosen).isdigit() \
        else None
    if request.method == "GET" and shift_performer is not None:
        form.initial["shift_performer"] = shift_performer.pk
    _reload_on_change(form, "shift_performer", request.path, "#cosign-block")
    shift = shift_to_extend_for(permit.organisation_id, timezone.now())
    cosigner = Cosigner(person=shift_performer or performer, role=_("Work performer of the incoming shift"))
    return run_action(request, permit, Act.EXTEND, form=form, cosigner=cosigner,
                      subject={"shift_start": shift.start.isoformat()},
                      success_message=_("The permit was extended for the shift (item 12)."),
                      intro=_("Extension for the shift from %(start)s to %(end)s.") % {
                          "start": timezone.localtime(shift.start).strftime("%d.%m.%Y %H:%M"),
                          "end": timezone.localtime(min(shift.end, permit.planned_end)).strftime("%d.%m.%Y %H:%M")},
                      perform=lambda cosign: services.permit_extend(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          shift_performer=form.cleaned_data["shift_performer"],
                          performer_credentials=cosign.credentials(), crew_count=form.cleaned_data["crew_count"],
                          measures_checked=form.cleaned_data["measures_checked"],
                          conditions_unchanged=form.cleaned_data["conditions_unchanged"]))


def permit_suspend(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.SuspendForm(_data(request))
    return run_action(request, permit, Act.SUSPEND, form=form, cosigner=_performer_cosigner(permit),
                      success_message=_("The work was suspended (344 cl.27)."),
                      intro=_("The crew leaves the place of work and the performer returns the permit (344 cl.27)."),
                      perform=lambda cosign: services.permit_suspend(
                          permit=permit, by=request.user, reason=form.cleaned_data["reason"],
                          credentials=form.credentials(), performer_credentials=cosign.credentials()))


def permit_resume(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.ResumeForm(_data(request), permit=permit)
    return run_action(request, permit, Act.RESUME, form=form, cosigner=_performer_cosigner(permit),
                      success_message=_("The work was resumed (344 cl.27)."),
                      intro=_("Check every initial measure again; the permit then goes back to the performer "
                              "(344 cl.27)."),
                      perform=lambda cosign: services.permit_resume(
                          permit=permit, by=request.user, measures_rechecked=form.measure_ids(),
                          credentials=form.credentials(), performer_credentials=cosign.credentials()))


def permit_terminate(request, pk: int):
    permit = get_permit(request, pk)
    data = _data(request)
    form = forms.TerminateForm(data)
    reason = (data or request.GET).get("reason") or forms.TerminationReason.EMERGENCY.value
    if reason not in forms.TerminationReason.values:
        reason = forms.TerminationReason.EMERGENCY.value
    if request.method == "GET":
        form.initial["reason"] = reason
    # What is signed names the reason: the signing fields are re-drawn when it changes (an ЭЦП signs that text).
    _reload_on_change(form, "reason", request.path, "#sign-block")
    return run_action(request, permit, Act.TERMINATE, form=form, subject={"reason": reason},
                      success_message=_("The permit was terminated and withdrawn; a new draft was drawn up to be "
                                        "issued and admitted anew (344 cl.25)."),
                      next_url=_detail_url,
                      perform=lambda _cosign: services.permit_terminate(
                          permit=permit, by=request.user, reason=form.cleaned_data["reason"],
                          note=form.cleaned_data["note"], credentials=form.credentials()))


def permit_report_lost(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.ReportLostForm(_data(request))
    return run_action(request, permit, Act.REPORT_LOST, form=form,
                      success_message=_("The permit was reported lost and is void; a new draft was drawn up "
                                        "(344 cl.26)."),
                      next_url=_detail_url,
                      perform=lambda _cosign: services.permit_report_lost(
                          permit=permit, by=request.user, note=form.cleaned_data["note"],
                          credentials=form.credentials()))


def permit_hand_back(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.HandBackForm(_data(request))
    return run_action(request, permit, Act.HAND_BACK, form=form,
                      success_message=_("The permit was handed back (item 13)."),
                      perform=lambda _cosign: services.permit_hand_back(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          workplace_cleared=form.cleaned_data["workplace_cleared"],
                          people_withdrawn=form.cleaned_data["people_withdrawn"],
                          completed_at=form.cleaned_data["completed_at"]))


def permit_close(request, pk: int):
    permit = get_permit(request, pk)
    person = person_of(request.user)
    issuer_closes = person is not None and not permit.admitting_persons.filter(pk=person.pk).exists()
    form = forms.CloseForm(_data(request), issuer_closes=issuer_closes)
    return run_action(request, permit, Act.CLOSE, form=form,
                      success_message=_("The permit was closed; its equipment may be put back into operation "
                                        "(344 cl.30)."),
                      perform=lambda _cosign: services.permit_close(
                          permit=permit, by=request.user, credentials=form.credentials(),
                          admitting_absent=form.confirms_absence()))


def air_sample_record(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.AirSampleForm(_data(request), permit=permit, user_person=person_of(request.user))
    return run_action(request, permit, Act.RECORD_AIR_SAMPLE, form=form,
                      success_message=_("The air sample was recorded."),
                      perform=lambda _cosign: services.air_sample_record(permit=permit, by=request.user,
                                                                         **form.cleaned_data))


def joint_measures_agree(request, pk: int):
    permit = get_permit(request, pk)
    overlaps = services.overlapping_permits(permit)
    form = forms.JointMeasuresForm(_data(request), overlapping=overlaps)
    return run_action(request, permit, Act.ADD_JOINT_MEASURES, form=form,
                      success_message=_("The additional joint measures were agreed (344 cl.7)."),
                      perform=lambda _cosign: services.joint_measures_agree(
                          permit=permit, others=list(form.cleaned_data["others"]), by=request.user,
                          measures=form.cleaned_data["measures"]))


def crew_add(request, pk: int):
    permit = get_permit(request, pk)
    form = forms.CrewAddForm(_data(request), permit=permit)
    return run_action(request, permit, Act.ADD_MEMBER, form=form, success_message=_("The crew member was added."),
                      perform=lambda _cosign: services.crew_add(permit=permit, by=request.user,
                                                                person=form.cleaned_data["person"]))


def crew_remove(request, pk: int, member_pk: int):
    permit = get_permit(request, pk)
    member = get_object_or_404(permit.crew.select_related("person"), pk=member_pk)
    form = forms.CrewRemoveForm(_data(request))
    return run_action(request, permit, Act.REMOVE_MEMBER, form=form,
                      success_message=_("%(person)s left the crew.") % {"person": member.person},
                      intro=_("%(person)s leaves the crew.") % {"person": member.person},
                      perform=lambda _cosign: services.crew_remove(member=member, by=request.user))


def crew_brief(request, pk: int, member_pk: int):
    permit = get_permit(request, pk)
    member = get_object_or_404(permit.crew.select_related("person"), pk=member_pk)
    form = forms.SignOnlyForm(_data(request))
    return run_action(request, permit, Act.BRIEF_MEMBER, form=form, subject=member,
                      cosigner=Cosigner(person=member.person, role=_("Crew member")),
                      success_message=_("%(person)s was briefed (item 11).") % {"person": member.person},
                      intro=_("The briefing of %(person)s on the conditions of the work (item 11): the crew member "
                              "signs that he knows them.") % {"person": member.person},
                      perform=lambda cosign: services.crew_brief(member=member, by=request.user,
                                                                 credentials=form.credentials(),
                                                                 member_credentials=cosign.credentials()))


# --- attachments ----------------------------------------------------------------------------------------------------

def attachment_add(request, pk: int):
    permit = get_permit(request, pk)
    back = _detail_url(permit)
    try:
        attachment_service.check_attach(request.user, permit)
    except ActionRefused as error:
        return refused(request, error, back=back)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                attachment_service.attachment_add(permit=permit, by=request.user, kind=form.cleaned_data["kind"],
                                                  title=form.cleaned_data["title"], upload=form.cleaned_data["file"])
            except ActionRefused as error:
                return refused(request, error, back=back)
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
            else:
                messages.success(request, _("The file was attached."))
                return redirect(back)
    return render(request, "permits/attachment_form.html", {"permit": permit, "form": form,
                                                            "max_bytes": settings.ATTACHMENT_MAX_BYTES}, status=status)


@require_GET
def attachment_download(request, pk: int, attachment_pk: int):
    permit = get_permit(request, pk)
    attachment = get_object_or_404(Attachment.objects.filter(permit=permit), pk=attachment_pk)
    try:
        handle = attachment_service.open_for_download(attachment)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the register (Annex 2) --------------------------------------------------------------------------------------------

def _register_selection(request):
    """The organisation and year of the register, among those the user sees permits of."""
    visible = visible_permits(request.user)
    organisations = Organisation.objects.filter(pk__in=visible.values("organisation")).order_by("name_kk", "pk")
    chosen = request.GET.get("organisation", "")
    organisation = (organisations.filter(pk=int(chosen)).first() if chosen.isdigit() else None) \
        or organisations.first()
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else timezone.localdate().year
    years = []
    if organisation is not None:
        years = sorted(set(visible.filter(organisation=organisation, year__isnull=False)
                           .values_list("year", flat=True)) | {year}, reverse=True)
    return organisations, organisation, year, years


def _register_permits(request, organisation, year):
    if organisation is None:
        return Permit.objects.none()
    return visible_permits(request.user, Permit.objects.filter(
        organisation=organisation, year=year, number__isnull=False)).select_related(
        "issuer", "work_type").prefetch_related(
        Prefetch("periods", queryset=AdmissionPeriod.objects.order_by("started_at", "id"))).order_by("number")


@dataclass
class RegisterRow:
    permit: Permit
    initial: AdmissionPeriod | None
    readmissions: list


def register_rows(permits) -> list[RegisterRow]:
    rows = []
    for permit in permits:
        periods = list(permit.periods.all())
        initial = next((p for p in periods if p.kind == PeriodKind.INITIAL), None)
        rows.append(RegisterRow(permit=permit, initial=initial,
                                readmissions=[p for p in periods if p.kind == PeriodKind.READMISSION]))
    return rows


@require_GET
def register(request):
    organisations, organisation, year, years = _register_selection(request)
    permits = _register_permits(request, organisation, year)
    query = f"organisation={organisation.pk}&year={year}" if organisation else ""
    return render(request, "permits/register.html", {
        "organisations": organisations, "organisation": organisation, "year": year, "years": years,
        "rows": register_rows(permits), "query": query, "languages": LANGUAGES})


def _require_whole_register(request, organisation, year) -> None:
    """The printed register is the organisation's whole book: only for those who see every permit in it."""
    numbered = Permit.objects.filter(organisation=organisation, year=year, number__isnull=False)
    if visible_permits(request.user, numbered).count() != numbered.count():
        raise PermissionDenied(_("The printed register covers every permit of the organisation; you may see only "
                                 "some of them. Use the register page instead."))


@require_GET
def register_pdf(request):
    from qauipsiz.documents.render import pdf_response

    from . import documents

    _organisations, organisation, year, _years = _register_selection(request)
    if organisation is None:
        raise Http404
    _require_whole_register(request, organisation, year)
    language = _language(request)
    pdf = documents.register_pdf(organisation=organisation, year=year, language=language, user=request.user)
    access_record(request=request, kind=AccessKind.PRINT, object_type="permits.permit",
                  organisation_id=organisation.pk)
    return pdf_response(pdf, f"permit-register-{year}-{language}.pdf", inline=False)


@require_GET
def register_xlsx(request):
    from qauipsiz.core.exports import XLSX
    from qauipsiz.documents.render import content_disposition

    from . import documents

    _organisations, organisation, year, _years = _register_selection(request)
    if organisation is None:
        raise Http404
    _require_whole_register(request, organisation, year)
    language = _language(request)
    data = documents.register_xlsx(organisation=organisation, year=year, language=language, user=request.user)
    access_record(request=request, kind=AccessKind.EXPORT, object_type="permits.permit",
                  organisation_id=organisation.pk)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"permit-register-{year}-{language}.xlsx", inline=False)
    response["Cache-Control"] = "private, no-store"
    return response


# --- admission certificates (Annex 3) ----------------------------------------------------------------------------------

def _certificate_queryset():
    return AdmissionCertificate.objects.select_related("organisation", "division", "shop_head", "contractor",
                                                       "contractor_rep")


@require_GET
def certificate_list(request):
    queryset = visible_certificates(request.user, _certificate_queryset())
    filterset = CertificateFilterSet(request.GET, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "permits/certificate_list.html", {
        "filterset": filterset, "page": page, "today": timezone.localdate(),
        "can_add": organisations_for(request.user, Action.ADD, AdmissionCertificate).exists()})


def certificate_create(request):
    organisations = organisations_for(request.user, Action.ADD, AdmissionCertificate)
    if not organisations.exists():
        raise PermissionDenied(_("You are not allowed to draw up admission certificates here."))
    form = forms.CertificateForm(_data(request), organisations=organisations)
    formset = forms.CertificateMeasureFormSet(_data(request), prefix="measures")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() & formset.is_valid():
            certificate = form.save(commit=False)
            try:
                certificate = services.certificate_create(by=request.user, certificate=certificate,
                                                          measures=forms.certificate_measures(formset))
            except ActionRefused as error:
                form.add_error(None, error.message)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
            else:
                messages.success(request, _("The admission certificate was drawn up."))
                return redirect("permits:certificate-detail", pk=certificate.pk)
    return render(request, "permits/certificate_form.html", {"form": form, "formset": formset}, status=status)


def _certificate_signer(user, certificate) -> bool:
    person = person_of(user)
    if person is None:
        return False
    return ((certificate.status == CertificateStatus.DRAFT and person.pk == certificate.shop_head_id)
            or (certificate.status == CertificateStatus.SIGNED_BY_SHOP and person.pk == certificate.contractor_rep_id))


@require_GET
def certificate_detail(request, pk: int):
    certificate = get_object_or_404(visible_certificates(request.user, _certificate_queryset()), pk=pk)
    note_view(request, certificate)
    today = timezone.localdate()
    return render(request, "permits/certificate_detail.html", {
        "certificate": certificate, "measures": list(certificate.measures.all()),
        "signatures": list(signatures_of(certificate)), "expired": certificate.ends_on < today,
        "can_sign": _certificate_signer(request.user, certificate),
        "permits": visible_permits(request.user, certificate.permits.all()).order_by("-year", "-number"),
        "languages": LANGUAGES})


def certificate_sign(request, pk: int):
    certificate = get_object_or_404(visible_certificates(request.user, _certificate_queryset()), pk=pk)
    back = reverse("permits:certificate-detail", args=[certificate.pk])
    form = forms.SignOnlyForm(_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.certificate_sign(certificate=certificate, by=request.user, credentials=form.credentials())
            except ActionRefused as error:
                return refused(request, error, back=back)
            except ValidationError as error:
                _show_error(form, error)
                status = 422
            else:
                messages.success(request, _("The admission certificate was signed."))
                return redirect(back)
    elif not _certificate_signer(request.user, certificate):
        person = person_of(request.user)
        if person is not None and person.pk in (certificate.shop_head_id, certificate.contractor_rep_id):
            return refused(request, ActionRefused(_("The certificate is signed first by the head of the shop, then by "
                                                    "the contractor's representative.")), back=back)
        raise PermissionDenied(_("Only the head of the shop and the contractor's representative sign the certificate."))
    return render(request, "permits/certificate_sign.html", {
        "certificate": certificate, "form": form,
        # Exactly what the service signs: an ЭЦП over anything else would be refused.
        "sign_content": services.certificate_content(certificate)}, status=status)


@require_GET
def certificate_pdf(request, pk: int):
    from qauipsiz.documents.render import pdf_response

    from . import documents

    certificate = get_object_or_404(visible_certificates(request.user, _certificate_queryset()), pk=pk)
    language = _language(request)
    pdf = documents.certificate_pdf(certificate, language=language)
    access_record(request=request, kind=AccessKind.PRINT, obj=certificate,
                  organisation_id=certificate.organisation_id)
    name = f"{certificate.number}-{certificate.year}" if certificate.number else f"draft-{certificate.pk}"
    return pdf_response(pdf, f"admission-certificate-{name}-{language}.pdf")


# --- emergency works (344 cl.12) ---------------------------------------------------------------------------------------

def _emergency_queryset():
    return EmergencyWork.objects.select_related("organisation", "division", "facility", "leader")


@require_GET
def emergency_list(request):
    queryset = visible_emergencies(request.user, _emergency_queryset())
    filterset = EmergencyFilterSet(request.GET, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "permits/emergency_list.html", {
        "filterset": filterset, "page": page,
        "can_add": organisations_for(request.user, Action.ADD, EmergencyWork).exists()})


def emergency_create(request):
    organisations = organisations_for(request.user, Action.ADD, EmergencyWork)
    if not organisations.exists():
        raise PermissionDenied(_("You are not allowed to record emergency work here."))
    form = forms.EmergencyForm(_data(request), organisations=organisations)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                emergency = services.emergency_start(by=request.user, emergency=form.save(commit=False))
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
            else:
                messages.success(request, _("The emergency work was recorded."))
                return redirect("permits:emergency-detail", pk=emergency.pk)
    return render(request, "permits/emergency_form.html", {"form": form}, status=status)


@require_GET
def emergency_detail(request, pk: int):
    emergency = get_object_or_404(visible_emergencies(request.user, _emergency_queryset()), pk=pk)
    note_view(request, emergency)
    may_record = can(request.user, Action.ADD, emergency)
    return render(request, "permits/emergency_detail.html", {
        "emergency": emergency, "can_record": may_record and emergency.status == EmergencyStatus.UNDER_WAY,
        "threat_form": forms.ThreatEliminatedForm(),
        "can_draw_up": emergency.status == EmergencyStatus.THREAT_ELIMINATED and may_draw_up(request.user)
        and person_of(request.user).organisation_id == emergency.organisation_id,
        "permits": visible_permits(request.user, emergency.permits.all()).order_by("-year", "-number")})


@require_POST
def emergency_threat_eliminated(request, pk: int):
    emergency = get_object_or_404(visible_emergencies(request.user, _emergency_queryset()), pk=pk)
    back = reverse("permits:emergency-detail", args=[emergency.pk])
    form = forms.ThreatEliminatedForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.emergency_threat_eliminated(by=request.user, emergency=emergency, at=form.cleaned_data["at"])
        except ActionRefused as error:
            return refused(request, error, back=back)
        except ValidationError as error:
            add_service_errors(form, error)
            status = 422
        else:
            messages.success(request, _("The direct threat was recorded as eliminated: the remaining work needs a "
                                        "permit (344 cl.12)."))
            return redirect(back)
    return render(request, "permits/emergency_threat.html", {"emergency": emergency, "form": form}, status=status)

