from django.urls import path

from qauipsiz.acts.web import act_urls

from .views import legal

app_name = "control"

urlpatterns = [
    *act_urls("control"),
    # legal acts: changes to acknowledge (315 cl.4.11)
    path("changes/", legal.notice_list, name="change-notices"),
    path("changes/new/", legal.notice_new, name="change-notice-new"),
    path("changes/<int:pk>/", legal.notice_detail, name="change-notice"),
    path("changes/<int:pk>/not-acknowledged.xlsx", legal.notice_pending_xlsx, name="change-notice-pending-xlsx"),
    path("my-changes/", legal.my_changes, name="my-changes"),
    path("my-changes/<int:pk>/", legal.receipt_detail, name="change-receipt"),
    path("my-changes/<int:pk>/acknowledge/", legal.receipt_acknowledge, name="change-receipt-acknowledge"),
]
