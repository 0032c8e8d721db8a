"""The form of a change notice (315 cl.4.11): the edition, and the audience it goes to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.core.models import ClauseEdition, Division, HazardousFacility


class EditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.state}"


class ChangeNoticeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    edition = EditionChoiceField(label=_("Clause edition"), queryset=None)
    access_roles = forms.MultipleChoiceField(label=_("Access roles"), choices=Role.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    appointment_roles = forms.MultipleChoiceField(label=_("Appointed functions"), choices=AppointmentRole.choices,
                                                  required=False, widget=forms.CheckboxSelectMultiple)
    division = forms.ModelChoiceField(label=_("Division (with its subdivisions)"), queryset=None, required=False)
    facility = forms.ModelChoiceField(label=_("Facility (the people of its division)"), queryset=None,
                                      required=False)
    message = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.only_organisation = organisations.first() if organisations.count() == 1 else None
        if self.only_organisation is not None:
            self.fields["organisation"].required = False
            self.fields["organisation"].widget = forms.HiddenInput()
        # The editions of the acts in force-or-coming, newest first: the changes worth telling about.
        self.fields["edition"].queryset = visible_to(user, ClauseEdition).filter(
            is_active=True, amending_act__isnull=False).select_related(
            "clause__act", "amending_act").order_by("-in_force_from", "-id")
        self.fields["division"].queryset = visible_to(user, Division).filter(is_active=True)
        self.fields["division"].label_from_instance = lambda d: d.tree_name
        self.fields["facility"].queryset = visible_to(user, HazardousFacility).filter(is_active=True)

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation
