"""The partner organisation's groups and events: peer groups for children, support groups for
parents and carers, online activities, family days and residential breaks.

A :class:`GroupEvent` has a number of places; each :class:`EventInvitation` asks one child of a
supported family, or (no child) the family's parent or carer, to come. An invitation holds a
place until it is declined. Changes go only through :mod:`paramount.events.services`.
"""

from django.conf import settings
from django.db import models

from paramount.support.models import SupportCase, SupportChild


class EventKind(models.TextChoices):
    PEER_GROUP = "PEER_GROUP", "Peer group"
    PARENT_GROUP = "PARENT_GROUP", "Parent and carer support group"
    ONLINE = "ONLINE", "Online activity"
    FAMILY_DAY = "FAMILY_DAY", "Family day"
    RESIDENTIAL = "RESIDENTIAL", "Residential break"


class GroupEvent(models.Model):
    """One meeting of a group, or one event, run by the partner organisation."""

    organisation = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=255, help_text="A place, or how to join online.")
    capacity = models.PositiveSmallIntegerField(help_text="How many people can come.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0), name="event_has_at_least_one_place"
            ),
            models.CheckConstraint(
                condition=models.Q(cancelled_at__isnull=True)
                | (models.Q(cancelled_by__isnull=False) & ~models.Q(cancel_reason="")),
                name="cancelled_event_has_who_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Response(models.TextChoices):
    INVITED = "INVITED", "Invited, no answer yet"
    ACCEPTED = "ACCEPTED", "Coming"
    DECLINED = "DECLINED", "Not coming"


class EventInvitation(models.Model):
    """An invitation of one child, or (``child`` empty) the parent or carer, of a supported
    family to an event; their answer, and whether they came."""

    event = models.ForeignKey(GroupEvent, on_delete=models.PROTECT, related_name="invitations")
    case = models.ForeignKey(
        SupportCase, on_delete=models.PROTECT, related_name="event_invitations"
    )
    child = models.ForeignKey(
        SupportChild,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField()
    response = models.CharField(
        max_length=16, choices=Response.choices, default=Response.INVITED, db_index=True
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attended = models.BooleanField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "case", "child"], name="one_invitation_per_event_and_child"
            ),
            # NULLs are distinct in a unique index, so the carer needs a constraint of their own.
            models.UniqueConstraint(
                fields=["event", "case"],
                condition=models.Q(child__isnull=True),
                name="one_carer_invitation_per_event_and_case",
            ),
            models.CheckConstraint(
                condition=models.Q(response="INVITED", responded_at__isnull=True)
                | (~models.Q(response="INVITED") & models.Q(responded_at__isnull=False)),
                name="invitation_answered_has_a_time",
            ),
            models.CheckConstraint(
                condition=models.Q(attended__isnull=True)
                | models.Q(
                    attendance_recorded_at__isnull=False, attendance_recorded_by__isnull=False
                ),
                name="attendance_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: invitation {self.pk}"

    @property
    def takes_a_place(self) -> bool:
        return self.response != Response.DECLINED
