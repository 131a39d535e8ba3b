from django.urls import path

from paramount.feeds import views

app_name = "feeds"

urlpatterns = [
    path("", views.batches, name="batches"),
    path("<int:batch_id>/", views.batch, name="batch"),
]
