"""The plans' pages (315 cl.4.1, cl.4.5, cl.26.1): the list by year, a plan with its versions and their differences,
the draft's items, an item with its execution and evidence, the import with its preview, the export, and last
year's execution. Every read goes through the gatekeeper (`visible_to`: an outsider, or a division's head on another
division's plan, gets 404); every write through the services (a role without the right 403, nothing changed)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import can, may_act_on_type, organisations_for, visible_to
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.acts.web import act_links, refused
from qauipsiz.core.exports import download
from qauipsiz.ledger.models import LedgerEntry

from ..choices import VersionStatus
from ..forms.plans import EvidenceForm, ExecutionForm, ItemForm, NewVersionForm, PlanCreateForm
from ..models import Plan, PlanEvidence, PlanItem, PlanVersion
from ..plan_import import export_workbook
from ..plan_selectors import is_overdue, items_of, plan_execution, plans_for, version_diff
from ..services import plans as services

EVENT_LABELS = {
    "created": gettext_lazy("created"), "drafted": gettext_lazy("version drafted"), "added": gettext_lazy("added"),
    "changed": gettext_lazy("changed"), "removed": gettext_lazy("removed"), "approved": gettext_lazy("approved"),
    "superseded": gettext_lazy("superseded by a new version"), "numbered": gettext_lazy("numbered"),
    "executed": gettext_lazy("execution recorded"), "carried": gettext_lazy("carried into the new version"),
}


def find_plan(user, pk: int) -> Plan:
    return get_object_or_404(visible_to(user, Plan).select_related("organisation", "division"), pk=pk)


def find_version(user, pk: int) -> PlanVersion:
    """The act's `find`: the version if the user may see it, else 404."""
    return get_object_or_404(visible_to(user, PlanVersion).select_related("plan", "plan__division"), pk=pk)


def find_item(user, pk: int) -> PlanItem:
    return get_object_or_404(visible_to(user, PlanItem).select_related(
        "version__plan", "responsible", "division", "facility"), pk=pk)


def history(organisation_id: int, records) -> list[LedgerEntry]:
    """The ledger's entries about these records, in the chain's order, each with its event's label."""
    query = Q(pk__in=[])
    by_type: dict[str, list[str]] = {}
    for record in records:
        by_type.setdefault(record._meta.label_lower, []).append(str(record.pk))
    for object_type, ids in by_type.items():
        query |= Q(object_type=object_type, object_id__in=ids)
    entries = list(LedgerEntry.objects.filter(query, organisation_id=organisation_id).order_by("seq").only(
        "seq", "recorded_at", "action", "actor_name", "actor_role", "object_type", "object_repr"))
    for entry in entries:
        entry.label = EVENT_LABELS.get(entry.action.rpartition(".")[2], entry.action)
    return entries


def _year(request, default: int) -> int:
    try:
        return int(request.GET.get("year", default))
    except ValueError:
        return default


