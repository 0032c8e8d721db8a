"""The plans' forms (315 cl.4.1, cl.4.5): a new plan, an item's content (draft only), its execution, its evidence, a
new version's reason, the import file. The services check everything again; the forms only shape the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qauipsiz.core.models import Division, HazardousFacility, Person

from ..choices import ItemStatus, PlanKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=PlanKind.choices)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    division = forms.ModelChoiceField(label=_("division"), queryset=Division.objects.none(), required=False,
                                      help_text=_("For a work plan: the division it is drawn up for."))
    title = forms.CharField(label=_("title"), max_length=300, required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if organisation is not None:
            self.fields["division"].queryset = Division.objects.filter(organisation=organisation, is_active=True)


class ItemForm(forms.Form):
    position = forms.IntegerField(label=_("No."), min_value=1, required=False)
    measure = forms.CharField(label=_("measure"), widget=forms.Textarea(attrs={"rows": 3}))
    period_start = forms.DateField(label=_("period from"), required=False, widget=DATE)
    deadline = forms.DateField(label=_("deadline"), widget=DATE)
    responsible = forms.ModelChoiceField(label=_("responsible person"), queryset=Person.objects.none(),
                                         required=False)
    division = forms.ModelChoiceField(label=_("division"), queryset=Division.objects.none(), required=False)
    facility = forms.ModelChoiceField(label=_("facility"), queryset=HazardousFacility.objects.none(), required=False)

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_id = version.organisation_id
        self.fields["responsible"].queryset = Person.objects.filter(organisation_id=organisation_id, is_active=True,
                                                                    contractor__isnull=True)
        self.fields["division"].queryset = Division.objects.filter(organisation_id=organisation_id, is_active=True)
        self.fields["facility"].queryset = HazardousFacility.objects.filter(organisation_id=organisation_id,
                                                                            is_active=True)
        if version.division_id:  # a work plan's items are its division's
            del self.fields["division"]


class ExecutionForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ItemStatus.choices)
    not_done_reason = forms.CharField(label=_("reason it was not done"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    executed_on = forms.DateField(label=_("executed on"), required=False, widget=DATE)
    execution_note = forms.CharField(label=_("execution"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceForm(forms.Form):
    text = forms.CharField(label=_("text"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("file"), required=False)


class NewVersionForm(forms.Form):
    reason = forms.CharField(label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX or CSV file"))
