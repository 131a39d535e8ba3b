from django.urls import path

from paramount.guidance import views

app_name = "guidance"

urlpatterns = [
    path("cases/<int:case_id>/children/<int:child_id>/", views.sheet, name="sheet"),
    path("cases/<int:case_id>/children/<int:child_id>/pdf/", views.sheet_download, name="pdf"),
    path("sections/", views.sections, name="sections"),
    path("sections/new/", views.add, name="add"),
    path("sections/<slug:key>/", views.section, name="section"),
    path("sections/<slug:key>/versions/<int:version>/", views.section, name="version"),
    path("sections/<slug:key>/edit/", views.edit, name="edit"),
    path("sections/<slug:key>/retire/", views.retire, name="retire"),
]
