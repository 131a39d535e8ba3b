"""SECURITY 9 and 10: security headers on personal-data pages, cookies, and the deploy check."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_personal_data_pages_send_the_security_headers(signed_in, cases):
    family = cases.family()
    response = signed_in(cases.analyst).get(reverse("families:family", args=[family.pk]))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_session_and_csrf_cookies_are_http_only_and_same_site(client, cases, password):
    cases.analyst  # noqa: B018 - made on first use
    page = client.get(reverse("login"))
    csrf = page.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(reverse("login"), {"username": "case_analyst", "password": password})
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


def _deploy_check(**env):
    return subprocess.run(
        [sys.executable, "-m", "paramount.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "paramount.settings_production"} | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    result = _deploy_check(
        PARAMOUNT_SECRET_KEY="x7-synthetic-test-key-" + "k3Qz9Lm2Wv8Rt4Yp6Hn1Bc5Df0Gj" * 2,
        PARAMOUNT_ALLOWED_HOSTS="paramount.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in (result.stdout + result.stderr)


def test_production_refuses_to_start_without_a_real_secret_key():
    result = _deploy_check(PARAMOUNT_SECRET_KEY="", PARAMOUNT_ALLOWED_HOSTS="paramount.example.org")
    assert result.returncode != 0
    assert "PARAMOUNT_SECRET_KEY must be set" in result.stderr
