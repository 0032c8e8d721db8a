"""Forms of the register of accidents, incidents and injuries (315 cl.4.12). Choices are limited to what the user
sees (the gatekeeper); the services check everything again."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.forms import DateInput, DateTimeField
from qauipsiz.core.models import HazardousFacility, Location, Person

from ..choices import AccidentKind, AccidentStatus, InjurySeverity, InspectionDecision


def people_for(user):
    return visible_to(user, Person, Person.objects.filter(is_active=True)).order_by("last_name", "first_name")


class AccidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AccidentKind.choices)
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=HazardousFacility.objects.none())
    location = forms.ModelChoiceField(label=_("Unit or area"), queryset=Location.objects.none(), required=False)
    place = forms.CharField(label=_("Place (as described)"), max_length=500, required=False)
    occurred_at = DateTimeField(label=_("Happened at"))
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = visible_to(user, HazardousFacility,
                                                      HazardousFacility.objects.filter(is_active=True))
        self.fields["location"].queryset = visible_to(user, Location, Location.objects.filter(is_active=True)
                                                      .select_related("facility", "parent"))


class VictimForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person of the register"), queryset=Person.objects.none(),
                                    required=False)
    name = forms.CharField(label=_("Or the name of someone not in the register"), max_length=300, required=False)
    severity = forms.ChoiceField(label=_("Severity of the injury"), choices=InjurySeverity.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_for(user)


class MeasureForm(forms.Form):
    text = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.ModelChoiceField(label=_("Responsible person"), queryset=Person.objects.none())
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people_for(user)


class MeasureDoneForm(forms.Form):
    note = forms.CharField(label=_("How it was done"), max_length=1000)
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), required=False)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(label=_("File"))


class PermitLinkForm(forms.Form):
    permit_id = forms.TypedChoiceField(label=_("Work permit at this place and time"), coerce=int, required=False,
                                       empty_value=None)
    number = forms.CharField(label=_("Or its number, e.g. 12/2026"), max_length=30, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def __init__(self, *args, permits=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permit_id"].choices = [("", "—")] + [
            (p["id"], f"{p['label']} — {p['place']} ({p['status_label']})") for p in permits]


class InvestigateForm(forms.Form):
    chair = forms.ModelChoiceField(label=_("Chair of the commission"), queryset=Person.objects.none())
    members = forms.ModelMultipleChoiceField(label=_("Members of the commission"), queryset=Person.objects.none(),
                                             required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chair", "members"):
            self.fields[name].queryset = people_for(user)


class ConcludeForm(forms.Form):
    causes = forms.CharField(label=_("Causes"), widget=forms.Textarea(attrs={"rows": 4}))
    conclusion = forms.CharField(label=_("Conclusion of the investigation"), widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=InspectionDecision.choices, widget=forms.RadioSelect)
    directive_number = forms.CharField(label=_("Directive (өкім) number"), max_length=50, required=False)
    directive_date = forms.DateField(label=_("Directive date"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("Reason (when not ordered)"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False)


class AccidentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search")}))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", pgettext_lazy("filter", "All")), *AccidentKind.choices],
                             required=False)
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=HazardousFacility.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", pgettext_lazy("filter", "All")),
                                                           *AccidentStatus.choices], required=False)
    date_from = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = visible_to(user, HazardousFacility)
