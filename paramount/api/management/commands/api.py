"""``paramount api token create|revoke|list``: the credentials of the API's machine clients."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from paramount.api import selectors, services


class Command(BaseCommand):
    help = (
        "API tokens: `paramount api token create --user USERNAME --name NAME [--days N]` "
        "(prints the token once), `paramount api token revoke NAME`, `paramount api token list`."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["token"])
        parser.add_argument("action", choices=["create", "revoke", "list"])
        parser.add_argument("token_name", nargs="?", help="the token to revoke")
        parser.add_argument("--user", help="create: the account the client acts as")
        parser.add_argument("--name", help="create: which client uses it, e.g. case-system")
        parser.add_argument(
            "--days",
            type=int,
            default=services.DEFAULT_DAYS,
            help=f"create: days until it expires (default {services.DEFAULT_DAYS}, "
            f"at most {services.MAX_DAYS})",
        )

    def handle(self, *args, what: str, action: str, token_name=None, **options):
        try:
            getattr(self, f"_{action}")(token_name=token_name, **options)
        except services.ApiTokenError as error:
            raise CommandError(str(error)) from None

    def _create(self, *, token_name=None, user=None, name=None, days=services.DEFAULT_DAYS, **_):
        if not user or not name:
            raise CommandError("create needs --user USERNAME and --name NAME; no token was made.")
        issued = services.api_token_create(username=user, name=name, days=days)
        self.stdout.write(issued.secret)
        self.stderr.write(
            f"Token {issued.token.name!r} for {user}, expires "
            f"{timezone.localtime(issued.token.expires_at):%Y-%m-%d %H:%M}. This is the only "
            "time it is shown: give it to the client's operator now; Paramount keeps only a hash."
        )

    def _revoke(self, *, token_name=None, **_):
        if not token_name:
            raise CommandError("revoke needs the token's name: paramount api token revoke NAME")
        token = services.api_token_revoke(name=token_name)
        self.stdout.write(f"Token {token.name!r} revoked: it is refused from now on.")

    def _list(self, **_):
        now = timezone.now()
        for token in selectors.api_token_list():
            if token.revoked_at is not None:
                state = f"revoked {timezone.localtime(token.revoked_at):%Y-%m-%d}"
            elif token.expires_at <= now:
                state = f"expired {timezone.localtime(token.expires_at):%Y-%m-%d}"
            else:
                state = f"live until {timezone.localtime(token.expires_at):%Y-%m-%d}"
            used = (
                f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}"
                if token.last_used_at
                else "never"
            )
            membership = getattr(token.user, "membership", None)
            role = membership.role if membership else "no role"
            self.stdout.write(
                f"{token.name:<24} {token.user.get_username():<20} {role:<22} {state:<24} "
                f"last used {used}"
            )
