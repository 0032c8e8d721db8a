"""Pages of examinations and technical certification (315 cl.4.6, cl.26.5): the list with its due-soon and overdue
filters and XLSX export, a record with its files and ledger history, the record's form and result, and the XLSX import
with its preview. Each view reads through the gatekeeper and writes through one service."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qauipsiz.accounts.access import access_record
from qauipsiz.accounts.choices import AccessKind, Action
from qauipsiz.accounts.policy import can, may_act_on_type, organisations_for, visible_to
from qauipsiz.core import import_store
from qauipsiz.core.exports import download, table_workbook, xlsx_download
from qauipsiz.core.forms import ImportUploadForm, add_service_errors
from qauipsiz.core.importers import ImportFileError, read_table
from qauipsiz.core.views import import_preview_page
from qauipsiz.ledger.models import LedgerEntry

from .. import examination_import
from ..forms.removal import ExaminationFilterForm, ExaminationForm, FileForm
from ..models import Examination, ExaminationFile
from ..removal_selectors import examinations, soon_days
from ..services import examinations as services

STATE_LABELS = {"done": gettext_lazy("Done"), "overdue": gettext_lazy("Overdue"), "due_soon": gettext_lazy("Due soon"),
                "planned": gettext_lazy("Planned")}


def _require(request, action: str, model=Examination) -> None:
    if not may_act_on_type(request.user, action, model):
        raise PermissionDenied(_("Your roles do not allow this."))


def _filtered(request):
    form = ExaminationFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    rows = examinations(request.user, state=data.get("state") or "", kind=data.get("kind") or "",
                        division=data.get("division"), facility=data.get("facility"))
    return form, rows


def examination_list(request):
    _require(request, Action.VIEW)
    form, rows = _filtered(request)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    today, soon = timezone.localdate(), soon_days()
    items = [(row, state, STATE_LABELS[state]) for row in page for state in [row.state_on(today, soon)]]
    context = {"form": form, "page": page, "items": items, "soon": soon, "states": STATE_LABELS,
               "can_add": may_act_on_type(request.user, Action.ADD, Examination)}
    template = "control/removal/_examination_rows.html" if request.htmx and not request.htmx.boosted else \
        "control/removal/examinations.html"
    return render(request, template, context)


def examination_export(request):
    _require(request, Action.VIEW)
    _form, rows = _filtered(request)
    access_record(request=request, kind=AccessKind.EXPORT, object_type="control.examination")
    today, soon = timezone.localdate(), soon_days()
    header = [_("Kind"), _("Object"), _("Facility"), _("Division"), _("Due date"), _("State"), _("Done on"),
              _("Result"), _("Conclusion number"), _("Expert organisation"), _("Next due date")]
    body = ([row.get_kind_display(), row.subject, row.facility, row.division, row.due_on,
             STATE_LABELS[row.state_on(today, soon)], row.done_on, row.get_result_display(),
             row.conclusion_number, row.expert_organisation, row.next_due_on] for row in rows.iterator(chunk_size=500))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_download(table_workbook(_("Examinations"), header, body), f"examinations-{stamp}.xlsx")


def _find(request, pk: int) -> Examination:
    return get_object_or_404(visible_to(request.user, Examination).select_related(
        "device", "building", "facility", "division"), pk=pk)


def history(obj, extra=()) -> list[LedgerEntry]:
    """The record's ledger entries (and its files'), oldest first."""
    label = obj._meta.label_lower
    entries = LedgerEntry.objects.filter(object_type=label, object_id=str(obj.pk))
    for other in extra:
        entries = entries | LedgerEntry.objects.filter(object_type=other._meta.label_lower, object_id=str(other.pk))
    return list(entries.order_by("seq"))


def examination_detail(request, pk: int):
    examination = _find(request, pk)
    files = list(examination.files.all())
    may_change = can(request.user, Action.CHANGE, examination)
    form = ExaminationForm(initial={name: getattr(examination, name) for name in (
        "device", "building", "kind", "due_on", "done_on", "result", "conclusion_number", "expert_organisation",
        "next_due_on", "note")}, user=request.user, organisation_id=examination.organisation_id) if may_change else None
    context = {"object": examination, "files": files, "form": form, "file_form": FileForm() if may_change else None,
               "state": STATE_LABELS[examination.state_on(timezone.localdate(), soon_days())],
               "history": history(examination, files)}
    return render(request, "control/removal/examination_detail.html", context)


def examination_create(request):
    _require(request, Action.ADD)
    organisation = organisations_for(request.user, Action.ADD, Examination).first()
    if organisation is None:
        raise PermissionDenied(_("Your roles do not allow this."))
    form = ExaminationForm(request.POST or None, user=request.user, organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            examination = services.examination_create(by=request.user, organisation=organisation,
                                                      **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The examination was saved."))
            return redirect(examination.get_absolute_url())
    return render(request, "control/removal/examination_form.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


def examination_update(request, pk: int):
    examination = _find(request, pk)
    if request.method != "POST":
        return redirect(examination.get_absolute_url())
    if not can(request.user, Action.CHANGE, examination):
        raise PermissionDenied(_("Your roles do not allow this."))
    form = ExaminationForm(request.POST, user=request.user, organisation_id=examination.organisation_id)
    if form.is_valid():
        try:
            services.examination_update(by=request.user, examination=examination, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The examination was saved."))
            return redirect(examination.get_absolute_url())
    return render(request, "control/removal/examination_form.html", {"form": form, "object": examination},
                  status=422)


def examination_file_add(request, pk: int):
    examination = _find(request, pk)
    if request.method != "POST":
        return redirect(examination.get_absolute_url())
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.examination_add_file(by=request.user, examination=examination, upload=form.cleaned_data["file"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect(examination.get_absolute_url())


def examination_file(request, pk: int, file_id: int):
    examination = _find(request, pk)
    attached = get_object_or_404(ExaminationFile, pk=file_id, examination=examination)
    try:
        handle = attached.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attached.filename)
    response["Cache-Control"] = "no-store"
    return response


# --- Import with a preview ------------------------------------------------------------------------------------------

def _pending(request, token):
    try:
        pending = import_store.load(token, request.user)
    except import_store.NotYours:
        raise Http404 from None
    if pending is not None and pending.slug != examination_import.SLUG:
        raise Http404
    return pending


def examination_import_page(request):
    _require(request, Action.ADD)
    organisations = organisations_for(request.user, Action.ADD, Examination)
    form = ImportUploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
        try:
            plan = examination_import.plan(user=request.user, organisation=form.cleaned_data["organisation"],
                                           table=read_table(data, upload.name))
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            pending = import_store.save(user=request.user, plan=plan, filename=upload.name, data=data)
            return redirect("control:examination-import-preview", token=pending.token)
    return render(request, "control/removal/examination_import.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def examination_import_preview(request, token: str):
    _require(request, Action.ADD)
    pending = _pending(request, token)
    if pending is None:
        messages.error(request, _("This import has expired or was already done. Upload the file again."))
        return redirect("control:examination-import")
    return import_preview_page(
        request, pending, title=_("Examinations and certification"), list_url=reverse("control:examinations"),
        import_url=reverse("control:examination-import"),
        preview_url=reverse("control:examination-import-preview", args=[token]), actions=examination_import.ACTIONS)


def _confirm(request):
    pending = _pending(request, request.POST["token"])
    if pending is None:
        messages.error(request, _("This import has expired or was already done. Upload the file again."))
        return redirect("control:examination-import")
    organisation = get_object_or_404(organisations_for(request.user, Action.ADD, Examination),
                                     pk=pending.organisation_id)
    try:
        # Planned again, the whole file: the register may have changed since the preview.
        plan = examination_import.plan(user=request.user, organisation=organisation,
                                       table=read_table(pending.data(), pending.filename))
        count = examination_import.apply(by=request.user, organisation=organisation, plan=plan)
    except (ImportFileError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("control:examination-import")
    import_store.remove(pending)
    messages.success(request, _("Examinations imported: %(count)s.") % {"count": count})
    return redirect("control:examinations")


def examination_import_template(request):
    _require(request, Action.ADD)
    return download(examination_import.template_workbook(), "examinations-template.xlsx")
