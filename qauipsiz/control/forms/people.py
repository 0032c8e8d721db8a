"""The forms of the production-control service's pages: appointing an official by the head's order and ending the
appointment (315 cl.3). They validate the input; the services in `control/services/people.py` decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qauipsiz.core.forms import DateInput
from qauipsiz.core.models import Division, HazardousFacility, Person

from ..selectors import SERVICE_ROLES


class AppointForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("function"), choices=[(r.value, r.label) for r in SERVICE_ROLES])
    order_number = forms.CharField(label=_("order number"), max_length=50)
    order_date = forms.DateField(label=_("order date"), widget=DateInput())
    valid_from = forms.DateField(label=_("valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("valid until"), widget=DateInput(), required=False,
                                  help_text=_("Empty: until the appointment is ended."))
    whole_organisation = forms.BooleanField(label=_("covers the whole organisation"), required=False)
    divisions = forms.ModelMultipleChoiceField(label=_("divisions covered"), queryset=Division.objects.none(),
                                               required=False)
    facilities = forms.ModelMultipleChoiceField(label=_("facilities covered"),
                                                queryset=HazardousFacility.objects.none(), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["person"].queryset = Person.objects.filter(
            organisation=organisation, is_active=True, contractor__isnull=True).select_related("division")
        self.fields["divisions"].queryset = Division.objects.filter(organisation=organisation, is_active=True)
        self.fields["facilities"].queryset = HazardousFacility.objects.filter(organisation=organisation,
                                                                             is_active=True)
        self.fields["divisions"].label_from_instance = lambda division: division.tree_name


class EndForm(forms.Form):
    last_day = forms.DateField(label=_("last day of the appointment"), widget=DateInput(),
                               initial=timezone.localdate,
                               help_text=_("From the next day the appointee no longer has the access it gave."))
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
