from django.urls import path

from qauipsiz.acts.web import act_urls

from .views import examinations, removal

app_name = "control"

urlpatterns = [
    *act_urls("control"),
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
]
