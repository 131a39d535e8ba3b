"""Who may see what (roles scoped to areas and organisations) and the audit trail of it all."""

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    VRU_ANALYST = "VRU_ANALYST", "VRU analyst"
    OUTREACH_OFFICER = "OUTREACH_OFFICER", "Outreach officer"
    CHARITY_PRACTITIONER = "CHARITY_PRACTITIONER", "Charity practitioner"
    CHARITY_MANAGER = "CHARITY_MANAGER", "Charity manager"
    # A volunteer of the partner organisation: sees only their mentees' first names and their
    # own mentoring sessions.
    VOLUNTEER_MENTOR = "VOLUNTEER_MENTOR", "Volunteer mentor"
    ADMIN = "ADMIN", "Administrator"


POLICE_ROLES = frozenset({Role.VRU_ANALYST, Role.OUTREACH_OFFICER})
# The partner organisation's staff who work with referred families' whole cases.
CHARITY_ROLES = frozenset({Role.CHARITY_MANAGER, Role.CHARITY_PRACTITIONER})


class Membership(models.Model):
    """A user's role, organisation and the participating areas they work in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    organisation = models.CharField(max_length=255)
    areas = models.JSONField(
        default=list, help_text="Names of the participating areas this user works in."
    )
    # The partner organisation's practitioners may work in teams: a case allocated to a team is
    # seen by every practitioner of it.
    team = models.CharField(max_length=128, blank=True)

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


class SignInFailure(models.Model):
    """A failed sign-in or one-time code, kept only to lock out guessing (SECURITY 6).

    Counted twice: against the account tried (every spelling of a username that names the same
    account shares one count; a username naming no account is counted on its canonical form,
    exactly like a real one, so a lockout reveals nobody), and against the client it came from,
    across usernames. Both are keyed hashes: people sometimes type a password into the username
    box, and a client address is personal data.
    """

    account_hash = models.CharField(max_length=64, db_index=True)
    client_hash = models.CharField(max_length=64, db_index=True, default="")
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"sign-in failure {self.at:%Y-%m-%d %H:%M}"


class AuditEvent(models.Model):
    """One thing that happened: who, in what role, did what to which record, and why.

    Written by :func:`paramount.access.audit.record` inside the same transaction as the change
    it describes, so a change without its audit row cannot exist. Append-only: database
    triggers refuse UPDATE and DELETE on PostgreSQL and SQLite (SECURITY 13).
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(
        max_length=150, help_text="Username, or 'system' for scheduled work."
    )
    role = models.CharField(max_length=32, blank=True)
    organisation = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    subject_type = models.CharField(max_length=64, blank=True)
    subject_id = models.CharField(max_length=255, blank=True, db_index=True)
    purpose = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    # Tamper evidence: each row carries the hash of the row before it and its own, so editing or
    # deleting any row breaks the chain from there on (``paramount audit verify`` names where).
    # The hash is an HMAC under the audit key named by ``key_id``, kept outside the database, so
    # a rebuilt chain does not verify; rows from before the keyed chain have no key id.
    prev_hash = models.CharField(max_length=64, default="")
    row_hash = models.CharField(max_length=64, default="", db_index=True)
    key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.subject_type}:{self.subject_id}"
