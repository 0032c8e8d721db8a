"""Upload → preview row by row → confirm, for the register of accidents (control/accident_import.py). The preview
writes nothing; the confirmation plans the file again and registers all good rows."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import may_act_on_type, organisations_for
from qauipsiz.core import import_store
from qauipsiz.core.forms import ImportUploadForm
from qauipsiz.core.importers import ImportFileError
from qauipsiz.core.views import import_preview_page

from .. import accident_import
from ..models import Accident


def _require_add(request):
    if not may_act_on_type(request.user, Action.ADD, Accident):
        raise PermissionDenied(_("Your roles do not allow this."))


def _pending(request, token):
    try:
        pending = import_store.load(token, request.user)
    except import_store.NotYours:
        raise Http404 from None
    if pending is not None and pending.slug != accident_import.SLUG:
        raise Http404
    return pending


def _preview(request, pending):
    return import_preview_page(
        request, pending, title=_("Accidents, incidents and injuries"), list_url=reverse("control:accidents"),
        import_url=reverse("control:accidents-import"),
        preview_url=reverse("control:accidents-import-preview", args=[pending.token]))


def accidents_import(request):
    _require_add(request)
    organisations = organisations_for(request.user, Action.ADD, Accident)
    form = ImportUploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, organisations)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(settings.IMPORT_MAX_BYTES + 1)
        try:
            plan = accident_import.plan_accidents(user=request.user, organisation=form.cleaned_data["organisation"],
                                                  table=accident_import.read_table(data, upload.name))
        except (ImportFileError, ValidationError) as error:
            form.add_error("file", " ".join(getattr(error, "messages", [str(error)])))
        else:
            pending = import_store.save(user=request.user, plan=plan, filename=upload.name, data=data)
            response = _preview(request, pending)
            response["X-Preview-Url"] = reverse("control:accidents-import-preview", args=[pending.token])
            return response
    return render(request, "control/accidents/import.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@require_GET
def accidents_import_preview(request, token: str):
    _require_add(request)
    pending = _pending(request, token)
    if pending is None:
        messages.error(request, _("This import has expired or was already done. Upload the file again."))
        return redirect("control:accidents-import")
    return _preview(request, pending)


def _confirm(request, organisations):
    pending = _pending(request, request.POST["token"])
    if pending is None:
        messages.error(request, _("This import has expired or was already done. Upload the file again."))
        return redirect("control:accidents-import")
    organisation = get_object_or_404(organisations, pk=pending.organisation_id)
    try:
        # Planned again, the whole file: the register may have changed since the preview.
        plan = accident_import.plan_accidents(user=request.user, organisation=organisation,
                                              table=accident_import.read_table(pending.data(), pending.filename))
        count = accident_import.apply(by=request.user, plan=plan)
    except (ImportFileError, ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("control:accidents-import")
    import_store.remove(pending)
    messages.success(request, _("Imported: %(created)s registered, %(rejected)s rows skipped.") % {
        "created": count, "rejected": sum(1 for r in plan.rows if r.action == "reject")})
    return redirect("control:accidents")
