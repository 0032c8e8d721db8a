"""Pages of the prescriptions of the state authority (315 cl.26.3): the list (open and overdue filters, overdue first),
XLSX, the registration with its items, the record page with the wording each item cites (cl.16) and its history, an
item's execution with its evidence."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qauipsiz.accounts.access import access_record
from qauipsiz.accounts.choices import AccessKind, Action
from qauipsiz.accounts.policy import can, may_act_on_type, permitted
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.exports import table_workbook, xlsx_download
from qauipsiz.core.forms import add_service_errors
from qauipsiz.formats import local_date
from qauipsiz.ledger.models import LedgerEntry

from .. import prescription_selectors as selectors
from ..forms import state_prescriptions as forms
from ..models import StatePrescription, StatePrescriptionEvidence, StatePrescriptionItem
from ..services import files
from ..services import state_prescriptions as services

LIST_HEADERS = (gettext_lazy("Number"), gettext_lazy("Date"), gettext_lazy("Issued by (state authority)"),
                gettext_lazy("Facility"), gettext_lazy("Items"), gettext_lazy("Open items"),
                gettext_lazy("Next deadline"), gettext_lazy("Status"))


def _require_view(request):
    if not may_act_on_type(request.user, Action.VIEW, StatePrescription):
        raise PermissionDenied(_("Your roles do not allow this."))


def _filters(request):
    form = forms.PrescriptionFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.filtered(request.user, q=(data.get("q") or "").strip(), state=data.get("state") or "",
                                    facility=data.get("facility"))


def _status(prescription) -> str:
    return str(_("Overdue")) if prescription.overdue else prescription.get_status_display()


def _row(p) -> list:
    return [p.number, local_date(p.issued_on), p.issuing_body, str(p.facility or ""), p.item_count, p.open_count,
            local_date(p.next_deadline) if p.next_deadline else "", _status(p)]


def prescription_list(request):
    _require_view(request)
    form, prescriptions = _filters(request)
    page = Paginator(prescriptions, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "control/state_prescriptions/list.html", {
        "form": form, "page": page, "rows": [(p, _row(p)) for p in page], "headers": LIST_HEADERS,
        "query": query.urlencode(), "can_add": may_act_on_type(request.user, Action.ADD, StatePrescription)})


def prescription_export(request):
    _require_view(request)
    _form, prescriptions = _filters(request)
    access_record(request=request, kind=AccessKind.EXPORT, object_type=StatePrescription._meta.label_lower)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    workbook = table_workbook(StatePrescription._meta.verbose_name_plural, LIST_HEADERS,
                              (_row(p) for p in prescriptions))
    return xlsx_download(workbook, f"state-prescriptions-{stamp}.xlsx")


def prescription_new(request):
    if not may_act_on_type(request.user, Action.ADD, StatePrescription):
        raise PermissionDenied(_("Your roles do not allow this."))
    form = forms.PrescriptionForm(request.POST or None, user=request.user)
    formset = forms.ItemFormSet(request.POST or None, prefix="items", form_kwargs={"user": request.user})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = [row.cleaned_data for row in formset if row.cleaned_data and not row.cleaned_data.get("DELETE")]
        try:
            prescription = services.prescription_register(by=request.user, items=items, **form.cleaned_data)
        except services.ItemErrors as error:
            rows = [row for row in formset if row.cleaned_data]
            for n, problems in error.by_item.items():
                for field, message in problems.items():
                    rows[n - 1].add_error(field if field in rows[n - 1].fields else None, message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registered: %(record)s") % {"record": prescription})
            return redirect(prescription)
    return render(request, "control/state_prescriptions/form.html", {"form": form, "formset": formset},
                  status=400 if request.method == "POST" else 200)


def _prescription(request, pk: int) -> StatePrescription:
    return get_object_or_404(selectors.detail_queryset(request.user), pk=pk)


def _history(prescription) -> list:
    items = prescription.items.all()
    query = Q(object_type=StatePrescription._meta.label_lower, object_id=str(prescription.pk))
    item_ids = [str(i.pk) for i in items]
    evidence_ids = [str(e.pk) for i in items for e in i.evidence.all()]
    if item_ids:
        query |= Q(object_type=StatePrescriptionItem._meta.label_lower, object_id__in=item_ids)
    if evidence_ids:
        query |= Q(object_type=StatePrescriptionEvidence._meta.label_lower, object_id__in=evidence_ids)
    return list(LedgerEntry.objects.filter(query, organisation_id=prescription.organisation_id).order_by("seq"))


def _may_execute(user, item) -> bool:
    person = getattr(user, "person", None)
    return can(user, Action.CHANGE, item) or (person is not None and person.pk == item.executor_id)


def prescription_detail(request, pk: int):
    prescription = _prescription(request, pk)
    # One read of what the user may change, for every item (not one per item).
    changeable = set(permitted(request.user, Action.CHANGE, StatePrescriptionItem,
                               StatePrescriptionItem.objects.filter(prescription=prescription))
                     .values_list("pk", flat=True))
    person_id = getattr(getattr(request.user, "person", None), "pk", None)
    items = [{"item": item, "may_execute": not services.done_refusals(item)
              and (item.pk in changeable or item.executor_id == person_id)}
             for item in prescription.items.all()]
    return render(request, "control/state_prescriptions/detail.html", {
        "prescription": prescription, "items": items, "history": _history(prescription),
        "status": _status(prescription)})


def item_done(request, pk: int, item_pk: int):
    prescription = _prescription(request, pk)
    item = get_object_or_404(selectors.item_queryset(request.user).filter(prescription=prescription), pk=item_pk)
    if not _may_execute(request.user, item):
        raise PermissionDenied(_("Your roles do not allow this."))
    form = forms.ItemDoneForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_done(by=request.user, item=item, note=data["note"], done_on=data["done_on"],
                               upload=data["file"], title=data["title"])
        except ValidationError as error:
            add_service_errors(form, error)
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Saved."))
            return redirect(prescription)
    return render(request, "control/state_prescriptions/item_done.html",
                  {"form": form, "prescription": prescription, "item": item},
                  status=400 if request.method == "POST" else 200)


def evidence_download(request, pk: int, evidence_pk: int):
    prescription = _prescription(request, pk)
    evidence = get_object_or_404(StatePrescriptionEvidence.objects.filter(item__prescription=prescription),
                                 pk=evidence_pk)
    return files.download(evidence)
