"""Pages of the register. Each view reads through the gatekeeper and changes data through one service call."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qauipsiz.accounts.access import access_record, is_outside_own_division
from qauipsiz.accounts.choices import AccessKind, Action
from qauipsiz.accounts.policy import can, may_act_on_type, organisations_for, visible_to

from . import import_store, services
from .choices import CompetenceRole, DeviceState
from .competence import is_competent
from .exports import xlsx_download, xlsx_response
from .forms import ImportUploadForm, add_service_errors
from .importers import ACTIONS, SPECS, ImportFileError, plan_import, read_table, template_workbook
from .models import Person, TechnicalDevice
from .resources import RESOURCES, Resource


def get_resource(slug: str) -> Resource:
    resource = RESOURCES.get(slug)
    if resource is None:
        raise Http404
    return resource


def require_type_permission(request, resource: Resource, action: str) -> None:
    if not may_act_on_type(request.user, action, resource.model):
        raise PermissionDenied(_("You are not allowed to %(action)s %(records)s.")
                               % {"action": Action(action).label, "records": resource.verbose_name_plural})


def get_visible(request, resource: Resource, pk: int):
    """The record if the user may see it; 404 otherwise, so that existence outside one's scope is not revealed."""
    return get_object_or_404(visible_to(request.user, resource.model, resource.queryset()), pk=pk)


def note_view(request, obj) -> None:
    """Looking at a record outside one's own division is recorded in the access log."""
    if is_outside_own_division(request.user, obj):
        access_record(request=request, kind=AccessKind.VIEW_OUTSIDE_DIVISION, obj=obj,
                      organisation_id=services.organisation_id_of(obj))


def filtered(request, resource: Resource):
    queryset = visible_to(request.user, resource.model, resource.queryset())
    filterset = resource.filterset(request.GET, queryset=queryset, request=request)
    return filterset, (filterset.qs if filterset.is_valid() else queryset.none())


