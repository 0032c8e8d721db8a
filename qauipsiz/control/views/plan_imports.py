"""The import of a draft plan's items from XLSX or CSV: upload, preview row by row, confirm (control.plan_import)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.acts.web import refused
from qauipsiz.core import import_store
from qauipsiz.core.importers import ImportFileError

from .. import plan_import
from ..forms.plans import ImportForm
from .plans import _draft_of


def plan_import_page(request, pk: int):
    plan, version = _draft_of(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    pending = None
    if request.method == "POST" and "token" in request.POST:
        try:
            pending = import_store.load(request.POST["token"], request.user)
        except import_store.NotYours:
            pending = None
        if pending is None or pending.slug != plan_import.SLUG or pending.organisation_id != plan.organisation_id:
            raise Http404
        try:
            added = plan_import.apply(by=request.user, version=version, data=pending.data(), filename=pending.filename)
        except ActionRefused as error:
            return refused(request, error, back=plan.get_absolute_url())
        import_store.remove(pending)
        messages.success(request, ngettext("%(count)s item added.", "%(count)s items added.", added)
                         % {"count": added})
        return redirect(plan)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            planned = plan_import.read(version, data, upload.name)
        except (ImportFileError, ValidationError) as error:
            form.add_error("file", error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            pending = import_store.save(user=request.user, plan=planned, filename=upload.name, data=data)
    return render(request, "control/plans/import.html", {
        "plan": plan, "version": version, "form": form, "pending": pending,
        "columns": [str(plan_import.PlanItem._meta.get_field(c).verbose_name) for c in plan_import.COLUMNS],
        "hint": _("Dates as dd.mm.yyyy; the responsible person by IIN or full name, the division by code or name, "
                  "the facility by registration number or name.")},
        status=422 if form.errors else 200)
