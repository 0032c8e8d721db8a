"""The retention page: holds on records (344 cl.15 investigations, legal holds), purgeable records, tombstones.

Which records: each registered retention rule says which of its records may be held and which have ended; the page
knows no domain.
"""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qauipsiz.accounts.policy import grants_of
from qauipsiz.core.forms import add_service_errors
from qauipsiz.core.models import Organisation
from qauipsiz.domains import organisation_path

from . import retention
from .models import Hold, Tombstone


class HoldForm(forms.Form):
    """One record field per retention rule (the permit, ...); with several rules, the one the user fills is held."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Hold.Kind.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    reference = forms.CharField(label=gettext_lazy("Reference (investigation, case)"), required=False, max_length=300)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        holdable = [rule for rule in retention.rules().values() if rule.holdable is not None]
        record_fields = {
            rule.name: forms.ModelChoiceField(label=rule.record_label, queryset=rule.holdable(organisation.pk),
                                              required=len(holdable) == 1)
            for rule in holdable
        }
        # The record comes first on the form, as the permit always did.
        self.fields = {**record_fields, **self.fields}
        self.record_fields = tuple(record_fields)

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned[name] for name in self.record_fields if cleaned.get(name) is not None]
        if len(chosen) != 1 and not self.errors:
            raise ValidationError(_("Choose the one record to hold."))
        cleaned["record"] = chosen[0] if chosen else None
        return cleaned


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


def _purgeable_sections(organisation: Organisation) -> list[dict]:
    sections = []
    for rule in retention.rules().values():
        if rule.ended is None:
            continue
        records = retention.purgeable(None, rule.ended(organisation.pk)[:200])
        sections.append({"rule": rule, "rows": [
            {"record": obj, "ended_at": rule.ended_at(obj) if rule.ended_at else None,
             "purge_url": reverse(f"ledger:{rule.name}-purge", args=[obj.pk])}
            for obj in records]})
    return sections


def retention_page(request):
    organisation, may_purge = _organisation(request)
    form = HoldForm(organisation=organisation)
    if request.method == "POST":
        form = HoldForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                retention.hold_set(by=request.user, obj=form.cleaned_data["record"], kind=form.cleaned_data["kind"],
                                   reason=form.cleaned_data["reason"], reference=form.cleaned_data["reference"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The hold is set."))
                return redirect(f"{request.path}?organisation={organisation.pk}")
    context = {
        "organisation": organisation,
        "may_purge": may_purge,
        "form": form,
        "holds": Hold.objects.filter(organisation=organisation, released_at__isnull=True).select_related("set_by"),
        "released": Hold.objects.filter(organisation=organisation, released_at__isnull=False)[:20],
        "purgeable_sections": _purgeable_sections(organisation),
        "explanations": [rule.explanation for rule in retention.rules().values() if rule.explanation],
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
def record_purge(request, pk: int, label: str):
    organisation, _may_purge = _organisation(request)
    model = apps.get_model(label)
    record = get_object_or_404(model, **{"pk": pk, organisation_path(label): organisation.pk})
    try:
        tombstone = retention.purge(by=request.user, obj=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(record)s was purged; its tombstone and ledger entries remain.")
                         % {"record": tombstone.object_repr})
    return redirect(f"{_retention_url()}?organisation={organisation.pk}")


def _retention_url() -> str:
    return reverse("ledger:retention")
