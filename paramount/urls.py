from django.urls import include, path

urlpatterns = [
    path("", include("paramount.web.urls")),
]
