from django.urls import path

from . import views, worktypes

app_name = "permits"

urlpatterns = [
    path("", views.permit_list, name="list"),
    path("board/", views.board, name="board"),
    path("tasks/", views.my_tasks, name="tasks"),
    path("new/", views.permit_create, name="create"),
    path("new/measures/", views.measures_formset, name="measures-formset"),
    path("register/", views.register, name="register"),
    path("register/register.pdf", views.register_pdf, name="register-pdf"),
    path("register/register.xlsx", views.register_xlsx, name="register-xlsx"),
    # The permit and the acts of its life.
    path("<int:pk>/", views.permit_detail, name="detail"),
    path("<int:pk>/permit.pdf", views.permit_pdf, name="pdf"),
    path("<int:pk>/edit/", views.permit_edit, name="edit"),
    path("<int:pk>/issue/", views.permit_issue, name="issue"),
    path("<int:pk>/cancel/", views.permit_cancel, name="cancel"),
    path("<int:pk>/measures/<int:measure_pk>/complete/", views.measure_complete, name="measure-complete"),
    path("<int:pk>/joint-measures/", views.joint_measures_agree, name="joint-measures"),
    path("<int:pk>/air-samples/new/", views.air_sample_record, name="air-sample"),
    path("<int:pk>/approve/", views.permit_approve, name="approve"),
    path("<int:pk>/admit/", views.permit_admit, name="admit"),
    path("<int:pk>/accept-workplace/", views.permit_accept_workplace, name="accept"),
    path("<int:pk>/crew/add/", views.crew_add, name="crew-add"),
    path("<int:pk>/crew/<int:member_pk>/remove/", views.crew_remove, name="crew-remove"),
    path("<int:pk>/crew/<int:member_pk>/brief/", views.crew_brief, name="crew-brief"),
    path("<int:pk>/start/", views.permit_start_work, name="start"),
    path("<int:pk>/pause/", views.permit_pause, name="pause"),
    path("<int:pk>/hand-over-shift/", views.permit_hand_over_shift, name="hand-over"),
    path("<int:pk>/readmit/", views.permit_readmit, name="readmit"),
    path("<int:pk>/extend/", views.permit_extend, name="extend"),
    path("<int:pk>/suspend/", views.permit_suspend, name="suspend"),
    path("<int:pk>/resume/", views.permit_resume, name="resume"),
    path("<int:pk>/terminate/", views.permit_terminate, name="terminate"),
    path("<int:pk>/report-lost/", views.permit_report_lost, name="report-lost"),
    path("<int:pk>/hand-back/", views.permit_hand_back, name="hand-back"),
    path("<int:pk>/close/", views.permit_close, name="close"),
    path("<int:pk>/attachments/new/", views.attachment_add, name="attachment-add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    # Admission certificates (Annex 3).
    path("certificates/", views.certificate_list, name="certificate-list"),
    path("certificates/new/", views.certificate_create, name="certificate-create"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path("certificates/<int:pk>/sign/", views.certificate_sign, name="certificate-sign"),
    path("certificates/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate-pdf"),
    # Emergency works (344 cl.12).
    path("emergencies/", views.emergency_list, name="emergency-list"),
    path("emergencies/new/", views.emergency_create, name="emergency-create"),
    path("emergencies/<int:pk>/", views.emergency_detail, name="emergency-detail"),
    path("emergencies/<int:pk>/threat-eliminated/", views.emergency_threat_eliminated,
         name="emergency-threat-eliminated"),
    path("work-types/", worktypes.work_type_list, name="work-types"),
    path("work-types/new/", worktypes.work_type_edit, name="work-type-create"),
    path("work-types/<int:pk>/edit/", worktypes.work_type_edit, name="work-type-edit"),
]
