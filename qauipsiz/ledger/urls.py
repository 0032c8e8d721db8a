from django.urls import path

from . import retention, views

app_name = "ledger"

urlpatterns = [
    path("retention/", views.retention_page, name="retention"),
    path("retention/holds/<int:pk>/release/", views.hold_release, name="hold-release"),
]
# One purge address per record type a retention rule governs (`retention/permits/<pk>/purge/`, name `permit-purge`).
# This module is imported once every app is ready, so every domain's rule is registered by then.
urlpatterns += [
    path(f"retention/{rule.slug}/<int:pk>/purge/", views.record_purge, {"label": label}, name=f"{rule.name}-purge")
    for label, rule in retention.rules().items() if rule.slug
]
