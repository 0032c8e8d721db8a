"""The draft and the permit page: the list, create and edit (Annex 1 items 1-6, 8), the measures formset (item 5),
the permit page with its timeline, the printed permit, attachments.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import visible_to
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.models import Organisation
from qauipsiz.core.views import note_view
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.signatures import signatures_of

from .. import attachments as attachment_service
from .. import copying, forms, readiness, selectors, services
from ..acts import Act, done_label
from ..barred import barred_on_permits
from ..choices import ENDED_STATUSES, OPEN_STATUSES, MeasureCode, NamingKind, Nearby, Validity
from ..content import records_about
from ..downloads import UnknownLanguage, permit_file
from ..filters import PermitFilterSet
from ..forms.drafting import code_order
from ..gatekeeper import available_actions, check_action, person_of, visible_emergencies, visible_permits
from ..models import Permit, WorkType
from ..selectors import action_urls
from ..shifts import next_extension_at
from .common import (
    LANGUAGES,
    detail_url,
    form_data,
    get_permit,
    language_of,
    may_draw_up,
    query_without_page,
    refused,
    unknown_language,
)


@require_GET
def permit_list(request):
    queryset = visible_permits(request.user, selectors.list_queryset())
    filterset = PermitFilterSet(request.GET, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filterset": filterset, "page": page, "query": query_without_page(request),
               "can_add": may_draw_up(request.user)}
    template = "permits/_list_table.html" if request.htmx and not request.htmx.boosted else "permits/list.html"
    return render(request, template, context)


def _organisation_for_new(request) -> Organisation:
    person = person_of(request.user)
    if person is None:
        raise PermissionDenied(_("Your login is not linked to a person of the register, so you cannot draw up permits."))
    if not may_draw_up(request.user):
        raise PermissionDenied(_("You are not allowed to draw up permits in this organisation."))
    return person.organisation


def _permit_form_page(request, *, form, formset, permit=None, status=200, copied_from=None):
    context = {"form": form, "formset": formset, "permit": permit, "copied_from": copied_from}
    if permit is None:  # issue 11: a new draft may start from a previous permit
        context["copy_sources"] = copying.recent_sources(request.user, person_of(request.user))
    return render(request, "permits/form.html", context, status=status)


def permit_create(request):
    # Issue 11: `?copy=<id>` starts from a previous permit; one the user may not see is a 404, before anything else.
    copy_id = request.GET.get("copy", "")
    source = copying.source_for_copy(request.user, int(copy_id)) if copy_id.isdigit() and len(copy_id) < 12 else None
    organisation = _organisation_for_new(request)
    person = person_of(request.user)
    initial = {}
    copy = copying.draft_copy(source) if source is not None else None
    if copy is not None:
        initial.update(copy.form_initial())
    emergency_id = request.GET.get("emergency")
    if emergency_id and emergency_id.isdigit():
        emergency = get_object_or_404(visible_emergencies(request.user).filter(organisation=organisation),
                                      pk=int(emergency_id))
        initial.update(emergency=emergency.pk, division=emergency.division_id, facility=emergency.facility_id)
    form = forms.PermitForm(form_data(request), instance=Permit(organisation=organisation), organisation=organisation,
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
            return _permit_form_page(request, form=form, formset=formset, status=422, copied_from=source)
        return _permit_form_page(request, form=form, formset=formset, status=400, copied_from=source)
    if copy is not None:
        # The source's own item 5 as it was adapted, not the work type's template again.
        formset = forms.measure_formset(initial=copy.measure_rows())
        return _permit_form_page(request, form=form, formset=formset, copied_from=source)
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
        return refused(request, error, back=detail_url(permit))
    form = forms.PermitForm(form_data(request), instance=permit, organisation=permit.organisation)
    if request.method == "POST":
        formset = forms.measure_formset(request.POST)
        if form.is_valid() & formset.is_valid():
            try:
                services.permit_update(by=request.user, permit=permit, changes=form.changes(), **form.relations(),
                                       approvers=form.approvers(), measures=forms.measures_of_formset(formset))
            except ActionRefused as error:
                return refused(request, error, back=detail_url(permit))
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
            rows.append({"code": MeasureCode.ADDITIONAL.value, "text": ""})
        elif op.startswith("remove-") and op[7:].isdigit() and int(op[7:]) < len(rows):
            del rows[int(op[7:])]
    else:
        work_type_id = request.GET.get("work_type", "")
        work_type = None
        if work_type_id.isdigit():
            work_type = get_object_or_404(visible_to(request.user, WorkType), pk=int(work_type_id))
        rows = forms.measure_rows_from_work_type(work_type)
    return render(request, "permits/_measures.html", {"formset": forms.measure_formset(initial=rows)})


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
        return done_label(event)  # what happened, not the button that made it happen
    return str(EVENT_LABELS.get(event, event))


def _signature_act(signature) -> tuple[str, dict | None]:
    try:
        content = json.loads(signature.content)
    except ValueError:
        return "", None
    act = content.get("act", "") if isinstance(content, dict) else ""
    about = content.get("about") if isinstance(content, dict) else None
    return done_label(act), about


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


HEAD_ACTS = (Act.UPDATE, Act.ISSUE, Act.APPROVE, Act.ADMIT, Act.ACCEPT_WORKPLACE, Act.START_WORK, Act.EXTEND,
             Act.PAUSE, Act.HAND_OVER_SHIFT, Act.READMIT, Act.SUSPEND, Act.RESUME, Act.HAND_BACK, Act.CLOSE,
             Act.RETURN_EQUIPMENT, Act.NAME_ADMITTING, Act.NAME_SHIFT_PERFORMER)
DANGER_ACTS = (Act.CANCEL, Act.TERMINATE, Act.REPORT_LOST)


def permit_detail(request, pk: int):
    permit = get_permit(request, pk, selectors.permit_page_queryset())
    note_view(request, permit)
    user = request.user
    actions = available_actions(user, permit)
    if Act.RETURN_EQUIPMENT in actions and not services.may_return_equipment(permit):
        actions.remove(Act.RETURN_EQUIPMENT)  # 344 cl.30: nothing to start, or another open permit still holds it
    signatures = list(signatures_of(permit))
    by_purpose = defaultdict(list)
    by_subject = defaultdict(list)
    for signature in signatures:
        signature.act_label, about = _signature_act(signature)
        by_purpose[signature.purpose.rpartition(".")[2]].append(signature)
        for record in records_about(about):  # a signature for several measures stands by each (issue 11)
            by_subject[record].append(signature)
    measures = sorted(permit.measures.all(), key=lambda m: (code_order(m.code), m.position, m.pk))
    air_measure = services.air_measure_problems(permit) if permit.status in OPEN_STATUSES else []
    for measure in measures:
        measure.signatures = by_subject.get(("permits.permitmeasure", measure.pk), [])
        # Issue 11: measure 5.4 is not offered for signing while its guard would refuse it.
        measure.blocked = air_measure if measure.code == MeasureCode.AIR_SAMPLE and not measure.done_at else []
    crew = list(permit.crew.all())
    for member in crew:
        member.signatures = by_subject.get(("permits.crewmember", member.pk), [])
    approvals = list(permit.approvals.all())
    for approval in approvals:
        approval.signatures = by_subject.get(("permits.approval", approval.pk), [])
    active_crew = [m for m in crew if m.removed_at is None]
    ended = permit.status in ENDED_STATUSES
    overlaps = [] if ended else services.unresolved_overlaps(permit)
    joint_agreements = joint_agreements_for(user, permit)
    replaced_by = Permit.objects.filter(replaces=permit).first()
    urls = action_urls()
    signable_ids = sorted(m.pk for m in services.signable_measures(permit, measures)) if (
        Act.COMPLETE_MEASURES in actions) else []
    context = {
        "permit": permit, "actions": actions,
        # Issue 11: an act its guard would refuse now is shown disabled, with the guard's reasons.
        "head_actions": [(a, Act(a).label, reverse(urls[a], args=[permit.pk]), readiness.refusals(a, user, permit))
                         for a in HEAD_ACTS if a in actions],
        "readiness": readiness.readiness(permit) if permit.status not in ENDED_STATUSES else None,
        "danger_actions": [(a, Act(a).label, reverse(urls[a], args=[permit.pk])) for a in DANGER_ACTS if a in actions],
        "signatures": by_purpose, "measures": measures, "approvals": approvals, "crew": crew,
        "done_measures": [m for m in measures if m.done_at],
        "active_crew": active_crew, "briefed_count": sum(1 for m in active_crew if m.briefed_at),
        "unbriefed_count": sum(1 for m in active_crew if not m.briefed_at),
        "periods": list(permit.periods.all()), "extensions": permit.extension_rows,
        "attachments": list(permit.attachments.all()), "air_samples": list(permit.air_samples.all()),
        "air_problems": services.air_problems_now(permit) if permit.status in OPEN_STATUSES else [],
        "overlaps": overlaps, "joint_agreements": joint_agreements, "replaced_by": replaced_by,
        "timeline": timeline(permit, signatures),
        "held_together": services.held_together(permit),
        "can_attach": attachment_service.may_attach(user, permit),
        "attachment_form": forms.AttachmentForm(), "languages": LANGUAGES,
        "can_complete_measure": Act.COMPLETE_MEASURE in actions,
        "signable_measure_ids": set(signable_ids), "can_brief": Act.BRIEF_MEMBER in actions,
        # Issue 11: the set's form opened with every measure the person may sign ticked (one press, not one a measure).
        "all_measures_query": urlencode([("measures", pk) for pk in signable_ids]),
        "can_remove_member": Act.REMOVE_MEMBER in actions, "can_add_member": Act.ADD_MEMBER in actions,
        "can_record_air": Act.RECORD_AIR_SAMPLE in actions, "can_agree_joint": Act.ADD_JOINT_MEASURES in actions,
        "nearby_labels": [Nearby(v).label for v in permit.nearby or [] if v in Nearby.values],
        "item2_devices": list(permit.devices.all()), "other_divisions": list(permit.other_divisions.all()),
        "admitting_persons": list(permit.admitting_persons.all()),
        "shift_performers": [n.person for n in permit.namings.all() if n.kind == NamingKind.SHIFT_PERFORMER],
        "is_single_shift": permit.validity == Validity.SINGLE_SHIFT,
        "next_extension_at": next_extension_at(permit),
        "can_copy": copying.may_copy(user, permit),  # issue 11: "Copy to a new draft"
        # 315 cl.27.4: people the live permit names who are removed from work, with the reason and its reference.
        "barred": [] if ended else barred_on_permits([permit]).get(permit.pk, []),
    }
    if context["can_add_member"]:
        context["crew_form"] = forms.CrewAddSeveralForm(permit=permit)
    if context["can_record_air"]:
        context["air_form"] = forms.AirSampleForm(permit=permit, user_person=person_of(user))
    if context["can_agree_joint"] and not ended:
        context["candidates"] = services.joint_candidates(permit).exists()
    _mark_visible(user, overlaps)
    return render(request, "permits/detail.html", context)


@require_POST
def crew_add_several(request, pk: int):
    """Issue 11: the permit page's crew form adds several members with one press (`services.crew_add_several`, all or
    none); back on the permit page, saying who was added or why nobody was."""
    permit = get_permit(request, pk)
    form = forms.CrewAddSeveralForm(request.POST, permit=permit)
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    else:
        try:
            added = services.crew_add_several(permit=permit, by=request.user, people=form.cleaned_data["person"])
        except ActionRefused as error:
            return refused(request, error, back=detail_url(permit))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, ngettext("%(people)s was added to the crew.", "%(people)s were added to the crew.",
                                               len(added)) % {"people": ", ".join(str(m.person) for m in added)})
    return redirect(detail_url(permit) + "#item-11")


def joint_agreements_for(user, permit) -> list:
    """The permit's joint measures agreements (344 cl.7), each saying whether the user signs next or is a party."""
    person = person_of(user)
    agreements = services.agreements_of(permit)
    for agreement in agreements:
        signatures = list(agreement.signatures.all())
        pending = [s for s in signatures if s.signed_at is None]
        agreement.mine = person is not None and any(s.signatory_id == person.pk for s in signatures)
        agreement.my_turn = person is not None and any(s.signatory_id == person.pk for s in pending)
        agreement.waiting_for = ", ".join(s.signatory.full_name for s in pending)
    return agreements


def _mark_visible(user, permits) -> None:
    """Another organisation's permit is named, and linked only where the user may open it."""
    visible = set(visible_permits(user).filter(pk__in=[p.pk for p in permits]).values_list("pk", flat=True))
    for other in permits:
        other.visible = other.pk in visible


@require_GET
def permit_pdf(request, pk: int):
    permit = get_permit(request, pk)
    try:
        language = language_of(request)
    except UnknownLanguage as error:
        return unknown_language(request, error)
    return permit_file(request, request.user, permit, language)


def attachment_add(request, pk: int):
    permit = get_permit(request, pk)
    back = detail_url(permit)
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
    return attachment_service.download(permit, attachment_pk)
