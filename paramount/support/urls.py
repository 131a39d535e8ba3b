"""The partner organisation's pages. One block per concern; each block's views live in the
module of the same name under ``views/``."""

from django.urls import path

from paramount.support.views import cases

app_name = "support"

urlpatterns = [
    # --- cases: intake, allocation, the case page, assessment, plan, closure ---------------
    path("cases/", cases.caseload, name="caseload"),
    path("cases/<int:case_id>/", cases.case, name="case"),
    # --- sessions, mentoring and wellbeing --------------------------------------------------
    # --- release planning and school liaison ------------------------------------------------
]
