"""The effectiveness criteria of production control (315 cl.6.5): the list, the defaults, the form, deactivation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import can, may_act_on_type, organisations_for, permitted, visible_to

from ..forms.regulation import CriterionForm
from ..models import EffectivenessCriterion
from ..services import regulation as services


@login_required
def criteria_list(request):
    user = request.user
    if not may_act_on_type(user, Action.VIEW, EffectivenessCriterion):
        raise PermissionDenied
    criteria = (visible_to(user, EffectivenessCriterion).select_related("organisation")
                .order_by("organisation_id", "-is_active", "position", "id"))
    addable = list(organisations_for(user, Action.ADD, EffectivenessCriterion))
    with_criteria = set(EffectivenessCriterion.objects.filter(organisation__in=addable)
                        .values_list("organisation_id", flat=True))
    changeable = set(permitted(user, Action.CHANGE, EffectivenessCriterion).values_list("pk", flat=True))
    return render(request, "control/regulation/criteria.html", {
        "criteria": criteria, "can_add": bool(addable), "changeable": changeable,
        "without_defaults": [o for o in addable if o.pk not in with_criteria]})


@login_required
@require_POST
def criteria_defaults(request):
    organisation = get_object_or_404(organisations_for(request.user, Action.ADD, EffectivenessCriterion),
                                     pk=request.POST.get("organisation") or 0)
    created = services.criteria_defaults(organisation=organisation, by=request.user)
    if created:
        messages.success(request, _("The default criteria were created: set the organisation's own targets."))
    return redirect("control:regulation-criteria")


@login_required
def criterion_form(request, pk: int | None = None):
    user = request.user
    if pk is None:
        organisations = organisations_for(user, Action.ADD, EffectivenessCriterion)
        if not organisations.exists():
            raise PermissionDenied
        instance = EffectivenessCriterion()
    else:
        instance = get_object_or_404(visible_to(user, EffectivenessCriterion), pk=pk)
        if not can(user, Action.CHANGE, instance):
            raise PermissionDenied
        organisations = None
    form = CriterionForm(request.POST or None, instance=instance, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            if pk is None:
                services.criterion_create(by=user, instance=form.instance)
            else:
                services.criterion_update(by=user, instance=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The criterion was saved."))
            return redirect("control:regulation-criteria")
    return render(request, "control/regulation/criterion_form.html", {"form": form, "object": instance if pk else None},
                  status=422 if form.errors else 200)


@login_required
@require_POST
def criterion_set_active(request, pk: int):
    instance = get_object_or_404(visible_to(request.user, EffectivenessCriterion), pk=pk)
    if not can(request.user, Action.DEACTIVATE, instance):
        raise PermissionDenied
    services.criterion_set_active(by=request.user, instance=instance, active=request.POST.get("active") == "1")
    return redirect("control:regulation-criteria")
