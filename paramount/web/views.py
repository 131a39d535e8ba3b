"""Signing in and out, and the home page that sends each role to its work."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from paramount.access import audit
from paramount.access.models import Role
from paramount.access.selectors import membership_for
from paramount.web.forms import SignInForm

# Where each role starts. Roles not listed get a page saying what they will be able to do.
ROLE_HOME = {
    Role.VRU_ANALYST: "identification:worklist",
    Role.OUTREACH_OFFICER: "families:list",
    Role.CHARITY_MANAGER: "outreach:referral_list",
    Role.CHARITY_PRACTITIONER: "outreach:referral_list",
    Role.ADMIN: "feeds:batches",
}

ROLE_WORK = {
    Role.OUTREACH_OFFICER: "contact the families assigned to you, record their consent and make the referral",
    Role.CHARITY_PRACTITIONER: "assess the children allocated to you and plan and record their support",
    Role.CHARITY_MANAGER: "allocate families to practitioners, supervise their work and run reports",
    Role.VRU_ANALYST: "review the day's identifications and check whether it is safe to contact each family",
    Role.ADMIN: "manage users, areas and data sources",
}


class LoginView(auth_views.LoginView):
    """Django's sign-in page; every attempt, successful or not, is audited (SECURITY 11)."""

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        with transaction.atomic():
            audit.record(actor=self.request.user, action="auth.signed_in", purpose="sign in")
        return response

    def form_invalid(self, form):
        # The username typed is not stored: people sometimes type their password into it.
        with transaction.atomic():
            audit.record(actor=None, action="auth.sign_in_failed", purpose="sign in")
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires), audited before the session ends."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            with transaction.atomic():
                audit.record(actor=request.user, action="auth.signed_out", purpose="sign out")
        return super().post(request, *args, **kwargs)


@require_GET
@login_required
def home(request):
    membership = membership_for(request.user)
    if membership is not None and membership.role in ROLE_HOME:
        return redirect(ROLE_HOME[membership.role])
    return render(
        request,
        "web/home.html",
        {"work": ROLE_WORK.get(membership.role) if membership else None},
    )
