from django.urls import path

from qauipsiz.acts.web import act_urls

from .views import people

app_name = "control"

urlpatterns = [
    *act_urls("control"),
    # The people of production control (315 cl.3, cl.6.6).
    path("service/", people.service_page, name="people-service"),
    path("service/appoint/", people.appoint_page, name="people-appoint"),
    path("appointments/<int:pk>/", people.appointment_page, name="people-appointment"),
    path("appointments/<int:pk>/end/", people.end_page, name="people-end"),
]
