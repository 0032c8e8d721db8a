from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("read/", views.mark_read, name="mark-read"),
    path("<int:pk>/open/", views.notice_open, name="open"),
]
