"""Pages that show personal data must not be kept by browsers or proxies."""


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


# SECURITY 10. Everything Paramount serves comes from itself: no CDN, no inline script, no
# inline style, nothing may frame it. Charts are inline SVG, which the policy allows.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


SIGNED_IN_AT = "paramount_signed_in_at"
LAST_SEEN_AT = "paramount_last_seen_at"


class SessionLimitsMiddleware:
    """SECURITY 8: a session ends after a spell without activity and a fixed time after sign-in.

    Both times are kept in the (server-side) session; an expired session is ended on the server,
    audited, and the person is sent to sign in again with a message saying why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.contrib.auth import logout
        from django.db import transaction
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils import timezone

        from paramount.access import audit

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            signed_in = request.session.setdefault(SIGNED_IN_AT, now)
            last_seen = request.session.get(LAST_SEEN_AT, now)
            idle = now - last_seen > settings.PARAMOUNT_SESSION_IDLE_MINUTES * 60
            too_old = now - signed_in > settings.PARAMOUNT_SESSION_ABSOLUTE_HOURS * 3600
            if idle or too_old:
                with transaction.atomic():
                    audit.record(
                        actor=user,
                        action="auth.session_expired",
                        purpose="sign in",
                        after={"reason": "idle" if idle else "absolute limit"},
                    )
                logout(request)
                return redirect(f"{reverse('login')}?ended={'idle' if idle else 'limit'}")
            request.session[LAST_SEEN_AT] = now
        return self.get_response(request)


# What a signed-in user who has not yet given their one-time code may reach (SECURITY 5).
SECOND_FACTOR_EXEMPT = (
    "login",
    "logout",
    "otp_verify",
    "otp_setup",
    "self_referral",
    "self_referral_sent",
)


class RequireSecondFactorMiddleware:
    """A session that has passed the password but not the one-time code reaches only the
    sign-in pages (and the public ones); anything else sends it to the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.conf import settings
        from django.shortcuts import redirect
        from django.urls import reverse

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_EXEMPT:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        from paramount.access.authentication import totp_device_for

        target = "otp_verify" if totp_device_for(user) is not None else "otp_setup"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
