from django.urls import path

from qauipsiz.acts.web import act_urls

from .views import accident_imports, accidents, state_prescriptions

app_name = "control"

urlpatterns = [
    *act_urls("control"),
    # Accidents, incidents and injuries (315 cl.4.12)
    path("accidents/", accidents.accident_list, name="accidents"),
    path("accidents/export/", accidents.accident_export, name="accidents-export"),
    path("accidents/import/", accident_imports.accidents_import, name="accidents-import"),
    path("accidents/import/<str:token>/", accident_imports.accidents_import_preview, name="accidents-import-preview"),
    path("accidents/new/", accidents.accident_new, name="accident-new"),
    path("accidents/<int:pk>/", accidents.accident_detail, name="accident"),
    path("accidents/<int:pk>/victims/add/", accidents.victim_add, name="accident-victim-add"),
    path("accidents/<int:pk>/measures/add/", accidents.measure_add, name="accident-measure-add"),
    path("accidents/<int:pk>/measures/<int:measure_pk>/done/", accidents.measure_done, name="accident-measure-done"),
    path("accidents/<int:pk>/materials/add/", accidents.material_add, name="accident-material-add"),
    path("accidents/<int:pk>/materials/<int:material_pk>/", accidents.material_download, name="accident-material"),
    path("accidents/<int:pk>/permits/link/", accidents.permit_link, name="accident-permit-link"),
    # Prescriptions of the state authority (315 cl.26.3)
    path("state-prescriptions/", state_prescriptions.prescription_list, name="state-prescriptions"),
    path("state-prescriptions/export/", state_prescriptions.prescription_export, name="state-prescriptions-export"),
    path("state-prescriptions/new/", state_prescriptions.prescription_new, name="state-prescription-new"),
    path("state-prescriptions/<int:pk>/", state_prescriptions.prescription_detail, name="state-prescription"),
    path("state-prescriptions/<int:pk>/items/<int:item_pk>/done/", state_prescriptions.item_done,
         name="state-prescription-item-done"),
    path("state-prescriptions/<int:pk>/evidence/<int:evidence_pk>/", state_prescriptions.evidence_download,
         name="state-prescription-evidence"),
]
