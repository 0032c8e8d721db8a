"""From issue to the start of work: cancel, admit (item 9), air samples (item 5.4), joint measures (344 cl.7), crew."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.models import Person

from ..choices import AirUnit, GasGroup
from ..models import Permit
from . import pickers
from .common import PeopleChoiceField, PersonChoiceField, datetime_field, local_now_minutes


class CancelForm(forms.Form):
    """A draft is cancelled without a signature (nothing was signed yet), an issued permit with one (`acts.py`)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AdmitForm(forms.Form):
    """Item 9 (344 cl.22-23)."""

    measures_checked = forms.BooleanField(label=_("I have checked that the measures are carried out"))
    performer_briefed = forms.BooleanField(label=_("I have briefed the work performer at the place of work"))
    copy_handed_over = forms.BooleanField(label=_("I have handed over a copy of the permit to the work performer"))


class AirSampleForm(forms.Form):
    """Item 5.4: the place, the result (substance, value, unit, limit) and the gas contamination group. The values are
    localised: kk and ru take a decimal comma (0,5) as well as a point; en takes the point."""

    place = forms.CharField(label=_("Sampling place"), max_length=300)
    taken_at = datetime_field(_("Taken at"))
    substance = forms.CharField(label=_("Substance"), max_length=200)
    value = forms.DecimalField(label=_("Measured value"), max_digits=12, decimal_places=4, min_value=0, localize=True)
    limit = forms.DecimalField(label=_("Permitted limit"), max_digits=12, decimal_places=4, localize=True)
    unit = forms.ChoiceField(label=_("Unit"), choices=AirUnit.choices, initial=AirUnit.MG_PER_M3)
    gas_group = forms.ChoiceField(label=_("Gas contamination group"), choices=[("", "—"), *GasGroup.choices])
    measured_by = PersonChoiceField(label=_("Measured by"), queryset=Person.objects.none())

    def __init__(self, *args, permit, user_person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measured_by"].queryset = Person.objects.filter(organisation=permit.organisation_id,
                                                                    is_active=True)
        self.fields["taken_at"].initial = local_now_minutes
        if user_person is not None:
            self.fields["measured_by"].initial = user_person.pk
        pickers.mark(self.fields["measured_by"])


class PermitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.place}"


class JointMeasuresForm(forms.Form):
    """344 cl.7: the proposal, signed by the proposer."""

    others = PermitChoiceField(label=_("Other organisations' permits at the same site at the same time"),
                               queryset=Permit.objects.none(), widget=forms.CheckboxSelectMultiple)
    measures = forms.CharField(label=_("Additional joint measures"), widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=4000)

    def __init__(self, *args, overlapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = overlapping
        self.fields["others"].initial = [p.pk for p in overlapping]

    def act_inputs(self) -> dict:
        return {"others": list(self.cleaned_data["others"]), "measures": self.cleaned_data["measures"]}


class JointWithdrawForm(forms.Form):
    """344 cl.7: a party that does not agree withdraws the proposal and says why."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CrewAddForm(forms.Form):
    person = PersonChoiceField(label=_("Crew member"), queryset=Person.objects.none())

    def __init__(self, *args, permit, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=permit.organisation_id, is_active=True).exclude(
            pk__in=permit.crew.filter(removed_at__isnull=True).values("person_id"))
        if permit.contractor_id:
            people = people.filter(contractor=permit.contractor_id)
        self.fields["person"].queryset = people
        # Issue 11: those competent as crew members now first (the service checks it again, item 11).
        pickers.offer_competent_first(self.fields["person"], people, CompetenceRole.CREW_MEMBER,
                                      division=permit.division)


class CrewAddSeveralForm(CrewAddForm):
    """Issue 11: the permit page adds several crew members with one press (the act's own page, one at a time). The
    field keeps its name, so that one chosen is added as on the act's page."""

    person = PeopleChoiceField(label=_("Crew members"), queryset=Person.objects.none(),
                               widget=forms.SelectMultiple(attrs={"size": 6}),
                               help_text=_("Choose one or several: with a mouse, hold Ctrl to add to the choice."))


class MeasuresCompleteForm(forms.Form):
    """Item 7, issue 11: the measures one person carried out, signed at once. Any measure of the permit is accepted
    here, so that one already done or not to be signed now is refused by the service, by name; only those that can be
    signed now are offered."""

    measures = forms.ModelMultipleChoiceField(label=_("Measures I carried out (item 7)"), queryset=None,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, permit, signable, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["measures"]
        field.queryset = permit.measures.all()
        field.widget.choices = [(m.pk, f"{m.code} {m.text}") for m in signable]

    def act_inputs(self) -> dict:
        return {"measures": [m.pk for m in self.cleaned_data["measures"]]}
