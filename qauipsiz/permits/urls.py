from django.urls import path

from qauipsiz.acts.web import act_urls

from . import worktypes
from .views import analytics, board, certificates, drafting, emergencies, parts_policy, pickers, register, wall

app_name = "permits"

urlpatterns = [
    path("", drafting.permit_list, name="list"),
    path("board/", board.board, name="board"),
    # The wall board (issue 11): for a signed-in user, and for a kiosk link without a session.
    path("board/wall/", wall.wall, name="wall"),
    path("kiosk/<str:key>/", wall.kiosk, name="kiosk"),
    path("kiosk-links/", wall.kiosk_links, name="kiosk-links"),
    path("tasks/", board.my_tasks, name="tasks"),
    path("analytics/", analytics.analytics_page, name="analytics"),  # issue 11: charts of the permits one sees
    path("new/", drafting.permit_create, name="create"),
    path("new/measures/", drafting.measures_formset, name="measures-formset"),
    path("new/pickers/", pickers.draft_pickers, name="draft-pickers"),
    path("register/", register.register, name="register"),
    path("register/register.pdf", register.register_pdf, name="register-pdf"),
    path("register/register.xlsx", register.register_xlsx, name="register-xlsx"),
    # The permit and the acts of its life.
    path("<int:pk>/", drafting.permit_detail, name="detail"),
    path("<int:pk>/permit.pdf", drafting.permit_pdf, name="pdf"),
    path("<int:pk>/edit/", drafting.permit_edit, name="edit"),
    path("<int:pk>/edit/pickers/", pickers.edit_pickers, name="edit-pickers"),
    # The acts of its life, each from its registration (`registered.py`): `permits:issue`, `permits:crew-brief`, ...
    *act_urls("permits"),
    path("<int:pk>/attachments/new/", drafting.attachment_add, name="attachment-add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", drafting.attachment_download, name="attachment"),
    # Issue 11: the permit page's crew form, several members at once (the act's own page adds one: `crew-add`).
    path("<int:pk>/crew/several/", drafting.crew_add_several, name="crew-add-several"),
    # Admission certificates (Annex 3).
    path("certificates/", certificates.certificate_list, name="certificate-list"),
    path("certificates/new/", certificates.certificate_create, name="certificate-create"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate-detail"),
    path("certificates/<int:pk>/sign/", certificates.certificate_sign, name="certificate-sign"),
    path("certificates/<int:pk>/measures/<int:measure_pk>/done/", certificates.certificate_measure_complete,
         name="certificate-measure-done"),
    path("certificates/<int:pk>/cancel/", certificates.certificate_cancel, name="certificate-cancel"),
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
    # Who may hold two parts of one permit (344 cl.19; the law is silent): the organisation's policy.
    path("parts-policy/", parts_policy.parts_policy, name="parts-policy"),
]
