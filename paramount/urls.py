from django.urls import include, path

from paramount.api.views import api
from paramount.outreach import views as outreach_views

urlpatterns = [
    path("", include("paramount.web.urls")),
    path("identifications/", include("paramount.identification.urls")),
    path("families/", include("paramount.families.urls")),
    path("screening/", include("paramount.screening.urls")),
    path("outreach/", include("paramount.outreach.urls")),
    path("support/", include("paramount.support.urls")),
    path("guidance/", include("paramount.guidance.urls")),
    path("events/", include("paramount.events.urls")),
    path("feeds/", include("paramount.feeds.urls")),
    path("linkage/", include("paramount.linkage.urls")),
    path("api/v1/", api.urls),
    # Public: the family's own self-referral, with the reference an officer left with them.
    path("self-referral/", outreach_views.self_referral, name="self_referral"),
    path("self-referral/sent/", outreach_views.self_referral_sent, name="self_referral_sent"),
]
