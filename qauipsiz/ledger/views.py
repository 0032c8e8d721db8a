"""The retention page: holds on records (344 cl.15 investigations, legal holds), purgeable permits, tombstones."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qauipsiz.accounts.policy import grants_of
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.models import Organisation

from . import retention
from .models import Hold, Tombstone


class HoldForm(forms.Form):
    permit = forms.ModelChoiceField(label=gettext_lazy("Work permit"), queryset=None)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Hold.Kind.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    reference = forms.CharField(label=gettext_lazy("Reference (investigation, case)"), required=False, max_length=300)

    def __init__(self, *args, organisation, **kwargs):
        from qauipsiz.permits.models import Permit

        super().__init__(*args, **kwargs)
        self.fields["permit"].queryset = Permit.objects.filter(organisation=organisation, number__isnull=False)


class ReleaseForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for release"), max_length=2000)


def _organisation(request) -> tuple[Organisation, bool]:
    """The organisation whose retention the user manages, and whether the user may purge there."""
    grants = [g for g in grants_of(request.user) if g.role in retention.HOLDING_ROLES | retention.PURGING_ROLES]
    if request.user.is_superuser:
        ids = list(Organisation.objects.filter(is_active=True).values_list("pk", flat=True))
    else:
        ids = sorted({g.organisation_id for g in grants})
    if not ids:
        raise PermissionDenied(_("Only the head, production-control officials and system administrators manage "
                                 "retention."))
    wanted = request.GET.get("organisation") or request.POST.get("organisation")
    organisation_id = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
    may_purge = request.user.is_superuser or any(
        g.organisation_id == organisation_id and g.role in retention.PURGING_ROLES for g in grants)
    return Organisation.objects.get(pk=organisation_id), may_purge


def retention_page(request):
    from qauipsiz.permits.models import Permit

    organisation, may_purge = _organisation(request)
    form = HoldForm(organisation=organisation)
    if request.method == "POST":
        form = HoldForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                retention.hold_set(by=request.user, obj=form.cleaned_data["permit"], kind=form.cleaned_data["kind"],
                                   reason=form.cleaned_data["reason"], reference=form.cleaned_data["reference"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The hold is set."))
                return redirect(f"{request.path}?organisation={organisation.pk}")
    ended = Permit.objects.filter(organisation=organisation, ended_at__isnull=False).select_related("work_type")
    context = {
        "organisation": organisation,
        "may_purge": may_purge,
        "form": form,
        "holds": Hold.objects.filter(organisation=organisation, released_at__isnull=True).select_related("set_by"),
        "released": Hold.objects.filter(organisation=organisation, released_at__isnull=False)[:20],
        "purgeable": retention.purgeable(Permit, ended.order_by("ended_at")[:200]),
        "tombstones": Tombstone.objects.filter(organisation=organisation).select_related("purged_by")[:50],
        "release_form": ReleaseForm(),
    }
    return render(request, "ledger/retention.html", context, status=422 if form.errors else 200)


@require_POST
def hold_release(request, pk: int):
    organisation, _may_purge = _organisation(request)
    hold = get_object_or_404(Hold, pk=pk, organisation=organisation)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the release."))
    else:
        try:
            retention.hold_release(by=request.user, hold=hold, reason=form.cleaned_data["reason"])
            messages.success(request, _("The hold is released."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(f"{_retention_url()}?organisation={organisation.pk}")


@require_POST
def permit_purge(request, pk: int):
    from qauipsiz.permits.models import Permit

    organisation, _may_purge = _organisation(request)
    permit = get_object_or_404(Permit, pk=pk, organisation=organisation)
    try:
        tombstone = retention.purge(by=request.user, obj=permit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(record)s was purged; its tombstone and ledger entries remain.")
                         % {"record": tombstone.object_repr})
    return redirect(f"{_retention_url()}?organisation={organisation.pk}")


def _retention_url() -> str:
    from django.urls import reverse

    return reverse("ledger:retention")
