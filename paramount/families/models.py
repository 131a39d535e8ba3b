"""The family case: the children one reception found in one household, and where the case is
in the flow from identification to referral.

A family is the unit of contact: screening, outreach, consent and referral all concern the
family, never one child alone. Its ``state`` changes only through the services of the
screening and outreach apps, each through :func:`paramount.families.services.family_transition`.
"""

from django.conf import settings
from django.db import models

from paramount.feeds.models import PrisonMovement
from paramount.identification.models import Identification


class FamilyState(models.TextChoices):
    AWAITING_SCREENING = "AWAITING_SCREENING", "Waiting for screening"
    AWAITING_SECOND_ANALYST = "AWAITING_SECOND_ANALYST", "Waiting for a second analyst"
    NOT_APPROPRIATE = "NOT_APPROPRIATE", "Contact not appropriate"
    COORDINATE_WITH_CSC = "COORDINATE_WITH_CSC", "Coordinating with children's social care"
    APPROVED_FOR_CONTACT = "APPROVED_FOR_CONTACT", "Approved for contact"
    CONTACT_ATTEMPTED = "CONTACT_ATTEMPTED", "Contact attempted"
    DECLINED = "DECLINED", "Declined support"
    UNREACHABLE = "UNREACHABLE", "Could not be reached"
    SELF_REFERRAL_DETAILS_LEFT = "SELF_REFERRAL_DETAILS_LEFT", "Self-referral details left"
    CONSENTED = "CONSENTED", "Consented to referral"
    REFERRED = "REFERRED", "Referred"
    # An analyst later rejected the match behind every child of the family: nobody acts on it.
    WITHDRAWN = "WITHDRAWN", "Withdrawn (match rejected)"
    # Closed by Paramount itself: nothing happened on the case for the configured period
    # (``[retention] open_case_backstop``), or an erasure left it with no child.
    CLOSED = "CLOSED", "Closed (no activity, or no child left)"


class Family(models.Model):
    """The children identified for one reception who share a household."""

    movement = models.ForeignKey(PrisonMovement, on_delete=models.PROTECT, related_name="families")
    # The household the children share: their normalised postcode, or the one child's key when
    # no postcode is known (such a child is a family of their own rather than a guess).
    household_key = models.CharField(max_length=64)
    area = models.CharField(max_length=64, db_index=True)
    state = models.CharField(
        max_length=32,
        choices=FamilyState.choices,
        default=FamilyState.AWAITING_SCREENING,
        db_index=True,
    )
    state_changed_at = models.DateTimeField()
    identified_on = models.DateField(
        db_index=True, help_text="The day the family was identified: deadlines count from it."
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_families",
    )
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(
        default=1,
        help_text="Goes up with every change, so an action taken on an out-of-date page is refused.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "household_key"], name="one_family_per_household"
            )
        ]
        ordering = ["identified_on", "pk"]
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The case number staff use on screens and on the phone. Not a secret."""
        return f"FAM-{self.pk:06d}"


class FamilyMember(models.Model):
    """One child of a family: the identification that found them."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="members")
    identification = models.OneToOneField(
        Identification, on_delete=models.PROTECT, related_name="family_member"
    )

    class Meta:
        ordering = ["identification__child_date_of_birth", "pk"]

    def __str__(self) -> str:
        return f"{self.family} – {self.identification_id}"
