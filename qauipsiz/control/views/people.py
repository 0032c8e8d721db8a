"""The production-control service's pages (315 cl.3, cl.6.6, cl.25): its structure, appointing an official by the
head's order, an appointment with its history, ending it.

Reads go through the gatekeeper (`visible_to`): a record outside the user's reach answers 404; appointing and ending
are the head's, the first head's and the system administrator's (403 for the others, nothing written)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import organisations_for, visible_to
from qauipsiz.core.competence import is_competent
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.models import Appointment
from qauipsiz.ledger.models import LedgerEntry

from ..forms.people import AppointForm, EndForm
from ..selectors import SERVICE_ROLES, is_current, service_structure
from ..services import people as services

EVENT_LABELS = {
    "created": gettext_lazy("appointed by the order"), "changed": gettext_lazy("edited"),
    "ended": gettext_lazy("appointment ended"), "deactivated": gettext_lazy("revoked"),
    "reactivated": gettext_lazy("restored"), "granted": gettext_lazy("access given"),
    "tied": gettext_lazy("access tied to the appointment"), "revoked": gettext_lazy("access removed"),
    "joined": gettext_lazy("login entered the organisation's books"),
}


def chosen_organisation(request):
    """The organisation of the page: `?organisation=` among those whose appointments the user reads, else the first of
    them; 404 when there is none (another organisation's service is not revealed)."""
    allowed = organisations_for(request.user, Action.VIEW, Appointment).order_by("pk")
    raw = request.GET.get("organisation") or request.POST.get("organisation")
    if raw:
        if not str(raw).isdigit() or len(str(raw)) > 18:
            raise Http404
        return get_object_or_404(allowed, pk=int(raw))
    organisation = allowed.first()
    if organisation is None:
        raise Http404
    return organisation


def service_page(request):
    organisation = chosen_organisation(request)
    structure = service_structure(organisation, user=request.user)
    return render(request, "control/people/service.html", {
        "organisation": organisation, "structure": structure,
        "organisations": organisations_for(request.user, Action.VIEW, Appointment).order_by("pk"),
        "may_appoint": services.may_appoint(request.user, organisation),
    })


def _service_appointment(request, pk: int) -> Appointment:
    queryset = Appointment.objects.filter(role__in=SERVICE_ROLES).select_related("organisation", "person")
    return get_object_or_404(visible_to(request.user, Appointment, queryset), pk=pk)


def history(appointment: Appointment) -> list:
    """The appointment's ledger entries and those of the access grants tied to it, in the chain's order."""
    grant_ids = [str(pk) for pk in appointment.grants.values_list("pk", flat=True)]
    query = Q(object_type="core.appointment", object_id=str(appointment.pk))
    if grant_ids:
        query |= Q(object_type="accounts.rolegrant", object_id__in=grant_ids)
    entries = (LedgerEntry.objects.filter(query, organisation_id=appointment.organisation_id)
               .only("seq", "recorded_at", "action", "actor_name", "actor_role", "object_type", "object_repr")
               .order_by("seq"))
    rows = []
    for entry in entries:
        event = entry.action.rpartition(".")[2]
        rows.append({"entry": entry, "label": EVENT_LABELS.get(event, event),
                     "role": Role(entry.actor_role).label if entry.actor_role in Role.values else entry.actor_role})
    return rows


def appointment_page(request, pk: int):
    appointment = _service_appointment(request, pk)
    today = timezone.localdate()
    current = is_current(appointment, today)
    end_refusal = None
    if not services.may_appoint(request.user, appointment.organisation):
        end_refusal = _("Only the head of the organisation, its first head or its system administrator ends the "
                        "appointments of production control.")
    elif not appointment.is_active:
        end_refusal = _("The appointment was revoked already.")
    elif appointment.valid_until is not None and appointment.valid_until < today:
        end_refusal = _("The appointment has ended already.")
    return render(request, "control/people/appointment.html", {
        "appointment": appointment, "current": current, "today": today,
        "competence": is_competent(appointment.person, appointment.role, today) if current else None,
        "history": history(appointment), "grants": list(appointment.grants.select_related("user")),
        "may_end": end_refusal is None, "end_refusal": end_refusal,
    })


@require_http_methods(["GET", "POST"])
def appoint_page(request):
    organisation = chosen_organisation(request)
    if not services.may_appoint(request.user, organisation):
        raise PermissionDenied(_("Only the head of the organisation, its first head or its system administrator "
                                 "appoints the officials of production control."))
    form = AppointForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appoint(by=request.user, organisation=organisation, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(person)s is appointed: %(role)s.") % {
                "person": appointment.person.full_name, "role": appointment.get_role_display()})
            return redirect("control:people-appointment", appointment.pk)
    return render(request, "control/people/form.html", {
        "form": form, "organisation": organisation, "title": _("Appoint by the head's order"),
        "back": f"{reverse('control:people-service')}?organisation={organisation.pk}",
    })


@require_http_methods(["GET", "POST"])
def end_page(request, pk: int):
    appointment = _service_appointment(request, pk)
    if not services.may_appoint(request.user, appointment.organisation):
        raise PermissionDenied(_("Only the head of the organisation, its first head or its system administrator "
                                 "ends the appointments of production control."))
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_appointment(by=request.user, appointment=appointment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The appointment is ended."))
            return redirect("control:people-appointment", appointment.pk)
    return render(request, "control/people/form.html", {
        "form": form, "organisation": appointment.organisation, "appointment": appointment,
        "title": _("End the appointment: %(appointment)s") % {"appointment": appointment},
        "back": reverse("control:people-appointment", args=[appointment.pk]),
    })
