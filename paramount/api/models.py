"""Credentials of machine clients (a partner's case management system, an agency's sender)."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """One client's token, acting as its owner: the owner's membership decides what it may see.

    The token itself is shown once, when it is created, and never stored: only its public
    ``lookup_id`` (to find the row without comparing secrets in the database) and a keyed hash
    of the whole token, compared in constant time.
    """

    name = models.CharField(max_length=100, help_text="Which client uses it, e.g. 'case-system'.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    lookup_id = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True)
    revoked_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "-created_at"]
        constraints = [
            # A name names one live token, so `paramount api token revoke NAME` is unambiguous;
            # revoked tokens keep their name for the record.
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(revoked_at__isnull=True),
                name="api_token_name_unique_while_live",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_created",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | models.Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"API token {self.name} ({self.lookup_id})"
