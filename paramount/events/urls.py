from django.urls import path

from paramount.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_new, name="new"),
    path("<int:event_id>/", views.event, name="event"),
    path("<int:event_id>/cancel/", views.cancel, name="cancel"),
    path("cases/<int:case_id>/invite/", views.invite, name="invite"),
    path("invitations/<int:invitation_id>/response/", views.respond, name="respond"),
    path("invitations/<int:invitation_id>/attendance/", views.attendance, name="attendance"),
]
