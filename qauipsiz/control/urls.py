from django.urls import path  # noqa: F401  (each sub-domain's pages are added below)

from qauipsiz.acts.web import act_urls

app_name = "control"

urlpatterns = [
    *act_urls("control"),
]