def plan_list(request):
    """The plans of a year the user may see, with each plan's versions (two queries whatever their number)."""
    year = _year(request, timezone.localdate().year)
    organisations = organisations_for(request.user, Action.ADD, Plan)
    organisation = organisations.first()
    form = None
    if organisation is not None:
        form = PlanCreateForm(request.POST or None, organisation=organisation)
        if request.method == "POST" and form.is_valid():
            try:
                plan = services.plan_create(by=request.user, organisation=organisation, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect(plan)
    elif request.method == "POST":
        raise PermissionDenied
    plans = list(plans_for(request.user, year))
    for plan in plans:
        versions = list(plan.versions.all())
        plan.in_force = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
        plan.draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    return render(request, "control/plans/list.html", {
        "plans": plans, "year": year, "years": [year - 1, year, year + 1], "form": form},
        status=422 if form is not None and form.errors else 200)


def _add_errors(form, error: ValidationError) -> None:
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _version_page(request, plan: Plan, version: PlanVersion):
    user = request.user
    versions = list(plan.versions.order_by("version"))
    items = items_of(version)
    today = timezone.localdate()
    for item in items:
        item.overdue = version.status == VersionStatus.APPROVED and is_overdue(item, today)
    may_change = can(user, Action.CHANGE, plan)
    previous = next((v for v in reversed(versions) if v.version < version.version), None)
    return render(request, "control/plans/plan.html", {
        "plan": plan, "version": version, "versions": versions, "items": items, "previous": previous,
        "editable": may_change and version.status == VersionStatus.DRAFT,
        "may_new_version": may_change and version.status == VersionStatus.APPROVED
        and not any(v.status == VersionStatus.DRAFT for v in versions),
        "new_version_form": NewVersionForm(), "actions": act_links(user, version),
        "history": history(plan.organisation_id, [plan, version, *items]),
    })


def plan_detail(request, pk: int):
    """The plan as it is in force (the draft for those who draw it up, while there is one)."""
    plan = find_plan(request.user, pk)
    versions = list(plan.versions.order_by("version"))
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    current = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    if draft is not None and (current is None or can(request.user, Action.CHANGE, plan)):
        return _version_page(request, plan, draft)
    return _version_page(request, plan, current or versions[-1])


def version_detail(request, pk: int, number: int):
    """One version as it was approved (or drafted): a superseded version stays readable."""
    plan = find_plan(request.user, pk)
    version = get_object_or_404(plan.versions, version=number)
    return _version_page(request, plan, version)


def version_diff_page(request, pk: int):
    plan = find_plan(request.user, pk)
    versions = {v.version: v for v in plan.versions.all()}
    try:
        old, new = versions[int(request.GET["from"])], versions[int(request.GET["to"])]
    except (KeyError, ValueError):
        raise Http404 from None
    return render(request, "control/plans/diff.html", {
        "plan": plan, "old": old, "new": new, "diffs": version_diff(old, new)})


def _draft_of(request, pk: int) -> tuple[Plan, PlanVersion]:
    plan = find_plan(request.user, pk)
    if not can(request.user, Action.CHANGE, plan):
        raise PermissionDenied
    version = plan.versions.filter(status=VersionStatus.DRAFT).first()
    if version is None:
        raise Http404
    return plan, version


def item_add(request, pk: int):
    plan, version = _draft_of(request, pk)
    return _item_form(request, plan, version, None)


def item_edit(request, pk: int):
    item = find_item(request.user, pk)
    if not can(request.user, Action.CHANGE, item.version.plan):
        raise PermissionDenied
    if item.version.status != VersionStatus.DRAFT:
        return refused(request, ActionRefused(_("An approved plan is not edited: draw up a new version with the "
                                                "reason for the change.")), back=item.get_absolute_url())
    return _item_form(request, item.version.plan, item.version, item)


def _item_form(request, plan, version, item):
    initial = {name: getattr(item, name) for name in ItemForm.base_fields} if item else {}
    form = ItemForm(request.POST or None, version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                services.item_add(by=request.user, version=version, **form.cleaned_data)
            else:
                services.item_update(by=request.user, item=item, **form.cleaned_data)
        except ActionRefused as error:
            return refused(request, error, back=plan.get_absolute_url())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(plan)
    return render(request, "control/plans/item_form.html", {"plan": plan, "version": version, "item": item,
                                                            "form": form}, status=422 if form.errors else 200)


@require_POST
def item_remove(request, pk: int):
    item = find_item(request.user, pk)
    plan = item.version.plan
    try:
        services.item_remove(by=request.user, item=item)
    except ActionRefused as error:
        return refused(request, error, back=plan.get_absolute_url())
    return redirect(plan)


@require_POST
def version_new(request, pk: int):
    plan = find_plan(request.user, pk)
    form = NewVersionForm(request.POST)
    try:
        services.version_new(by=request.user, plan=plan, reason=form.data.get("reason", ""))
    except ActionRefused as error:
        return refused(request, error, back=plan.get_absolute_url())
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    return redirect(plan)


def item_detail(request, pk: int):
    """An item: what the plan says (as approved) and how it is carried out; its execution and evidence forms."""
    item = find_item(request.user, pk)
    user = request.user
    version = item.version
    may_execute = version.status == VersionStatus.APPROVED and can(user, Action.CHANGE, item)
    execution = ExecutionForm(initial={name: getattr(item, name) for name in ExecutionForm.base_fields})
    evidence_form = EvidenceForm()
    status = 200
    if request.method == "POST":
        if not can(user, Action.CHANGE, item):
            raise PermissionDenied
        is_evidence = "evidence" in request.POST
        form = EvidenceForm(request.POST, request.FILES) if is_evidence else ExecutionForm(request.POST)
        if form.is_valid():
            try:
                if is_evidence:
                    services.evidence_add(by=user, item=item, text=form.cleaned_data["text"],
                                          upload=form.cleaned_data["file"])
                else:
                    services.item_execute(by=user, item=item, **form.cleaned_data)
            except ActionRefused as error:
                return refused(request, error, back=item.get_absolute_url())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(item)
        status = 422
        if is_evidence:
            evidence_form = form
        else:
            execution = form
    evidence = list(item.evidence.select_related("added_by"))
    return render(request, "control/plans/item.html", {
        "item": item, "version": version, "plan": version.plan, "may_execute": may_execute,
        # A division's head reaches his division's items of the organisation's plan of measures, not the plan itself.
        "plan_visible": visible_to(user, Plan).filter(pk=version.plan_id).exists(),
        "overdue": version.status == VersionStatus.APPROVED and is_overdue(item, timezone.localdate()),
        "execution_form": execution, "evidence_form": evidence_form, "evidence": evidence,
        "history": history(item.organisation_id, [item, *evidence])}, status=status)


def evidence_download(request, pk: int):
    evidence = get_object_or_404(visible_to(request.user, PlanEvidence), pk=pk)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=evidence.filename,
                            content_type=evidence.content_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def version_export(request, pk: int, number: int):
    plan = find_plan(request.user, pk)
    version = get_object_or_404(plan.versions, version=number)
    return download(export_workbook(version), f"plan-{plan.year}-{plan.pk}-v{version.version}.xlsx")


def execution_page(request):
    """315 cl.26.1: how last year's plan of measures was carried out, item by item, with the figures."""
    year = _year(request, timezone.localdate().year - 1)
    plans = visible_to(request.user, Plan).filter(kind="measures", year=year).select_related("organisation")
    reports = [plan_execution(plan.organisation_id, year) for plan in plans]
    return render(request, "control/plans/execution.html", {"year": year, "reports": reports,
                                                            "years": [year - 1, year, year + 1]})


def may_see_plans(user) -> bool:
    return may_act_on_type(user, Action.VIEW, Plan)


def approve_intro(request) -> str:
    return _("By signing you approve this version of the plan; it becomes the plan in force and cannot be edited "
             "afterwards (315 cl.4.5).")


def plan_url(version) -> str:
    return reverse("control:plan-version", args=[version.plan_id, version.version])
