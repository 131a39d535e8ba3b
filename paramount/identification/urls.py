from django.urls import path

from paramount.identification import views

app_name = "identification"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    # Before the identification route: "review" is not an identification id.
    path("review/", views.review_queue, name="review"),
    path("<str:identification_id>/", views.identification, name="identification"),
]
