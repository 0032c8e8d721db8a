"""Forms of examinations (315 cl.4.6, cl.26.5) and of removal from work (315 cl.4.7, cl.27.4): the fields only; the
services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.forms import DateInput
from qauipsiz.core.models import BuildingStructure, Division, HazardousFacility, Person, TechnicalDevice

from ..choices import ExaminationKind, ExaminationResult

STATES = [("", _("All")), ("overdue", _("Overdue")), ("due_soon", _("Due soon")), ("open", _("Not done yet")),
          ("done", _("Done"))]
LAPSE_STATES = [("", _("All")), ("lapsed", _("Lapsed")), ("lapsing", _("Lapsing soon"))]


class ExaminationFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *ExaminationKind.choices], required=False)
    division = forms.ModelChoiceField(label=_("Division"), queryset=Division.objects.none(), required=False)
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=HazardousFacility.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = visible_to(user, Division).filter(is_active=True).order_by("path")
        self.fields["division"].label_from_instance = lambda d: d.tree_name
        self.fields["facility"].queryset = visible_to(user, HazardousFacility).filter(is_active=True)


class ExaminationForm(forms.Form):
    device = forms.ModelChoiceField(label=_("Technical device"), queryset=TechnicalDevice.objects.none(),
                                    required=False)
    building = forms.ModelChoiceField(label=_("Building or structure"), queryset=BuildingStructure.objects.none(),
                                      required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExaminationKind.choices)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), required=False)
    result = forms.ChoiceField(label=_("Result"), choices=[("", "—"), *ExaminationResult.choices], required=False)
    conclusion_number = forms.CharField(label=_("Conclusion number"), max_length=100, required=False)
    expert_organisation = forms.CharField(label=_("Expert organisation"), max_length=300, required=False)
    next_due_on = forms.DateField(label=_("Next due date"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = visible_to(user, TechnicalDevice).filter(
            organisation=organisation_id, is_active=True).select_related("facility")
        self.fields["building"].queryset = visible_to(user, BuildingStructure).filter(
            organisation=organisation_id, is_active=True)


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class LapseFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=LAPSE_STATES, required=False)
    division = forms.ModelChoiceField(label=_("Division"), queryset=Division.objects.none(), required=False)
    q = forms.CharField(label=_("Name or IIN"), max_length=100, required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = visible_to(user, Division).filter(is_active=True).order_by("path")
        self.fields["division"].label_from_instance = lambda d: d.tree_name


class RemovalProposeForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, user, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = visible_to(user, Person).filter(organisation=organisation_id,
                                                                         is_active=True)


class RemovalApproveForm(forms.Form):
    removed_from = forms.DateField(label=_("Removed from work from"), widget=DateInput())


class RemovalRejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the rejection"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=4000)
