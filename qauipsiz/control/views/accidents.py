"""Pages of the register of accidents, incidents and injuries (315 cl.4.9, cl.4.12, cl.26.6, cl.8). Thin: each reads
through the gatekeeper (`accident_selectors`) and writes through one service; refusals show on the form."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qauipsiz.accounts.access import access_record
from qauipsiz.accounts.choices import AccessKind, Action
from qauipsiz.accounts.policy import can, may_act_on_type, visible_to
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.acts.registered import registered_acts
from qauipsiz.acts.web import act_links
from qauipsiz.core.exports import table_workbook, xlsx_download
from qauipsiz.core.forms import add_service_errors
from qauipsiz.domains import service
from qauipsiz.formats import local_datetime

from .. import accident_selectors as selectors
from ..forms import accidents as forms
from ..models import Accident, AccidentMaterial, AccidentMeasure
from ..services import accidents as services
from ..services import files

LIST_HEADERS = (gettext_lazy("No."), gettext_lazy("Kind"), gettext_lazy("Happened at"), gettext_lazy("Facility"),
                gettext_lazy("Unit or area"), gettext_lazy("What happened"), gettext_lazy("People affected"),
                gettext_lazy("Status"))


def _require_view(request):
    if not may_act_on_type(request.user, Action.VIEW, Accident):
        raise PermissionDenied(_("Your roles do not allow this."))


def _filters(request):
    form = forms.AccidentFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.filtered(request.user, q=(data.get("q") or "").strip(), kind=data.get("kind") or "",
                                    facility=data.get("facility"), status=data.get("status") or "",
                                    date_from=data.get("date_from"), date_to=data.get("date_to"))


def _row(accident) -> list:
    return [f"{accident.number}/{accident.year}", accident.get_kind_display(), local_datetime(accident.occurred_at),
            str(accident.facility), str(accident.location or accident.place or ""), accident.description[:200],
            accident.victim_count, accident.get_status_display()]


def accident_list(request):
    _require_view(request)
    form, accidents = _filters(request)
    page = Paginator(accidents, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "control/accidents/list.html", {
        "form": form, "page": page, "rows": [(a, _row(a)) for a in page], "headers": LIST_HEADERS,
        "query": query.urlencode(), "can_add": may_act_on_type(request.user, Action.ADD, Accident)})


def accident_export(request):
    _require_view(request)
    _form, accidents = _filters(request)
    access_record(request=request, kind=AccessKind.EXPORT, object_type=Accident._meta.label_lower)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    workbook = table_workbook(Accident._meta.verbose_name_plural, LIST_HEADERS, (_row(a) for a in accidents))
    return xlsx_download(workbook, f"accidents-{stamp}.xlsx")


def accident_new(request):
    if not may_act_on_type(request.user, Action.ADD, Accident):
        raise PermissionDenied(_("Your roles do not allow this."))
    form = forms.AccidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            accident = services.accident_register(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registered: %(record)s") % {"record": accident})
            return redirect(accident)
    return render(request, "control/accidents/form.html",
                  {"form": form, "title": _("Register an accident, incident or injury")},
                  status=400 if request.method == "POST" else 200)


def _accident(request, pk: int) -> Accident:
    return get_object_or_404(selectors.detail_queryset(request.user), pk=pk)


def _acts_refused(user, accident) -> list[dict]:
    """The acts open to the user's role but refused now, shown disabled with their reasons (not offered to fail)."""
    refused = []
    for act in registered_acts("control.accident"):
        try:
            act.domain.gate(user, act.declaration, accident)
        except (PermissionDenied, ActionRefused):
            continue
        reasons = act.refusals_now(user, accident)
        if reasons:
            refused.append({"code": act.code, "label": act.declaration.label, "reasons": reasons})
    return refused


def accident_detail(request, pk: int):
    accident = _accident(request, pk)
    may_change = can(request.user, Action.CHANGE, accident)
    may_add = can(request.user, Action.ADD, accident)
    is_open = accident.status in services.OPEN_STATUSES
    context = {
        "accident": accident, "permits": selectors.linked_permits(request.user, accident),
        "history": selectors.history(accident), "acts": act_links(request.user, accident),
        "acts_refused": _acts_refused(request.user, accident),
        "may_add": may_add and is_open, "may_change": may_change and is_open,
        "may_mark_done": may_change and accident.status != "closed",
        "may_add_measure": may_change and accident.status in services.MEASURE_STATUSES,
        "today": timezone.localdate(),
    }
    return render(request, "control/accidents/detail.html", context)


def _part_form(request, pk: int, form_class, write, title, action: str = Action.CHANGE, **form_kwargs):
    accident = _accident(request, pk)
    if not can(request.user, action, accident):
        raise PermissionDenied(_("Your roles do not allow this."))
    form = form_class(request.POST or None, request.FILES or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            write(accident, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Saved."))
            return redirect(accident)
    return render(request, "control/accidents/form.html", {"form": form, "title": title, "accident": accident},
                  status=400 if request.method == "POST" else 200)


def victim_add(request, pk: int):
    return _part_form(request, pk, forms.VictimForm,
                      lambda a, data: services.victim_add(by=request.user, accident=a, **data),
                      _("Add a person affected"), Action.ADD, user=request.user)


def measure_add(request, pk: int):
    return _part_form(request, pk, forms.MeasureForm,
                      lambda a, data: services.measure_add(by=request.user, accident=a, **data),
                      _("Add a measure"), user=request.user)


def material_add(request, pk: int):
    return _part_form(request, pk, forms.MaterialForm,
                      lambda a, data: services.material_add(by=request.user, accident=a, upload=data["file"],
                                                            title=data["title"]),
                      _("Attach a material of the investigation"), Action.ADD)


def permit_link(request, pk: int):
    accident = _accident(request, pk)
    day = timezone.localtime(accident.occurred_at)
    permits = service("permits.permits_at")(
        user=request.user, organisation_id=accident.organisation_id, facility_id=accident.facility_id,
        location_id=accident.location_id, start=day - datetime.timedelta(days=1), end=day)
    return _part_form(request, pk, forms.PermitLinkForm,
                      lambda a, data: services.permit_link(by=request.user, accident=a, **data),
                      _("Link a work permit"), permits=permits)


def measure_done(request, pk: int, measure_pk: int):
    accident = _accident(request, pk)
    measure = get_object_or_404(visible_to(request.user, AccidentMeasure).filter(accident=accident), pk=measure_pk)
    form = forms.MeasureDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_done(by=request.user, measure=measure, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Saved."))
            return redirect(accident)
    return render(request, "control/accidents/form.html",
                  {"form": form, "title": _("Measure done: %(measure)s") % {"measure": measure}, "accident": accident},
                  status=400 if request.method == "POST" else 200)


def material_download(request, pk: int, material_pk: int):
    accident = _accident(request, pk)
    material = get_object_or_404(AccidentMaterial.objects.filter(accident=accident), pk=material_pk)
    return files.download(material)


__all__ = ["accident_list", "accident_export", "accident_new", "accident_detail", "victim_add", "measure_add",
           "material_add", "permit_link", "measure_done", "material_download"]
