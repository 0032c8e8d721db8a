from django.urls import path

from qauipsiz.acts.web import act_urls

from .views import plan_imports, plans

app_name = "control"

urlpatterns = [
    *act_urls("control"),
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
