"""What the permit forms share: date-time inputs, people choices, the signing form base and the form of a record
bound to one of the user's organisations.

Forms only collect input: every rule of Order 344 is checked by the services. Choices of related records are
limited to the permit's organisation and to active records (plus the value already chosen, when a draft is
edited). Forms that sign mix in `SignatureForm`; a two-party act adds a second `SignatureForm(prefix="cosigner")`
for the co-signer, who signs on the same device.
"""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qauipsiz.core.forms import DateInput, DateTimeField, DateTimeInput  # noqa: F401 (the permit forms' inputs)
from qauipsiz.core.models import Person
from qauipsiz.ledger.forms import SignatureForm


def datetime_field(label, **kwargs) -> DateTimeField:
    return DateTimeField(label=label, **kwargs)


def local_now_minutes() -> datetime.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.position}" if obj.position else obj.full_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.position}" if obj.position else obj.full_name


def keep_current(queryset, current_ids):
    """Active records of the organisation, plus those already chosen (they stay valid on an edited draft)."""
    current_ids = [pk for pk in current_ids if pk]
    if not current_ids:
        return queryset.filter(is_active=True) if hasattr(queryset.model, "is_active") else queryset
    active = Q(is_active=True) if hasattr(queryset.model, "is_active") else Q()
    return queryset.filter(active | Q(pk__in=current_ids))


class SignOnlyForm(SignatureForm):
    """An act that only needs the signer's confirmation."""


class OrganisationBoundForm(forms.ModelForm):
    """A record of one of the organisations the user may add it in; related choices from those organisations."""

    related_models: dict = {}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        self.fields["organisation"].queryset = organisations
        self.only_organisation = organisations.first() if organisations.count() == 1 else None
        if self.only_organisation is not None:
            self.fields["organisation"].required = False
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = self.only_organisation.pk
        for name, field in self.fields.items():
            if name == "organisation" or not hasattr(field, "queryset"):
                continue
            queryset = field.queryset.filter(organisation__in=organisations)
            if hasattr(queryset.model, "is_active"):
                queryset = queryset.filter(is_active=True)
            if queryset.model is Person:
                field.__class__ = PersonChoiceField
            field.queryset = queryset
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if organisation is None:
            return cleaned
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if (name != "organisation" and hasattr(field, "queryset") and value is not None
                    and getattr(value, "organisation_id", organisation.pk) != organisation.pk):
                self.add_error(name, _("Choose a record of the same organisation."))
        return cleaned
