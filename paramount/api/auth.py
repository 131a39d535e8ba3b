"""``Authorization: Bearer <token>`` for machine clients. Sessions do not reach the API: a
browser's cookie is not a client's credential (and the API then needs no CSRF token)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from paramount.api import services


class ApiTokenAuth(HttpBearer):
    """Resolves the request to the token owner's user; the selectors then decide what it sees.

    No credential at all is treated like an anonymous visitor to the pages (401, not audited);
    a token presented and refused is audited (``api.token_refused``).
    """

    def __call__(self, request: HttpRequest) -> Any | None:
        # Ninja's own parser logs a malformed header in DEBUG: a token must never reach a log.
        scheme, _, presented = (request.headers.get(self.header) or "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not presented.strip():
            return None
        return self.authenticate(request, presented)

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        api_token = services.api_token_use(presented=token)
        if api_token is None:
            return None
        request.api_token = api_token
        return api_token.user
