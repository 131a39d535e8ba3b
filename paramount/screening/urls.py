from django.urls import path

from paramount.screening import views

app_name = "screening"

urlpatterns = [
    path("<int:family_id>/decision/", views.decision, name="decision"),
    path("<int:family_id>/countersign/", views.countersign, name="countersign"),
]
