"""Signing in and out, and the home page that sends each role to its work."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from paramount.access import audit, authentication
from paramount.access.models import Role
from paramount.access.selectors import membership_for
from paramount.web.forms import LOCKED, SecondFactorForm, SignInForm

# Where each role starts. Roles not listed get a page saying what they will be able to do.
ROLE_HOME = {
    Role.VRU_ANALYST: "identification:worklist",
    Role.OUTREACH_OFFICER: "families:list",
    Role.CHARITY_MANAGER: "support:intake",
    Role.CHARITY_PRACTITIONER: "support:caseload",
    Role.VOLUNTEER_MENTOR: "support:mentees",
    Role.ADMIN: "feeds:batches",
}

ROLE_WORK = {
    Role.OUTREACH_OFFICER: "contact the families assigned to you, record their consent and make the referral",
    Role.CHARITY_PRACTITIONER: "assess the children allocated to you and plan and record their support",
    Role.CHARITY_MANAGER: "allocate families to practitioners, supervise their work and run reports",
    Role.VOLUNTEER_MENTOR: "log your mentoring sessions with the children you mentor",
    Role.VRU_ANALYST: "review the day's identifications and check whether it is safe to contact each family",
    Role.ADMIN: "manage users, areas and data sources",
}


ENDED = {
    "idle": "You were signed out because you had not used Paramount for a while. Sign in again.",
    "limit": "You were signed out because you signed in a long time ago. Sign in again.",
}


def _safe_next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


class LoginView(auth_views.LoginView):
    """The password step of signing in; the one-time code comes next (SECURITY 5, 6, 11)."""

    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "ended": ENDED.get(self.request.GET.get("ended"))
        }

    def form_valid(self, form):
        super().form_valid(form)  # the password step: Django signs the user in (new session id)
        with transaction.atomic():
            audit.record(actor=self.request.user, action="auth.signed_in", purpose="sign in")
        target = "otp_verify" if authentication.totp_device_for(self.request.user) else "otp_setup"
        next_url = self.get_redirect_url()
        return redirect(f"{reverse(target)}?next={next_url}") if next_url else redirect(target)

    def form_invalid(self, form):
        # Counted against the account tried and the client, as keyed hashes only: people
        # sometimes type a password into the username box.
        if not form.has_error("__all__", code="locked"):
            authentication.sign_in_failure_record(form.sign_in_attempt, what="sign_in")
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires), audited before the session ends."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            with transaction.atomic():
                audit.record(actor=request.user, action="auth.signed_out", purpose="sign out")
        return super().post(request, *args, **kwargs)


@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    """The second step of signing in: the code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Counted on the same account as the password step, and on the client.
        attempt = authentication.sign_in_attempt(request=request, user=user)
        if authentication.sign_in_locked(attempt):
            form.add_error("code", LOCKED.format(minutes=_lockout_minutes()))
        else:
            device = authentication.second_factor_verify(user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                authentication.sign_in_failures_clear(attempt)
                with transaction.atomic():
                    audit.record(
                        actor=user,
                        action="auth.second_factor_passed",
                        purpose="sign in",
                        after={
                            "method": "recovery code"
                            if device.name == authentication.RECOVERY_DEVICE_NAME
                            else "authenticator app"
                        },
                    )
                return redirect(_safe_next(request))
            authentication.sign_in_failure_record(attempt, what="second_factor")
            if authentication.sign_in_locked(attempt):
                logout(request)
                return redirect(reverse("login"))
            form.add_error(
                "code", "That code is not right. Check your authenticator app and try again."
            )
    return render(
        request, "registration/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _lockout_minutes() -> int:
    from django.conf import settings

    return settings.PARAMOUNT_LOCKOUT_MINUTES


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


@require_http_methods(["GET", "POST"])
@login_required
def otp_setup(request):
    """First sign-in: connect an authenticator app, then see the recovery codes once."""
    user = request.user
    if authentication.totp_device_for(user) is not None:
        return redirect("otp_verify")
    device = authentication.totp_device_start(user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if authentication.totp_device_confirm(
            device=device, code=form.cleaned_data["code"], acting_user=user
        ):
            otp_login(request, device)
            codes = authentication.recovery_codes_issue(user=user, acting_user=user)
            return render(
                request,
                "registration/recovery_codes.html",
                {"codes": codes, "next": _safe_next(request)},
            )
        form.add_error(
            "code", "That code is not right. Check the time on your phone and try again."
        )
    key = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            # Generated here from our own data: safe to put in the page as it is.
            "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308
            "next": request.GET.get("next", ""),
        },
    )


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
