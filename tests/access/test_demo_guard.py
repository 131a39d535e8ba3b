"""Demo helpers refuse to run where demo helpers are not allowed: under production settings
nobody gets a demo user with a public password, a printed one-time code or staged families
(issue 15, finding 5)."""

import os
import re
import sqlite3
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from paramount.access.services import demo_users_ensure

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "paramount.settings_production",
    "PARAMOUNT_SECRET_KEY": "x7-synthetic-test-key-" + "k3Qz9Lm2Wv8Rt4Yp6Hn1Bc5Df0Gj" * 2,
    "PARAMOUNT_ALLOWED_HOSTS": "paramount.example.org",
}
SIX_DIGITS = re.compile(r"\b\d{6}\b")


def _paramount(*args: str, home, **env) -> subprocess.CompletedProcess:
    database = home / "paramount.sqlite3"
    return subprocess.run(
        [sys.executable, "-m", "paramount.cli", *args],
        env=os.environ
        | {"PARAMOUNT_HOME": str(home), "PARAMOUNT_DATABASE_URL": f"sqlite:///{database}"}
        | env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _tables(database) -> set[str]:
    if not database.exists():
        return set()
    with sqlite3.connect(database) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}


def test_the_demo_commands_refuse_under_production_settings_and_make_nothing(tmp_path):
    demo = _paramount("demo", "--no-serve", "--households", "20", home=tmp_path, **PRODUCTION)
    assert demo.returncode != 0
    assert "paramount demo is a demo helper" in demo.stderr
    assert "nothing was created or shown" in demo.stderr
    assert "Paramount demo ready" not in demo.stdout
    # Refused before the database was migrated or the region generated.
    assert "auth_user" not in _tables(tmp_path / "paramount.sqlite3")
    assert not (tmp_path / "demo").exists()

    code = _paramount("demo_code", "analyst", home=tmp_path, **PRODUCTION)
    assert code.returncode != 0
    assert "paramount demo_code is a demo helper" in code.stderr
    assert not SIX_DIGITS.search(code.stdout)
    assert "add the key" not in code.stderr


def test_production_settings_do_not_allow_demo_helpers_whatever_the_environment(tmp_path):
    probe = _paramount(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.PARAMOUNT_DEMO_ALLOWED)",
        home=tmp_path,
        PARAMOUNT_DEMO_ALLOWED="1",
        **PRODUCTION,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip().splitlines()[-1] == "False"


def test_demo_code_prints_no_code_where_demo_helpers_are_not_allowed(capsys):
    demo_users_ensure()
    with override_settings(PARAMOUNT_DEMO_ALLOWED=False), pytest.raises(CommandError) as refusal:
        call_command("demo_code", "analyst")
    assert "demo_code is a demo helper" in str(refusal.value)
    output = capsys.readouterr()
    assert not SIX_DIGITS.search(output.out)
    assert "add the key" not in output.err


def test_demo_code_still_works_for_the_embedded_demo(capsys):
    demo_users_ensure()
    call_command("demo_code", "analyst")
    assert SIX_DIGITS.fullmatch(capsys.readouterr().out.strip())


@override_settings(PARAMOUNT_DEMO_ALLOWED=False)
def test_no_demo_users_are_made_where_demo_helpers_are_not_allowed():
    with pytest.raises(RuntimeError, match="demo_users_ensure is a demo helper"):
        demo_users_ensure()
    assert not get_user_model().objects.exists()


@override_settings(PARAMOUNT_DEMO_ALLOWED=False)
def test_no_demo_families_or_cases_are_staged_where_demo_helpers_are_not_allowed():
    from paramount.families.demo import demo_families_stage
    from paramount.screening.models import ScreeningDecision
    from paramount.support.demo import demo_support_stage
    from paramount.support.models import SupportCase

    with pytest.raises(RuntimeError, match="demo_families_stage is a demo helper"):
        demo_families_stage()
    with pytest.raises(RuntimeError, match="demo_support_stage is a demo helper"):
        demo_support_stage()
    assert not ScreeningDecision.objects.exists() and not SupportCase.objects.exists()


@pytest.mark.parametrize("setting", [False, None, "yes", 1])
def test_only_an_explicit_true_allows_the_demo_helpers(settings, setting):
    from paramount.access.demo import demo_allowed

    if setting is None:
        del settings.PARAMOUNT_DEMO_ALLOWED
    else:
        settings.PARAMOUNT_DEMO_ALLOWED = setting
    assert demo_allowed() is False


def test_the_deploy_check_fails_when_a_deployment_allows_demo_helpers(settings):
    from paramount.access.demo import check_demo_not_allowed

    settings.PARAMOUNT_DEMO_ALLOWED = True
    assert [message.id for message in check_demo_not_allowed(None)] == ["paramount.E001"]
    settings.PARAMOUNT_DEMO_ALLOWED = False
    assert check_demo_not_allowed(None) == []


def test_a_deployment_never_says_its_people_are_made_up(client):
    assert "every person shown here is made up" in client.get(reverse("login")).content.decode()
    with override_settings(PARAMOUNT_DEMO_ALLOWED=False):
        html = client.get(reverse("login")).content.decode()
    assert "every person shown here is made up" not in html
