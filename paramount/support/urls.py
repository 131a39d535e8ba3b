"""The partner organisation's pages. One block per concern; each block's views live in the
module of the same name under ``views/``."""

from django.urls import path

from paramount.support.views import cases
from paramount.support.views import sessions as sessions_views

app_name = "support"

urlpatterns = [
    # --- cases: intake, allocation, the case page, assessment, plan, closure ---------------
    path("cases/", cases.caseload, name="caseload"),
    path("cases/<int:case_id>/", cases.case, name="case"),
    # --- sessions, mentoring and wellbeing --------------------------------------------------
    path("cases/<int:case_id>/sessions/new/", sessions_views.session, name="session"),
    path(
        "cases/<int:case_id>/children/<int:child_id>/mentor/",
        sessions_views.mentor_assign,
        name="mentor_assign",
    ),
    path("mentoring/<int:assignment_id>/end/", sessions_views.mentor_end, name="mentor_end"),
    path("mentees/", sessions_views.mentees, name="mentees"),
    path("mentees/<int:assignment_id>/", sessions_views.mentee, name="mentee"),
    path(
        "cases/<int:case_id>/children/<int:child_id>/wellbeing/new/",
        sessions_views.wellbeing_score,
        name="wellbeing",
    ),
    path(
        "cases/<int:case_id>/children/<int:child_id>/wellbeing/",
        sessions_views.child_wellbeing,
        name="child_wellbeing",
    ),
    # --- release planning and school liaison ------------------------------------------------
]
