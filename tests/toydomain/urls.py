from django.urls import path

from qauipsiz.acts.web import act_urls

from . import views

app_name = "toydomain"

urlpatterns = [path("records/", views.records, name="records"),
               path("records/<int:pk>/", views.detail, name="detail"),
               # The pages of the toy's registered acts (its `Domain.acts`).
               *act_urls("toydomain")]
