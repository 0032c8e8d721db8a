"""The page of the organisation's policy on one person holding two parts of one permit (344 cl.19; the law is silent):
the whole matrix of pairs, each changed on its own row (htmx swaps the row; without JavaScript the form posts and the
page comes back). The decision and the ledger are the service's (`services.parts_policy_set`)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..choices import HoldingPolicy, PermitPart
from ..services.parts_policy import DEFAULT_POLICY


class PairPolicyForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    first = forms.ChoiceField(choices=PermitPart.choices, widget=forms.HiddenInput)
    second = forms.ChoiceField(choices=PermitPart.choices, widget=forms.HiddenInput)
    policy = forms.ChoiceField(label=gettext_lazy("Policy"), choices=HoldingPolicy.choices)


def _organisation_id(request) -> int | None:
    raw = request.POST.get("organisation") or request.GET.get("organisation") or ""
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def _context(request, organisation, rows) -> dict:
    return {"organisation": organisation, "organisations": services.policy_organisations(request.user),
            "rows": rows, "policies": HoldingPolicy.choices, "default_policy": DEFAULT_POLICY}


def parts_policy(request):
    # 403 for a user who may set it nowhere, 404 for an organisation not his (`policy_organisation`).
    organisation = services.policy_organisation(request.user, _organisation_id(request))
    rows = services.parts_policies(organisation.pk)
    if request.method != "POST":
        return render(request, "permits/parts_policy.html", _context(request, organisation, rows))
    form = PairPolicyForm(request.POST)
    error, changed = None, None
    if form.is_valid():
        data = form.cleaned_data
        try:
            rows = services.parts_policy_set(by=request.user, organisation_id=organisation.pk,
                                             changes=[(data["first"], data["second"], data["policy"])])
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            changed = (data["first"], data["second"])
    else:
        error = " ".join(message for errors in form.errors.values() for message in errors)
    if changed and not request.htmx:
        messages.success(request, _("The policy is saved."))
        return redirect(f"{request.path}?organisation={organisation.pk}")
    pair = changed or (request.POST.get("first"), request.POST.get("second"))
    for row in rows:
        row["saved"] = changed is not None and (row["first"], row["second"]) == changed
        row["error"] = error if (row["first"], row["second"]) == pair else None
    status = 422 if error else 200
    template = "permits/_parts_policy_rows.html" if request.htmx and not request.htmx.boosted \
        else "permits/parts_policy.html"
    if error and not any(row["error"] for row in rows):
        messages.error(request, error)  # a pair that is not one of the matrix: said above the table
        template = "permits/parts_policy.html"
    return render(request, template, _context(request, organisation, rows), status=status)
