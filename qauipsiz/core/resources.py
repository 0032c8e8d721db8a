"""The register's record types, described once.

Each `Resource` says how one model is listed, filtered, searched, exported, edited and exposed in the API. The generic
views in `views.py`, the exports and the API router read these descriptions, so adding a field to a list or an export
is a one-line change here, and every type behaves the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from . import filters, forms, models

# The labels of the texts kept in three languages (`<field>_kk`, `_ru`, `_en`), whose list column shows the reader's one.
TRANSLATED_LABELS = {"name": _("name"), "position": _("position"), "text": _("text")}


@dataclass(frozen=True)
class Column:
    path: str  # attribute path on the record, with "__" between steps ("facility__division")
    label: object = None  # defaults to the field's verbose name

    def value(self, obj):
        value = obj
        for step in self.path.split("__"):
            if value is None:
                return None
            display = getattr(value, f"get_{step}_display", None)
            value = display() if display else getattr(value, step)
        return value

    def header(self, model: type[Model]):
        if self.label is not None:
            return self.label
        current = model
        for step in self.path.split("__"):
            try:
                fld = current._meta.get_field(step)
            except FieldDoesNotExist:  # a property: its column is given a label in the resource
                # A name kept in three languages reads as its one column (issue 11: "Name" showed in English).
                return TRANSLATED_LABELS.get(step, step.replace("_", " "))
            if fld.is_relation and fld.related_model is not None:
                label, current = fld.verbose_name, fld.related_model
            else:
                label = fld.verbose_name
        return label


@dataclass(frozen=True)
class Related:
    """A list of child records shown on a record's page (a facility's devices, a person's trainings)."""

    resource: str
    fk: str


@dataclass(frozen=True)
class Resource:
    slug: str
    model: type[Model]
    form: type[forms.ScopedModelForm]
    filterset: type[filters.RegisterFilterSet]
    columns: tuple[Column, ...]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    detail_exclude: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    title: Callable[[Model], str] = str
    importable: bool = False
    extra_detail: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self):
        return self.model._meta.verbose_name_plural

    def queryset(self):
        return self.model._default_manager.select_related(*self.select_related).prefetch_related(
            *self.prefetch_related)

    def headers(self):
        return [c.header(self.model) for c in self.columns]

    def detail_columns(self) -> list[Column]:
        names = [n for n in self.form._meta.fields if n not in self.detail_exclude]
        return [Column(n) for n in names] + list(self.extra_detail) + [Column("is_active")]


C = Column

RESOURCES: dict[str, Resource] = {}


def register(resource: Resource) -> Resource:
    RESOURCES[resource.slug] = resource
    return resource


