"""``paramount demo_code USERNAME``: the current one-time code of a synthetic demo user.

Demo only. It refuses where demo helpers are not allowed (``PARAMOUNT_DEMO_ALLOWED``, False in
production settings) and for anyone who is not one of the demo accounts, whose passwords are
public anyway.
"""

import base64

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from paramount.access.authentication import totp_device_for
from paramount.access.demo import DemoRefused, require_demo_allowed
from paramount.access.services import DEMO_USERNAMES


class Command(BaseCommand):
    help = "Show a demo user's current one-time sign-in code (synthetic demo only)."

    def add_arguments(self, parser):
        parser.add_argument("username", choices=sorted(DEMO_USERNAMES))

    def handle(self, *args, username: str, **options):
        try:
            require_demo_allowed(helper="paramount demo_code")
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from None
        user = get_user_model().objects.filter(username=username).first()
        device = totp_device_for(user) if user is not None else None
        if device is None:
            raise CommandError(f"{username} is not set up: run `paramount demo` first")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        key = base64.b32encode(device.bin_key).decode()
        self.stdout.write(f"{code:0{device.digits}d}")
        self.stderr.write(
            f"(changes every {device.step} seconds; or add the key {key} to an authenticator app)"
        )
        return []
