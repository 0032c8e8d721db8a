"""Shifts: re-admission after a break (344 cl.23, cl.28), extension (item 12), and the people the issuer names for the
shifts after issue (344 cl.29, item 12)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.models import Person

from ..gatekeeper import named_performers
from . import pickers
from .common import PersonChoiceField


class ReadmitForm(forms.Form):
    conditions_unchanged = forms.BooleanField(
        label=_("The break lasted more than one shift: together with the work performer I have checked that the "
                "safety conditions have not changed (344 cl.28)"), required=False)
    conditions_changed = forms.BooleanField(
        label=_("The conditions of the work have changed since the permit was issued (the permit then ends: a new one is "
                "needed, item 12, 344 cl.6)"), required=False)


class ExtendForm(forms.Form):
    """Item 12 (344 cl.6, cl.22, cl.24, cl.29)."""

    shift_performer = PersonChoiceField(label=_("Work performer of the incoming shift"), queryset=Person.objects.none())
    crew_count = forms.IntegerField(label=_("Crew of the incoming shift, persons"), min_value=1, max_value=999)
    measures_checked = forms.BooleanField(
        label=_("I checked the measures of the permit and briefed the work performer at the place of work (344 cl.22)"),
        required=False)
    conditions_unchanged = forms.BooleanField(
        label=_("The conditions have not changed (required after a break of more than one shift, 344 cl.28)"),
        required=False)
    conditions_changed = forms.BooleanField(
        label=_("The conditions of the work have changed since the permit was issued (the permit then ends: a new one is "
                "needed, item 12, 344 cl.6)"), required=False)

    def __init__(self, *args, permit, **kwargs):
        super().__init__(*args, **kwargs)
        # 344 cl.29: only the performer and those the issuer named for the shifts accept a shift.
        self.fields["shift_performer"].queryset = named_performers(permit).filter(is_active=True)
        pickers.offer_competent_first(self.fields["shift_performer"], self.fields["shift_performer"].queryset,
                                      CompetenceRole.WORK_PERFORMER, division=permit.division)
        self.fields["shift_performer"].widget.attrs["data-cosigner"] = ""


class NameAdmittingForm(forms.Form):
    """344 cl.29, item 12: the issuer replaces a named admitting person or adds one for a shift."""

    person = PersonChoiceField(label=_("Admitting person"), queryset=Person.objects.none())
    replaces = PersonChoiceField(label=_("In place of (empty: added for a shift)"), queryset=Person.objects.none(),
                                 required=False)

    def __init__(self, *args, permit, **kwargs):
        super().__init__(*args, **kwargs)
        current = permit.admitting_persons.values("pk")
        self.fields["person"].queryset = Person.objects.filter(
            organisation=permit.organisation_id, is_active=True).exclude(pk__in=current)
        self.fields["replaces"].queryset = Person.objects.filter(pk__in=current)
        # Issue 11: those competent as admitting persons now first (the service checks it again, 344 cl.29).
        pickers.offer_competent_first(self.fields["person"], self.fields["person"].queryset,
                                      CompetenceRole.ADMITTING_PERSON, division=permit.division)
        pickers.mark(self.fields["replaces"])


class NameShiftPerformerForm(forms.Form):
    """344 cl.29: the issuer names a work performer for the shifts."""

    person = PersonChoiceField(label=_("Work performer of a shift"), queryset=Person.objects.none())

    def __init__(self, *args, permit, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=permit.organisation_id, is_active=True).exclude(
            pk__in=named_performers(permit).values("pk"))
        if permit.contractor_id:
            people = people.filter(contractor=permit.contractor_id)
        self.fields["person"].queryset = people
        pickers.offer_competent_first(self.fields["person"], people, CompetenceRole.WORK_PERFORMER,
                                      division=permit.division)
