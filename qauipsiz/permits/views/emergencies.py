"""Emergency work (344 cl.12)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import can, organisations_for
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.views import note_view

from .. import forms, services
from ..choices import EmergencyStatus
from ..filters import EmergencyFilterSet
from ..gatekeeper import person_of, visible_emergencies, visible_permits
from ..models import EmergencyWork
from .common import form_data, may_draw_up, refused


def _emergency_queryset():
    return EmergencyWork.objects.select_related("organisation", "division", "facility", "leader")


@require_GET
def emergency_list(request):
    queryset = visible_emergencies(request.user, _emergency_queryset())
    filterset = EmergencyFilterSet(request.GET, queryset=queryset, request=request)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "permits/emergency_list.html", {
        "filterset": filterset, "page": page,
        "can_add": organisations_for(request.user, Action.ADD, EmergencyWork).exists()})


def emergency_create(request):
    organisations = organisations_for(request.user, Action.ADD, EmergencyWork)
    if not organisations.exists():
        raise PermissionDenied(_("You are not allowed to record emergency work here."))
    form = forms.EmergencyForm(form_data(request), organisations=organisations)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                emergency = services.emergency_start(by=request.user, emergency=form.save(commit=False))
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
            else:
                messages.success(request, _("The emergency work was recorded."))
                return redirect("permits:emergency-detail", pk=emergency.pk)
    return render(request, "permits/emergency_form.html", {"form": form}, status=status)


@require_GET
def emergency_detail(request, pk: int):
    emergency = get_object_or_404(visible_emergencies(request.user, _emergency_queryset()), pk=pk)
    note_view(request, emergency)
    may_record = can(request.user, Action.ADD, emergency)
    return render(request, "permits/emergency_detail.html", {
        "emergency": emergency, "can_record": may_record and emergency.status == EmergencyStatus.UNDER_WAY,
        "threat_form": forms.ThreatEliminatedForm(),
        "can_draw_up": emergency.status == EmergencyStatus.THREAT_ELIMINATED and may_draw_up(request.user)
        and person_of(request.user).organisation_id == emergency.organisation_id,
        "permits": visible_permits(request.user, emergency.permits.all()).order_by("-year", "-number")})


@require_POST
def emergency_threat_eliminated(request, pk: int):
    emergency = get_object_or_404(visible_emergencies(request.user, _emergency_queryset()), pk=pk)
    back = reverse("permits:emergency-detail", args=[emergency.pk])
    form = forms.ThreatEliminatedForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.emergency_threat_eliminated(by=request.user, emergency=emergency, at=form.cleaned_data["at"])
        except ActionRefused as error:
            return refused(request, error, back=back)
        except ValidationError as error:
            add_service_errors(form, error)
            status = 422
        else:
            messages.success(request, _("The direct threat was recorded as eliminated: the remaining work needs a "
                                        "permit (344 cl.12)."))
            return redirect(back)
    return render(request, "permits/emergency_threat.html", {"emergency": emergency, "form": form}, status=status)
