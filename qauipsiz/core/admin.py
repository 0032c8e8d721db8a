"""The installation superuser's back office. Day-to-day work happens on the register pages, which apply the scopes."""

from django.contrib import admin

from . import models, services


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "bin", "parent", "is_active"]
    search_fields = ["name_kk", "name_ru", "name_en", "bin"]


@admin.register(models.Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "kind", "parent", "is_active"]
    search_fields = ["name_kk", "name_ru", "name_en", "code"]
    list_filter = ["organisation", "kind"]
    readonly_fields = ["path"]

    def save_model(self, request, obj, form, change):
        # The service keeps the subtree paths that every scope check relies on.
        service = services.record_update if change else services.record_create
        service(by=request.user, instance=obj)


@admin.register(models.Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "bin", "organisation", "is_active"]
    search_fields = ["name_kk", "name_ru", "name_en", "bin"]


for model in (models.HazardousFacility, models.Location, models.BuildingStructure, models.TechnicalDevice,
              models.Person, models.TrainingType, models.Training, models.Appointment, models.RoleTrainingRequirement,
              models.LegalAct, models.LegalActClause):
    admin.site.register(model)
