from django.urls import path

from qauipsiz.acts.web import act_urls

from .views import (
    accident_imports,
    accidents,
    examinations,
    legal,
    people,
    plan_imports,
    plans,
    regulation,
    regulation_criteria,
    removal,
    state_prescriptions,
)

app_name = "control"

urlpatterns = [
    *act_urls("control"),
    # The people of production control (315 cl.3, cl.6.6).
    path("service/", people.service_page, name="people-service"),
    path("service/appoint/", people.appoint_page, name="people-appoint"),
    path("appointments/<int:pk>/", people.appointment_page, name="people-appointment"),
    path("appointments/<int:pk>/end/", people.end_page, name="people-end"),

    # The Regulation on production control (315 cl.5-6); its approval is the act page above.
    path("regulation/", regulation.regulation_list, name="regulation-list"),
    path("regulation/start/", regulation.regulation_start, name="regulation-start"),
    path("regulation/<int:pk>/", regulation.regulation_detail, name="regulation-detail"),
    path("regulation/<int:pk>/wording/<str:section>/", regulation.regulation_narrative, name="regulation-narrative"),
    path("regulation/<int:pk>/pdf/<str:language>/", regulation.regulation_pdf_view, name="regulation-pdf"),
    path("regulation/<int:pk>/docx/<str:language>/", regulation.regulation_docx_view, name="regulation-docx"),
    path("regulation/criteria/", regulation_criteria.criteria_list, name="regulation-criteria"),
    path("regulation/criteria/defaults/", regulation_criteria.criteria_defaults, name="regulation-criteria-defaults"),
    path("regulation/criteria/new/", regulation_criteria.criterion_form, name="regulation-criterion-new"),
    path("regulation/criteria/<int:pk>/", regulation_criteria.criterion_form, name="regulation-criterion-edit"),
    path("regulation/criteria/<int:pk>/active/", regulation_criteria.criterion_set_active,
         name="regulation-criterion-active"),

    # Examinations and removal from work (315 cl.4.6, cl.4.7, cl.26.5, cl.27.4)
    path("examinations/", examinations.examination_list, name="examinations"),
    path("examinations/export/", examinations.examination_export, name="examinations-export"),
    path("examinations/new/", examinations.examination_create, name="examination-create"),
    path("examinations/import/", examinations.examination_import_page, name="examination-import"),
    path("examinations/import/template/", examinations.examination_import_template,
         name="examination-import-template"),
    path("examinations/import/<str:token>/", examinations.examination_import_preview,
         name="examination-import-preview"),
    path("examinations/<int:pk>/", examinations.examination_detail, name="examination"),
    path("examinations/<int:pk>/edit/", examinations.examination_update, name="examination-update"),
    path("examinations/<int:pk>/files/", examinations.examination_file_add, name="examination-file-add"),
    path("examinations/<int:pk>/files/<int:file_id>/", examinations.examination_file, name="examination-file"),
    path("training-lapses/", removal.lapse_list, name="lapses"),
    path("training-lapses/export/", removal.lapse_export, name="lapses-export"),
    path("removals/", removal.removal_list, name="removals"),
    path("removals/new/", removal.removal_propose_page, name="removal-propose"),
    path("removals/<int:pk>/", removal.removal_detail, name="removal"),

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

    # legal acts: changes to acknowledge (315 cl.4.11)
    path("changes/", legal.notice_list, name="change-notices"),
    path("changes/new/", legal.notice_new, name="change-notice-new"),
    path("changes/<int:pk>/", legal.notice_detail, name="change-notice"),
    path("changes/<int:pk>/not-acknowledged.xlsx", legal.notice_pending_xlsx, name="change-notice-pending-xlsx"),
    path("my-changes/", legal.my_changes, name="my-changes"),
    path("my-changes/<int:pk>/", legal.receipt_detail, name="change-receipt"),
    path("my-changes/<int:pk>/acknowledge/", legal.receipt_acknowledge, name="change-receipt-acknowledge"),

    # Plans (315 cl.4.1, cl.4.5, cl.26.1)
    path("plans/", plans.plan_list, name="plans"),
    path("plans/execution/", plans.execution_page, name="plan-execution"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/v<int:number>/", plans.version_detail, name="plan-version"),
    path("plans/<int:pk>/v<int:number>/xlsx/", plans.version_export, name="plan-export"),
    path("plans/<int:pk>/diff/", plans.version_diff_page, name="plan-diff"),
    path("plans/<int:pk>/items/add/", plans.item_add, name="plan-item-add"),
    path("plans/<int:pk>/import/", plan_imports.plan_import_page, name="plan-import"),
    path("plans/<int:pk>/new-version/", plans.version_new, name="plan-new-version"),
    path("plans/items/<int:pk>/", plans.item_detail, name="plan-item"),
    path("plans/items/<int:pk>/edit/", plans.item_edit, name="plan-item-edit"),
    path("plans/items/<int:pk>/remove/", plans.item_remove, name="plan-item-remove"),
    path("plans/evidence/<int:pk>/", plans.evidence_download, name="plan-evidence"),
]
