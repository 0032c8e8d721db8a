from django.urls import path

from . import worktypes
from .views import admission, board, certificates, drafting, emergencies, register, shifts, stopping

app_name = "permits"

urlpatterns = [
    path("", drafting.permit_list, name="list"),
    path("board/", board.board, name="board"),
    path("tasks/", board.my_tasks, name="tasks"),
    path("new/", drafting.permit_create, name="create"),
    path("new/measures/", drafting.measures_formset, name="measures-formset"),
    path("register/", register.register, name="register"),
    path("register/register.pdf", register.register_pdf, name="register-pdf"),
    path("register/register.xlsx", register.register_xlsx, name="register-xlsx"),
    # The permit and the acts of its life.
    path("<int:pk>/", drafting.permit_detail, name="detail"),
    path("<int:pk>/permit.pdf", drafting.permit_pdf, name="pdf"),
    path("<int:pk>/edit/", drafting.permit_edit, name="edit"),
    path("<int:pk>/issue/", admission.permit_issue, name="issue"),
    path("<int:pk>/cancel/", admission.permit_cancel, name="cancel"),
    path("<int:pk>/measures/<int:measure_pk>/complete/", admission.measure_complete, name="measure-complete"),
    path("<int:pk>/joint-measures/", admission.joint_measures_agree, name="joint-measures"),
    path("<int:pk>/air-samples/new/", admission.air_sample_record, name="air-sample"),
    path("<int:pk>/approve/", admission.permit_approve, name="approve"),
    path("<int:pk>/admit/", admission.permit_admit, name="admit"),
    path("<int:pk>/accept-workplace/", admission.permit_accept_workplace, name="accept"),
    path("<int:pk>/crew/add/", admission.crew_add, name="crew-add"),
    path("<int:pk>/crew/<int:member_pk>/remove/", admission.crew_remove, name="crew-remove"),
    path("<int:pk>/crew/<int:member_pk>/brief/", admission.crew_brief, name="crew-brief"),
    path("<int:pk>/start/", admission.permit_start_work, name="start"),
    path("<int:pk>/pause/", shifts.permit_pause, name="pause"),
    path("<int:pk>/hand-over-shift/", shifts.permit_hand_over_shift, name="hand-over"),
    path("<int:pk>/readmit/", shifts.permit_readmit, name="readmit"),
    path("<int:pk>/extend/", shifts.permit_extend, name="extend"),
    path("<int:pk>/suspend/", stopping.permit_suspend, name="suspend"),
    path("<int:pk>/resume/", stopping.permit_resume, name="resume"),
    path("<int:pk>/terminate/", stopping.permit_terminate, name="terminate"),
    path("<int:pk>/report-lost/", stopping.permit_report_lost, name="report-lost"),
    path("<int:pk>/hand-back/", stopping.permit_hand_back, name="hand-back"),
    path("<int:pk>/close/", stopping.permit_close, name="close"),
    path("<int:pk>/attachments/new/", drafting.attachment_add, name="attachment-add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", drafting.attachment_download, name="attachment"),
    # Admission certificates (Annex 3).
    path("certificates/", certificates.certificate_list, name="certificate-list"),
    path("certificates/new/", certificates.certificate_create, name="certificate-create"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate-detail"),
    path("certificates/<int:pk>/sign/", certificates.certificate_sign, name="certificate-sign"),
    path("certificates/<int:pk>/certificate.pdf", certificates.certificate_pdf, name="certificate-pdf"),
    # Emergency works (344 cl.12).
    path("emergencies/", emergencies.emergency_list, name="emergency-list"),
    path("emergencies/new/", emergencies.emergency_create, name="emergency-create"),
    path("emergencies/<int:pk>/", emergencies.emergency_detail, name="emergency-detail"),
    path("emergencies/<int:pk>/threat-eliminated/", emergencies.emergency_threat_eliminated,
         name="emergency-threat-eliminated"),
    path("work-types/", worktypes.work_type_list, name="work-types"),
    path("work-types/new/", worktypes.work_type_edit, name="work-type-create"),
    path("work-types/<int:pk>/edit/", worktypes.work_type_edit, name="work-type-edit"),
]