register(Resource(
    slug="organisations", model=models.Organisation, form=forms.OrganisationForm,
    filterset=filters.OrganisationFilterSet, select_related=("parent",),
    columns=(C("name"), C("bin"), C("parent"), C("address")),
    related=(Related("contractors", "organisation"),),
))
register(Resource(
    slug="divisions", model=models.Division, form=forms.DivisionForm, filterset=filters.DivisionFilterSet,
    select_related=("organisation", "parent", "head"),
    columns=(C("tree_name", _("name")), C("kind"), C("code"), C("parent"), C("head"), C("organisation")),
    related=(Related("divisions", "parent"), Related("facilities", "division"), Related("people", "division")),
))
register(Resource(
    slug="facilities", model=models.HazardousFacility, form=forms.FacilityForm, filterset=filters.FacilityFilterSet,
    select_related=("organisation", "division"),
    columns=(C("registration_number"), C("name"), C("hazard_class"), C("division"), C("location"), C("units_count")),
    related=(Related("locations", "facility"), Related("buildings", "facility"), Related("devices", "facility")),
    importable=True,
))
register(Resource(
    slug="locations", model=models.Location, form=forms.LocationForm, filterset=filters.LocationFilterSet,
    select_related=("organisation", "facility", "parent"),
    columns=(C("name"), C("kind"), C("parent"), C("facility"), C("code")),
    related=(Related("locations", "parent"),),
))
register(Resource(
    slug="buildings", model=models.BuildingStructure, form=forms.BuildingForm, filterset=filters.BuildingFilterSet,
    select_related=("organisation", "facility"),
    columns=(C("name"), C("kind"), C("facility"), C("inventory_number"), C("last_inspection_on"),
             C("next_inspection_on")),
))
register(Resource(
    slug="devices", model=models.TechnicalDevice, form=forms.DeviceForm, filterset=filters.DeviceFilterSet,
    select_related=("organisation", "facility"),
    columns=(C("registration_number"), C("name"), C("device_type"), C("facility"), C("serial_number"),
             C("last_certification_on"), C("next_certification_on"), C("state")),
    extra_detail=(C("state"),),
    importable=True,
))
register(Resource(
    slug="contractors", model=models.Contractor, form=forms.ContractorForm, filterset=filters.ContractorFilterSet,
    select_related=("organisation",),
    columns=(C("name"), C("bin"), C("contact_person"), C("phone"), C("contract_number")),
    related=(Related("people", "contractor"),),
))
register(Resource(
    slug="people", model=models.Person, form=forms.PersonForm, filterset=filters.PersonFilterSet,
    select_related=("organisation", "division", "contractor"),
    columns=(C("full_name", _("full name")), C("iin"), C("position"), C("division"), C("contractor")),
    related=(Related("trainings", "person"), Related("appointments", "person")),
    extra_detail=(C("birth_date", _("date of birth")),),
    importable=True,
))
register(Resource(
    slug="training-types", model=models.TrainingType, form=forms.TrainingTypeForm,
    filterset=filters.TrainingTypeFilterSet, select_related=("organisation",),
    columns=(C("name"), C("code"), C("validity_months"), C("has_electrical_group"), C("organisation")),
))
register(Resource(
    slug="trainings", model=models.Training, form=forms.TrainingForm, filterset=filters.TrainingFilterSet,
    select_related=("organisation", "person", "training_type"),
    columns=(C("person"), C("training_type"), C("document_number"), C("passed_on"), C("valid_until"),
             C("electrical_group")),
    importable=True,
))
register(Resource(
    slug="appointments", model=models.Appointment, form=forms.AppointmentForm,
    filterset=filters.AppointmentFilterSet, select_related=("organisation", "person"),
    prefetch_related=("divisions",),
    columns=(C("person"), C("role"), C("position"), C("order_number"), C("order_date"), C("valid_from"),
             C("valid_until")),
))
register(Resource(
    slug="role-requirements", model=models.RoleTrainingRequirement, form=forms.RoleRequirementForm,
    filterset=filters.RoleRequirementFilterSet, select_related=("organisation", "training_type"),
    columns=(C("role"), C("training_type"), C("organisation")),
))
register(Resource(
    slug="legal-acts", model=models.LegalAct, form=forms.LegalActForm, filterset=filters.LegalActFilterSet,
    select_related=("organisation",),
    columns=(C("title", _("title")), C("number"), C("adopted_on"), C("issuer"), C("status"), C("lost_force_on"),
             C("library", _("library"))),
    related=(Related("clauses", "act"),),
    extra_detail=(C("library", _("library")),),
))
register(Resource(
    slug="clauses", model=models.LegalActClause, form=forms.LegalActClauseForm,
    filterset=filters.LegalActClauseFilterSet, select_related=("act", "act__organisation"),
    columns=(C("act"), C("number"), C("text", _("text"))),
    related=(Related("clause-editions", "clause"),),
))
register(Resource(
    slug="clause-editions", model=models.ClauseEdition, form=forms.ClauseEditionForm,
    filterset=filters.ClauseEditionFilterSet,
    select_related=("clause", "clause__act", "clause__act__organisation", "amending_act"),
    columns=(C("clause"), C("in_force_from"), C("in_force_until"), C("state", _("state")), C("amending_act"),
             C("text", _("text"))),
))


def resource_for(model: type[Model]) -> Resource | None:
    return next((r for r in RESOURCES.values() if r.model is model), None)
