from django.urls import include, path

urlpatterns = [
    path("", include("paramount.web.urls")),
    path("identifications/", include("paramount.identification.urls")),
    path("feeds/", include("paramount.feeds.urls")),
    path("linkage/", include("paramount.linkage.urls")),
]
