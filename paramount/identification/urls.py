from django.urls import path

from paramount.identification import views

app_name = "identification"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("<str:identification_id>/", views.identification, name="identification"),
]
