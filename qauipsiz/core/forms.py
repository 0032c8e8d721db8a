"""Input validation for the register, shared by the pages and the API.

Every choice of a related record is limited to what the user may see, and a record may only point at records of its
own organisation: a form can never be used to reach into another organisation or outside the user's scope.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.policy import (
    DIVISION_SCOPED,
    actions_of,
    grants_of,
    model_key,
    organisations_for,
    permitted,
    visible_to,
)

from . import models
from .choices import LocationKind
from .i18n import translated_fields


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has it, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# A moment is typed as it is written everywhere in the system (issue 11): dd.mm.yyyy HH:MM, local time, 24-hour. Not
# the browser's datetime-local, which shows mm/dd/yyyy and a 12-hour clock in a browser set to US English.
DATETIME_INPUT = "%d.%m.%Y %H:%M"
DATETIME_INPUT_FORMATS = [DATETIME_INPUT, "%d.%m.%Y %H:%M:%S",
                          # what a datetime-local input sent, should a page cached before this change post it
                          "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class DateTimeInput(forms.DateTimeInput):
    """A text input for a local moment, dd.mm.yyyy HH:MM; read by `DateTimeField`."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": _("dd.mm.yyyy hh:mm"), "autocomplete": "off", "spellcheck": "false",
                 "size": 16, **(attrs or {})}
        super().__init__(attrs=attrs, format=DATETIME_INPUT)


class DateTimeField(forms.DateTimeField):
    """A local moment typed dd.mm.yyyy HH:MM in any language (the input formats of the language aside)."""

    widget = DateTimeInput
    input_formats = DATETIME_INPUT_FORMATS

    def to_python(self, value):
        # Spaces typed around or doubled between the day and the time are not a different moment.
        return super().to_python(" ".join(value.split()) if isinstance(value, str) else value)


class ScopedModelForm(forms.ModelForm):
    """A ModelForm bound to the acting user: related choices come from the gatekeeper."""

    # Related fields whose records must belong to the same organisation as the record being edited.
    same_organisation_fields: tuple[str, ...] = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and name != "organisation":
                field.queryset = self._choices_for(name, field.queryset)
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()
        self.only_organisation = None
        if "organisation" in self.fields:
            action = Action.CHANGE if self.instance.pk else Action.ADD
            choices = self.organisation_choices(action)
            self.fields["organisation"].queryset = choices
            if not self.instance.pk and choices.count() == 1:
                # Most users work in one organisation: nothing to choose, so nothing to show.
                self.only_organisation = choices.first()
                self.fields["organisation"].initial = self.only_organisation
                self.fields["organisation"].widget = forms.HiddenInput()
                self.fields["organisation"].required = False
        if self.instance.pk and "organisation" in self.fields:
            # Moving a record to another organisation would take its history out of that organisation's books.
            self.fields["organisation"].disabled = True
        self._require_scope_fields()

    def organisation_choices(self, action):
        """The organisations the record may belong to (an import reads them once for all its rows)."""
        return organisations_for(self.user, action, self._meta.model)

    def _require_scope_fields(self):
        """Someone who may only work inside a division or for a contractor must say which one.

        Without it the record would fall outside their own scope, and the service would refuse it anyway; asking for
        the field up front gives a clear message on the form and on each import row instead.
        """
        if getattr(self.user, "is_superuser", False):
            return
        action = Action.CHANGE if self.instance.pk else Action.ADD
        key = model_key(self._meta.model)
        grants = [g for g in grants_of(self.user) if action in actions_of(g.role, key)]
        if not grants:
            return
        if "contractor" in self.fields and all(g.role == Role.CONTRACTOR_REP for g in grants):
            self.fields["contractor"].required = True
        scope_field = "parent" if self._meta.model is models.Division else "division"
        if scope_field in self.fields and all(g.role in DIVISION_SCOPED and g.division_id for g in grants):
            self.fields[scope_field].required = True

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation

    def _choices_for(self, name, queryset):
        """Active records the user may see, plus the one already chosen.

        The current value stays valid even when it has since been deactivated or lies outside the editor's scope
        (a contractor's representative editing their worker, whose division they cannot see): keeping a link is not
        reaching into another scope, making a new one is.
        """
        model = queryset.model
        visible = visible_to(self.user, model, queryset)
        if hasattr(model, "is_active"):
            visible = visible.filter(is_active=True)
        current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
        if current is None:
            return visible
        return queryset.filter(Q(pk__in=visible.values("pk")) | Q(pk=current))

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        if organisation is None:
            return cleaned
        for name in self.same_organisation_fields:
            value = cleaned.get(name)
            related = value.all() if hasattr(value, "all") else [value] if value else []
            if any(getattr(r, "organisation_id", organisation.pk) != organisation.pk for r in related):
                self.add_error(name, _("Choose a record of the same organisation."))
        return cleaned


