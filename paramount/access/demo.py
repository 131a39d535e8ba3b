"""The one guard every demo helper passes first.

The demo's helpers create users whose password is in the source code, print one-time codes and
authenticator keys, and walk generated families through the flow. On a deployment that holds
real people none of that may happen, so each helper (the ``demo`` and ``demo_code`` commands,
``demo_users_ensure``, ``demo_families_stage``, ``demo_support_stage``) calls
:func:`require_demo_allowed` before it does anything. The setting ``PARAMOUNT_DEMO_ALLOWED`` is
True only in ``paramount.settings`` (the embedded demo and the tests); production settings set it
False, and a missing setting counts as False.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

SETTING = "PARAMOUNT_DEMO_ALLOWED"


class DemoRefused(RuntimeError):
    """A demo helper was asked to run where demo helpers are not allowed; the message says
    what was refused and what to do instead."""


def demo_allowed() -> bool:
    """Whether these settings allow the demo helpers (only an explicit True does)."""
    return getattr(settings, SETTING, False) is True


def require_demo_allowed(*, helper: str) -> None:
    """Raise :class:`DemoRefused` unless these settings allow the demo helpers."""
    if not demo_allowed():
        raise DemoRefused(
            f"{helper} is a demo helper, and these settings ({settings.SETTINGS_MODULE}) do not "
            f"allow demo helpers ({SETTING} is not True): nothing was created or shown. The demo "
            "runs only with the default settings (paramount.settings), on a machine that holds "
            "no real data."
        )


@checks.register(checks.Tags.security, deploy=True)
def check_demo_not_allowed(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """``paramount check --deploy`` fails when a deployment's settings allow the demo helpers,
    so a settings file layered over production cannot switch them back on unnoticed."""
    if not demo_allowed():
        return []
    return [
        checks.Error(
            f"{SETTING} is True: demo users with a public password and printed one-time codes "
            "could be made on this deployment.",
            hint=f"Set {SETTING} = False in the deployment's settings (paramount.settings_production does).",
            id="paramount.E001",
        )
    ]