def record_list(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_resource(slug)
    require_type_permission(request, resource, Action.VIEW)
    filterset, queryset = filtered(request, resource)
    page = Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "resource": resource,
        "filterset": filterset,
        "page": page,
        "headers": resource.headers(),
        "rows": [(obj, [c.value(obj) for c in resource.columns]) for obj in page],
        "query": _query_without_page(request),
        "can_add": may_act_on_type(request.user, Action.ADD, resource.model),
    }
    template = "core/_table.html" if request.htmx and not request.htmx.boosted else "core/list.html"
    return render(request, template, context)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def record_export(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_resource(slug)
    require_type_permission(request, resource, Action.VIEW)
    _filterset, queryset = filtered(request, resource)
    access_record(request=request, kind=AccessKind.EXPORT, object_type=resource.model._meta.label_lower)
    return xlsx_response(resource, queryset)


def record_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    resource = get_resource(slug)
    obj = get_visible(request, resource, pk)
    note_view(request, obj)
    fields = [(c.header(resource.model), c.value(obj)) for c in resource.detail_columns()]
    related = []
    for rel in resource.related:
        child = RESOURCES[rel.resource]
        if not may_act_on_type(request.user, Action.VIEW, child.model):
            continue
        children = visible_to(request.user, child.model, child.queryset()).filter(**{rel.fk: obj})
        shown = list(children[:20])
        columns = [c for c in child.columns if c.path != rel.fk]  # the parent itself, on every row, says nothing
        related.append({
            "resource": child,
            "headers": [c.header(child.model) for c in columns],
            "rows": [(o, [c.value(o) for c in columns]) for o in shown],
            "count": children.count(),
            "more_url": f"{reverse('core:list', args=[child.slug])}?{rel.fk}={obj.pk}&active=all",
        })
    context = {
        "resource": resource, "object": obj, "fields": fields, "related": related,
        "can_change": can(request.user, Action.CHANGE, obj),
        "can_deactivate": can(request.user, Action.DEACTIVATE, obj),
    }
    if isinstance(obj, Person):
        context["competences"] = person_competences(obj)
    if isinstance(obj, TechnicalDevice):
        context["device_states"] = [s for s in (DeviceState.IN_OPERATION, DeviceState.STOPPED) if s != obj.state]
    return render(request, "core/detail.html", context)


def person_competences(person: Person) -> list:
    """Competence today in each function the person is appointed to, and as a crew member."""
    roles = list(dict.fromkeys(person.appointments.filter(is_active=True).values_list("role", flat=True)))
    return [is_competent(person, role) for role in [*roles, CompetenceRole.CREW_MEMBER]]


def _m2m_data(form) -> dict:
    return {f.name: form.cleaned_data[f.name] for f in form._meta.model._meta.many_to_many if f.name in form.cleaned_data}


def _save_form(request, form, service, **kwargs):
    """Run one service with the validated form; turn refusals into form errors. Returns the record or None."""
    try:
        return service(by=request.user, instance=form.save(commit=False), m2m=_m2m_data(form), **kwargs)
    except ValidationError as error:
        add_service_errors(form, error)
    return None


def record_create(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_resource(slug)
    require_type_permission(request, resource, Action.ADD)
    form = resource.form(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        obj = _save_form(request, form, services.record_create)
        if obj is not None:
            messages.success(request, _("Saved: %(record)s") % {"record": obj})
            return redirect("core:detail", slug=slug, pk=obj.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/form.html", {"resource": resource, "form": form}, status=status)


def record_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    resource = get_resource(slug)
    obj = get_visible(request, resource, pk)
    if not can(request.user, Action.CHANGE, obj):
        raise PermissionDenied(_("You are not allowed to edit this record."))
    form = resource.form(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_form(request, form, services.record_update)
        if saved is not None:
            messages.success(request, _("Saved: %(record)s") % {"record": saved})
            return redirect("core:detail", slug=slug, pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/form.html", {"resource": resource, "form": form, "object": obj}, status=status)


@require_POST
def record_set_active(request: HttpRequest, slug: str, pk: int, active: bool) -> HttpResponse:
    resource = get_resource(slug)
    obj = get_visible(request, resource, pk)
    try:
        services.record_set_active(by=request.user, instance=obj, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Reactivated.") if active else _("Deactivated."))
    return redirect("core:detail", slug=slug, pk=pk)


@require_POST
def device_state(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_visible(request, RESOURCES["devices"], pk)
    try:
        services.device_set_state(by=request.user, device=device, state=request.POST.get("state", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("core:detail", slug="devices", pk=pk)


# --- Import ------------------------------------------------------------------------------------------------------------

def _get_import_spec(request, slug):
    spec = SPECS.get(slug)
    if spec is None:
        raise Http404
    require_type_permission(request, spec.resource, Action.ADD)
    return spec


def record_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload → preview row by row → confirm. The preview writes nothing; the confirmation writes all good rows."""
    spec = _get_import_spec(request, slug)
    organisations = organisations_for(request.user, Action.ADD, spec.resource.model)
    form = ImportUploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    context = {"resource": spec.resource, "spec": spec, "form": form, "actions": ACTIONS}
    if request.method == "POST" and "token" in request.POST:
        return _import_confirm(request, spec)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
        try:
            table = read_table(data, upload.name)
            plan = plan_import(user=request.user, spec=spec, organisation=form.cleaned_data["organisation"],
                               table=table)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            pending = import_store.save(user=request.user, plan=plan, filename=upload.name, data=data)
            response = _preview(request, spec, pending, plan=plan)
            # The page's address, for the upload script to show in the address bar instead of the form's.
            response["X-Preview-Url"] = reverse("core:import-preview", args=[slug, pending.token])
            return response
    status = 400 if request.method == "POST" else 200
    return render(request, "core/import.html", context, status=status)


def _pending_import(request, spec, token):
    try:
        pending = import_store.load(token, request.user)
    except import_store.NotYours:
        raise Http404 from None
    if pending is not None and pending.slug != spec.slug:
        raise Http404
    return pending


def _expired(spec) -> HttpResponse:
    return redirect("core:import", slug=spec.slug)


@require_GET
def import_preview(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Another page of the preview of an uploaded file, or its rows with errors only, without uploading it again."""
    spec = _get_import_spec(request, slug)
    pending = _pending_import(request, spec, token)
    if pending is None:
        messages.error(request, _("This import has expired or was already done. Upload the file again."))
        return _expired(spec)
    return _preview(request, spec, pending)


def import_preview_page(request, pending, *, title, list_url: str, import_url: str, preview_url: str,
                        actions=ACTIONS, **extra) -> HttpResponse:
    """The preview of an uploaded import, a page of its rows at a time (only the refused ones on `?show=errors`):
    the register's, and any domain's import kept in `import_store` with rows of the same shape."""
    errors_only = request.GET.get("show") == "errors"
    rows = [r for r in pending.rows if r["action"] == "reject"] if errors_only else pending.rows
    page = Paginator(rows, settings.IMPORT_PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page:
        row["action_label"] = actions[row["action"]]
    return render(request, "core/import_preview.html", {
        "pending": pending, "token": pending.token, "page": page, "errors_only": errors_only, "title": title,
        "list_url": list_url, "import_url": import_url, "preview_url": preview_url, **extra})


def _preview(request, spec, pending, plan=None) -> HttpResponse:
    return import_preview_page(
        request, pending, title=spec.resource.verbose_name_plural, list_url=reverse("core:list", args=[spec.slug]),
        import_url=reverse("core:import", args=[spec.slug]),
        preview_url=reverse("core:import-preview", args=[spec.slug, pending.token]),
        resource=spec.resource, spec=spec, plan=plan)


def _import_confirm(request, spec) -> HttpResponse:
    pending = _pending_import(request, spec, request.POST["token"])
    if pending is None:
        messages.error(request, _("This import has expired or was already done. Upload the file again."))
        return _expired(spec)
    organisation = get_object_or_404(
        organisations_for(request.user, Action.ADD, spec.resource.model), pk=pending.organisation_id)
    try:
        # Planned again, the whole file: the register may have changed since the preview.
        plan = plan_import(user=request.user, spec=spec, organisation=organisation,
                           table=read_table(pending.data(), pending.filename))
        counts = services.import_apply(by=request.user, plan=plan)
    except (ImportFileError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("core:import", slug=spec.slug)
    import_store.remove(pending)
    messages.success(request, _("Imported: %(created)s created, %(updated)s updated, %(rejected)s rows skipped.") % {
        "created": counts["create"], "updated": counts["update"], "rejected": plan.count("reject")})
    return redirect("core:list", slug=spec.slug)


def import_template(request: HttpRequest, slug: str) -> HttpResponse:
    spec = _get_import_spec(request, slug)
    return xlsx_download(template_workbook(spec), f"{slug}-template.xlsx")
