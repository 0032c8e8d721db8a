from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("retention/", views.retention_page, name="retention"),
    path("retention/holds/<int:pk>/release/", views.hold_release, name="hold-release"),
    path("retention/permits/<int:pk>/purge/", views.permit_purge, name="permit-purge"),
]
