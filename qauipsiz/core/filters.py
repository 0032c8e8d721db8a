"""List filters for the register (django-filter). The pages, the XLSX export and the API use the same filter sets."""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qauipsiz.accounts.policy import visible_to

from . import models
from .i18n import search_translations, translated_fields

ACTIVE_CHOICES = (("active", _("Active")), ("inactive", _("Deactivated")), ("all", pgettext_lazy("filter", "All")))
VALIDITY_CHOICES = (
    ("valid", _("Valid")),
    ("expiring", _("Expires within 30 days")),
    ("expired", _("Expired")),
)
EXPIRING_DAYS = 30


def today() -> datetime.date:
    return timezone.localdate()


class RegisterFilterSet(filters.FilterSet):
    """Search box, active/deactivated switch, and related-record choices limited to what the user may see."""

    q = filters.CharFilter(label=_("Search"), method="search",
                           widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search")}))
    active = filters.ChoiceFilter(label=_("Status"), choices=ACTIVE_CHOICES, method="filter_active",
                                  empty_label=None)

    search_fields: tuple[str, ...] = ()
    translated_search: tuple[str, ...] = ("name",)

    def __init__(self, data=None, *args, request=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("active", "active")
        super().__init__(data, *args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for field in self.form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and user is not None:
                field.queryset = visible_to(user, queryset.model, queryset)
        # Search first; an organisation filter only for those who see more than one organisation.
        fields = self.form.fields
        organisation = fields.get("organisation")
        if organisation is not None and organisation.queryset.count() <= 1:
            del fields["organisation"]
        self.form.fields = {"q": fields.pop("q"), **fields}

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q()
        for field in self.translated_search:
            query |= search_translations(field, value)
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    def filter_active(self, queryset, name, value):
        if value == "all" or not hasattr(queryset.model, "is_active"):
            return queryset
        return queryset.filter(is_active=(value != "inactive"))


class DivisionSubtreeFilter(filters.ModelChoiceFilter):
    """A division filter that also matches everything under the chosen division."""

    def __init__(self, *args, path: str, **kwargs):
        self.division_path = path
        kwargs.setdefault("queryset", models.Division.objects.all())
        kwargs.setdefault("label", _("Division"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.division_path}path__startswith": value.path})


class OrganisationFilterSet(RegisterFilterSet):
    search_fields = ("bin", "address")

    class Meta:
        model = models.Organisation
        fields = ["parent"]


class DivisionFilterSet(RegisterFilterSet):
    search_fields = ("code",)
    within = DivisionSubtreeFilter(path="", label=_("Within division"))

    class Meta:
        model = models.Division
        fields = ["organisation", "kind"]


class FacilityFilterSet(RegisterFilterSet):
    search_fields = ("registration_number", "location")
    division = DivisionSubtreeFilter(path="division__")

    class Meta:
        model = models.HazardousFacility
        fields = ["organisation", "hazard_class"]


def _due_filter(field: str):
    def apply(self, queryset, name, value):
        if not value:
            return queryset
        horizon = today() + datetime.timedelta(days=EXPIRING_DAYS)
        if value == "expired":
            return queryset.filter(**{f"{field}__lt": today()})
        if value == "expiring":
            return queryset.filter(**{f"{field}__gte": today(), f"{field}__lte": horizon})
        return queryset.filter(Q(**{f"{field}__gt": horizon}) | Q(**{f"{field}__isnull": True}))

    return apply


DUE_CHOICES = (
    ("valid", _("Not due within 30 days")),
    ("expiring", _("Due within 30 days")),
    ("expired", _("Overdue")),
)


class LocationFilterSet(RegisterFilterSet):
    search_fields = ("code",)
    division = DivisionSubtreeFilter(path="facility__division__")

    class Meta:
        model = models.Location
        fields = ["organisation", "facility", "kind", "parent"]


class BuildingFilterSet(RegisterFilterSet):
    search_fields = ("inventory_number",)
    division = DivisionSubtreeFilter(path="facility__division__")
    inspection = filters.ChoiceFilter(label=_("Technical inspection"), choices=DUE_CHOICES, method="filter_inspection")
    filter_inspection = _due_filter("next_inspection_on")

    class Meta:
        model = models.BuildingStructure
        fields = ["organisation", "facility", "kind"]


class DeviceFilterSet(RegisterFilterSet):
    search_fields = ("registration_number", "serial_number", "manufacturer")
    division = DivisionSubtreeFilter(path="facility__division__")
    certification = filters.ChoiceFilter(label=_("Technical certification"), choices=DUE_CHOICES,
                                         method="filter_certification")
    filter_certification = _due_filter("next_certification_on")

    class Meta:
        model = models.TechnicalDevice
        fields = ["organisation", "facility", "device_type", "state"]


class ContractorFilterSet(RegisterFilterSet):
    search_fields = ("bin", "contact_person", "contract_number")

    class Meta:
        model = models.Contractor
        fields = ["organisation"]


EMPLOYER_CHOICES = (("own", _("Own employees")), ("contractors", _("Contractors' staff")))


class PersonFilterSet(RegisterFilterSet):
    translated_search = ()
    search_fields = ("iin", "last_name", "first_name", "middle_name", *translated_fields("position"))
    division = DivisionSubtreeFilter(path="division__")
    employer = filters.ChoiceFilter(label=_("Employer"), choices=EMPLOYER_CHOICES, method="filter_employer")

    class Meta:
        model = models.Person
        fields = ["organisation", "contractor"]

    def filter_employer(self, queryset, name, value):
        if value == "own":
            return queryset.filter(contractor__isnull=True)
        if value == "contractors":
            return queryset.filter(contractor__isnull=False)
        return queryset


class TrainingTypeFilterSet(RegisterFilterSet):
    search_fields = ("code",)

    class Meta:
        model = models.TrainingType
        fields = ["organisation"]


class TrainingFilterSet(RegisterFilterSet):
    translated_search = ()
    search_fields = ("document_number", "person__iin", "person__last_name", "person__first_name", "issued_by")
    division = DivisionSubtreeFilter(path="person__division__")
    validity = filters.ChoiceFilter(label=_("Validity"), choices=VALIDITY_CHOICES, method="filter_validity")
    filter_validity = _due_filter("valid_until")

    class Meta:
        model = models.Training
        fields = ["organisation", "training_type", "person"]


class AppointmentFilterSet(RegisterFilterSet):
    translated_search = ()
    search_fields = ("order_number", "person__iin", "person__last_name", "person__first_name")
    current = filters.BooleanFilter(label=_("Valid today"), method="filter_current")

    class Meta:
        model = models.Appointment
        fields = ["organisation", "role", "person"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        now = today()
        valid = Q(valid_from__lte=now) & (Q(valid_until__isnull=True) | Q(valid_until__gte=now))
        return queryset.filter(valid) if value else queryset.exclude(valid)


class RoleRequirementFilterSet(RegisterFilterSet):
    translated_search = ()
    search_fields = ("training_type__name_kk", "training_type__name_ru", "training_type__name_en")

    class Meta:
        model = models.RoleTrainingRequirement
        fields = ["organisation", "role", "training_type"]


LIBRARY_CHOICES = (("national", _("National acts")), ("own", _("Own acts of the organisation")))


class LegalActFilterSet(RegisterFilterSet):
    translated_search = ("title",)
    search_fields = ("number", "issuer")
    library = filters.ChoiceFilter(label=_("Library"), choices=LIBRARY_CHOICES, method="filter_library")

    class Meta:
        model = models.LegalAct
        fields = ["organisation", "status"]

    def filter_library(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(organisation__isnull=value == "national")


class LegalActClauseFilterSet(RegisterFilterSet):
    translated_search = ("text",)
    search_fields = ("number",)

    class Meta:
        model = models.LegalActClause
        fields = ["act"]


class ClauseEditionFilterSet(RegisterFilterSet):
    translated_search = ("text",)
    search_fields = ("clause__number",)
    in_force_on = filters.DateFilter(label=_("In force on"), method="filter_in_force_on",
                                     widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = models.ClauseEdition
        fields = ["clause", "amending_act", "repealed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clause = self.form.fields["clause"]
        clause.queryset = clause.queryset.select_related("act")  # each choice names its act

    def filter_in_force_on(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(in_force_until__isnull=True) | Q(in_force_until__gte=value), in_force_from__lte=value)
