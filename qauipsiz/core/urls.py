from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("<slug:slug>/", views.record_list, name="list"),
    path("<slug:slug>/export.xlsx", views.record_export, name="export"),
    path("<slug:slug>/new/", views.record_create, name="create"),
    path("<slug:slug>/import/", views.record_import, name="import"),
    path("<slug:slug>/import/template.xlsx", views.import_template, name="import-template"),
    path("<slug:slug>/import/<str:token>/", views.import_preview, name="import-preview"),
    path("<slug:slug>/<int:pk>/", views.record_detail, name="detail"),
    path("<slug:slug>/<int:pk>/edit/", views.record_edit, name="edit"),
    path("<slug:slug>/<int:pk>/deactivate/", views.record_set_active, {"active": False}, name="deactivate"),
    path("<slug:slug>/<int:pk>/activate/", views.record_set_active, {"active": True}, name="activate"),
    path("devices/<int:pk>/state/", views.device_state, name="device-state"),
]
