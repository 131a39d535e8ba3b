from django.urls import path

from paramount.families import views

app_name = "families"

urlpatterns = [
    path("", views.family_list, name="list"),
    path("overdue/", views.overdue, name="overdue"),
    path("<int:family_id>/", views.family, name="family"),
    path("<int:family_id>/timeline/", views.timeline, name="timeline"),
]
