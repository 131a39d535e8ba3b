from django.urls import path

from paramount.linkage import views

app_name = "linkage"

urlpatterns = [
    path("model/", views.model, name="model"),
]