class TranslatedNameMixin:
    name_field = "name"

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f) or "").strip() for f in translated_fields(self.name_field)):
            raise ValidationError(_("Enter the name in at least one language."))
        return cleaned


NAME_FIELDS = translated_fields("name")


class OrganisationForm(TranslatedNameMixin, ScopedModelForm):
    class Meta:
        model = models.Organisation
        fields = [*NAME_FIELDS, "bin", "parent", "address", "phone", "email"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)


class DivisionForm(TranslatedNameMixin, ScopedModelForm):
    same_organisation_fields = ("parent", "head")

    class Meta:
        model = models.Division
        fields = ["organisation", *NAME_FIELDS, "kind", "code", "parent", "head"]


class FacilityForm(TranslatedNameMixin, ScopedModelForm):
    same_organisation_fields = ("division",)

    class Meta:
        model = models.HazardousFacility
        fields = ["organisation", *NAME_FIELDS, "registration_number", "hazard_class", "division", "location",
                  "latitude", "longitude", "units_count", "buildings_inspection_note", "devices_certification_note",
                  "accidents_note", "training_note"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in (
            "buildings_inspection_note", "devices_certification_note", "accidents_note", "training_note")}


class LocationForm(TranslatedNameMixin, ScopedModelForm):
    same_organisation_fields = ("facility", "parent")

    class Meta:
        model = models.Location
        fields = ["organisation", *NAME_FIELDS, "facility", "kind", "parent", "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:  # only units can hold areas (facility → unit → area)
            self.fields["parent"].queryset = self.fields["parent"].queryset.filter(kind=LocationKind.UNIT)


class BuildingForm(TranslatedNameMixin, ScopedModelForm):
    same_organisation_fields = ("facility",)

    class Meta:
        model = models.BuildingStructure
        fields = ["organisation", *NAME_FIELDS, "kind", "facility", "inventory_number", "commissioned_year",
                  "last_inspection_on", "next_inspection_on"]


class DeviceForm(TranslatedNameMixin, ScopedModelForm):
    same_organisation_fields = ("facility",)

    class Meta:
        model = models.TechnicalDevice
        fields = ["organisation", *NAME_FIELDS, "device_type", "facility", "registration_number", "serial_number",
                  "manufacturer", "manufactured_year", "last_certification_on", "next_certification_on"]


class ContractorForm(TranslatedNameMixin, ScopedModelForm):
    class Meta:
        model = models.Contractor
        fields = ["organisation", *NAME_FIELDS, "bin", "contact_person", "phone", "email", "contract_number"]


class PersonForm(ScopedModelForm):
    same_organisation_fields = ("division", "contractor")

    class Meta:
        model = models.Person
        fields = ["organisation", "iin", "last_name", "first_name", "middle_name", "position_kk", "position_ru",
                  "position_en", "division",
                  "contractor", "phone", "email"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["iin"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{12}", "maxlength": "12"})


class TrainingTypeForm(TranslatedNameMixin, ScopedModelForm):
    class Meta:
        model = models.TrainingType
        fields = ["organisation", *NAME_FIELDS, "code", "validity_months", "has_electrical_group"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Built-in types are shared by every organisation; only user-defined ones are created here.
        self.fields["organisation"].required = True


class TrainingForm(ScopedModelForm):
    same_organisation_fields = ("person",)

    class Meta:
        model = models.Training
        fields = ["organisation", "person", "training_type", "document_number", "passed_on", "valid_until",
                  "electrical_group", "issued_by"]

    def clean(self):
        cleaned = super().clean()
        training_type = cleaned.get("training_type")
        organisation = cleaned.get("organisation")
        if training_type and organisation and training_type.organisation_id not in (None, organisation.pk):
            self.add_error("training_type", _("Choose a record of the same organisation."))
        if training_type and training_type.has_electrical_group and not cleaned.get("electrical_group"):
            self.add_error("electrical_group", _("Enter the electrical safety group."))
        return cleaned


class AppointmentForm(ScopedModelForm):
    same_organisation_fields = ("person", "divisions")

    class Meta:
        model = models.Appointment
        fields = ["organisation", "person", "role", "position", "order_number", "order_date", "valid_from",
                  "valid_until", "whole_organisation", "divisions"]
        widgets = {"divisions": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("whole_organisation") and not cleaned.get("divisions"):
            self.add_error("divisions", _("Choose the divisions the appointment covers, or the whole organisation."))
        return cleaned


class RoleRequirementForm(ScopedModelForm):
    class Meta:
        model = models.RoleTrainingRequirement
        fields = ["organisation", "role", "training_type"]


class LegalActForm(ScopedModelForm):
    class Meta:
        model = models.LegalAct
        fields = ["organisation", "title_kk", "title_ru", "title_en", "number", "adopted_on", "issuer", "status",
                  "lost_force_on"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["organisation"]
        if getattr(user, "is_superuser", False):
            # The superuser keeps the national library: an empty organisation is a national act, even in an
            # installation of one organisation (where the field would otherwise be hidden and filled in).
            self.only_organisation = None
            field.required = False
            field.empty_label = _("national act (every organisation)")
            field.widget = forms.Select()
            field.widget.choices = field.choices
        else:
            # An organisation adds its own internal acts; the national ones are kept for everybody by the superuser.
            field.required = self.only_organisation is None

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f) or "").strip() for f in translated_fields("title")):
            raise ValidationError(_("Enter the title in at least one language."))
        return cleaned


class LegalActClauseForm(ScopedModelForm):
    class Meta:
        model = models.LegalActClause
        fields = ["act", "number", "text_kk", "text_ru", "text_en", "position"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("text_kk", "text_ru", "text_en")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # A clause is added to an act one may change: one's own acts, or the national ones for the superuser.
        self.fields["act"].queryset = permitted(user, Action.CHANGE, models.LegalAct,
                                                self.fields["act"].queryset)

    def clean_position(self):
        # Optional on the form; an empty order sorts the clause first, as the column's default does.
        position = self.cleaned_data.get("position")
        return 0 if position is None else position


class ClauseEditionForm(ScopedModelForm):
    """An edition typed by hand. The usual way is the amendment or the repeal (`core.legal`), which also ends the
    edition before; here the model refuses a period that overlaps another edition's (315 cl.16)."""

    class Meta:
        model = models.ClauseEdition
        fields = ["clause", "in_force_from", "in_force_until", "amending_act", "repealed", "text_kk", "text_ru",
                  "text_en"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("text_kk", "text_ru", "text_en")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["clause"].queryset = permitted(user, Action.CHANGE, models.LegalActClause,
                                                   self.fields["clause"].queryset)


class ImportUploadForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=models.Organisation.objects.none())
    file = forms.FileField(label=_("File (XLSX or CSV)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.only_organisation = organisations.first() if organisations.count() == 1 else None
        if self.only_organisation:
            # Nothing to choose: the field is neither shown nor required.
            self.fields["organisation"].required = False
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or self.only_organisation
