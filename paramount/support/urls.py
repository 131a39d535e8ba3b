"""The partner organisation's pages. One block per concern; each block's views live in the
module of the same name under ``views/``."""

from django.urls import path

from paramount.support.views import cases
from paramount.support.views import release as release_views
from paramount.support.views import school as school_views
from paramount.support.views import sessions as sessions_views

app_name = "support"

urlpatterns = [
    # --- cases: intake, allocation, the case page, assessment, plan, closure ---------------
    path("intake/", cases.intake, name="intake"),
    path("intake/<int:referral_id>/accept/", cases.accept, name="accept"),
    path("cases/", cases.caseload, name="caseload"),
    path("cases/<int:case_id>/", cases.case, name="case"),
    path("cases/<int:case_id>/allocate/", cases.allocate, name="allocate"),
    path(
        "cases/<int:case_id>/children/<int:child_id>/assessment/",
        cases.assessment,
        name="assessment",
    ),
    path("cases/<int:case_id>/family-needs/", cases.family_needs, name="family_needs"),
    path("cases/<int:case_id>/plan/", cases.plan, name="plan"),
    path("cases/<int:case_id>/close/", cases.close, name="close"),
    path("cases/<int:case_id>/reopen/", cases.reopen, name="reopen"),
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
    path("tasks/", release_views.tasks, name="tasks"),
    path("tasks/<int:task_id>/done/", release_views.task_done, name="task_done"),
    path(
        "alerts/<int:alert_id>/acknowledge/",
        release_views.alert_acknowledge,
        name="alert_acknowledge",
    ),
    path("cases/<int:case_id>/school-consent/", school_views.school_consent, name="school_consent"),
    path(
        "cases/<int:case_id>/children/<int:child_id>/school-notification/",
        school_views.school_notification,
        name="school_notification",
    ),
    path(
        "school-notifications/<int:notification_id>/",
        school_views.school_notification_sent,
        name="school_notification_sent",
    ),
    path(
        "school-notifications/<int:notification_id>/print/",
        school_views.school_notification_print,
        name="school_notification_print",
    ),
]
