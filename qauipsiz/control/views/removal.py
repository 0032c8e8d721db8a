"""Pages of training lapses and removal from work (315 cl.4.7, cl.4.10, cl.27.4): who lapsed or will lapse, by
division, with its XLSX; the official's proposal; a removal's page with the head's signed decision and the lifting
(the act pages come from control/registered.py) and its ledger history."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qauipsiz.accounts.access import access_record
from qauipsiz.accounts.choices import AccessKind, Action
from qauipsiz.accounts.policy import may_act_on_type, organisations_for, visible_to
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.acts.web import act_links
from qauipsiz.core.exports import table_workbook, xlsx_download
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.models import Person

from ..forms.removal import LapseFilterForm, RemovalProposeForm
from ..models import Removal
from ..registered import _lift_refusals
from ..removal_selectors import open_removals, soon_days, training_lapses
from ..services.removal import removal_propose
from .examinations import history

LAPSE_LABELS = {"missing": gettext_lazy("Never passed"), "lapsed": gettext_lazy("Lapsed"),
                "lapsing": gettext_lazy("Lapsing soon")}


def _organisation(request, action=Action.VIEW):
    organisation = organisations_for(request.user, action, Removal).first()
    if organisation is None:
        raise PermissionDenied(_("Your roles do not allow this."))
    return organisation


def _lapses(request):
    organisation = _organisation(request)
    form = LapseFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    rows = training_lapses(request.user, organisation.pk, division=data.get("division"),
                           state=data.get("state") or "", q=(data.get("q") or "").strip())
    return form, rows


def lapse_list(request):
    form, rows = _lapses(request)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    removals = open_removals(lapse.person.pk for lapse in page)
    context = {"form": form, "page": page, "labels": LAPSE_LABELS, "soon": soon_days(),
               "items": [(lapse, removals.get(lapse.person.pk)) for lapse in page],
               "can_propose": may_act_on_type(request.user, Action.ADD, Removal)}
    return render(request, "control/removal/lapses.html", context)


def lapse_export(request):
    _form, rows = _lapses(request)
    access_record(request=request, kind=AccessKind.EXPORT, object_type="core.training")
    header = [_("Person"), _("IIN"), _("Division"), _("Training"), _("Roles"), _("Valid until"), _("State")]
    body = ([lapse.person.full_name, lapse.person.iin, lapse.person.division, lapse.training_type,
             lapse.role_labels, lapse.valid_until, LAPSE_LABELS[lapse.state]] for lapse in rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_download(table_workbook(_("Training lapses"), header, body), f"training-lapses-{stamp}.xlsx")


def removal_list(request):
    if not may_act_on_type(request.user, Action.VIEW, Removal):
        raise PermissionDenied(_("Your roles do not allow this."))
    rows = visible_to(request.user, Removal).select_related("person", "division")
    status = request.GET.get("status", "")
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("-proposed_at", "-id"), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "control/removal/removals.html", {
        "page": page, "status": status, "statuses": Removal._meta.get_field("status").choices})


def removal_propose_page(request):
    organisation = _organisation(request, Action.ADD)
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial["person"] = visible_to(request.user, Person).filter(pk=request.GET["person"]).first()
    form = RemovalProposeForm(request.POST or None, initial=initial, user=request.user,
                              organisation_id=organisation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            removal = removal_propose(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The proposal was sent to the head."))
            return redirect(removal.get_absolute_url())
    return render(request, "control/removal/removal_form.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


def lapsed_items(removal: Removal) -> list[dict]:
    """The trainings the removal rested on, named in the reader's language."""
    language = translation.get_language() or "kk"
    items = []
    for item in removal.lapsed:
        names = item.get("name") or {}
        name = names.get(language[:2]) or names.get("kk") or names.get("ru") or names.get("en") or item.get("type")
        until = item.get("valid_until")
        items.append({"name": name, "valid_until": datetime.date.fromisoformat(until) if until else None})
    return items


def removal_detail(request, pk: int):
    removal = get_object_or_404(visible_to(request.user, Removal).select_related("person", "division"), pk=pk)
    return render(request, "control/removal/removal_detail.html", {
        "object": removal, "lapsed": lapsed_items(removal), "actions": act_links(request.user, removal),
        "lift_refusals": _lift_refusals(request.user, removal), "history": history(removal)})
