from django.urls import path

from . import views

app_name = "toydomain"

urlpatterns = [path("records/", views.records, name="records"),
               path("records/<int:pk>/", views.detail, name="detail")]
