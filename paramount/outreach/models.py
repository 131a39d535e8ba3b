"""Contacting a family, what they agreed to, and the handover to the partner organisation.

Consent is a first-class record: who gave it, their relationship to the child, whether they hold
parental responsibility, exactly what it covers and how it was given. Withdrawing it stops what
it covered from then on.
"""

from django.conf import settings
from django.db import models

from paramount.families.models import Family


class ContactMethod(models.TextChoices):
    PHONE = "PHONE", "Telephone"
    VISIT = "VISIT", "Home visit"
    LETTER = "LETTER", "Letter"


class ContactOutcome(models.TextChoices):
    NO_CONTACT = "NO_CONTACT", "No contact made (no answer, nobody in)"
    CONSENTED = "CONSENTED", "Consented to a referral"
    DECLINED = "DECLINED", "Declined support"
    UNREACHABLE = "UNREACHABLE", "Could not be reached"
    SELF_REFERRAL_DETAILS_LEFT = "SELF_REFERRAL_DETAILS_LEFT", "Self-referral details left"


class ContactAttempt(models.Model):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="contact_attempts")
    method = models.CharField(max_length=16, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=32, choices=ContactOutcome.choices)
    attempted_at = models.DateTimeField(help_text="When the attempt was made.")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["attempted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.family}: {self.method} {self.outcome} ({self.attempted_at:%Y-%m-%d})"


class ConsentMethod(models.TextChoices):
    VERBAL = "VERBAL", "Verbally"
    WRITTEN = "WRITTEN", "In writing"
    # The family sent the self-referral form themselves.
    SELF_REFERRAL = "SELF_REFERRAL", "By self-referral"


class Consent(models.Model):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="consents")
    given_by_name = models.CharField(max_length=255)
    relationship_to_child = models.CharField(max_length=64)
    # None: the person did not know (the public form lets a family say "I'm not sure").
    has_parental_responsibility = models.BooleanField(null=True)
    covers_referral = models.BooleanField(help_text="Referral to the partner organisation.")
    covers_school = models.BooleanField(help_text="Sharing with the children's school.")
    covers_social_care = models.BooleanField(help_text="Sharing with children's social care.")
    method = models.CharField(max_length=16, choices=ConsentMethod.choices)
    given_at = models.DateTimeField()
    contact_phone = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_note = models.TextField(blank=True)

    class Meta:
        ordering = ["given_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(covers_referral=True)
                | models.Q(covers_school=True)
                | models.Q(covers_social_care=True),
                name="consent_covers_something",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family}: consent {self.pk}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    def covered(self) -> list[str]:
        return [
            label
            for flag, label in (
                (self.covers_referral, "referral to the partner organisation"),
                (self.covers_school, "sharing with the school"),
                (self.covers_social_care, "sharing with children's social care"),
            )
            if flag
        ]


class ReferralRoute(models.TextChoices):
    OUTREACH = "OUTREACH", "By an outreach officer"
    SELF_REFERRAL = "SELF_REFERRAL", "Self-referral by the family"


class Referral(models.Model):
    """The handover. Holds only what the partner organisation needs (``details``)."""

    family = models.OneToOneField(Family, on_delete=models.PROTECT, related_name="referral")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="referrals")
    organisation = models.CharField(max_length=255)
    route = models.CharField(max_length=16, choices=ReferralRoute.choices)
    details = models.JSONField(help_text="The minimum the partner needs: children and contact.")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField()
    # Set when the consent behind it is withdrawn: the partner must stop.
    consent_withdrawn_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-referred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.family} → {self.organisation}"


class LawfulBasis(models.TextChoices):
    CONSENT = "CONSENT", "Consent of the person with parental responsibility"
    SAFEGUARDING = (
        "SAFEGUARDING",
        "Safeguarding of children (DPA 2018 Sch. 1 para. 18; UK GDPR Art. 6(1)(e))",
    )
    STATUTORY_DUTY = "STATUTORY_DUTY", "Statutory duty (Children Act 2004 s.11)"


class RecipientKind(models.TextChoices):
    SOCIAL_CARE = "SOCIAL_CARE", "Children's social care"
    SCHOOL = "SCHOOL", "The child's school"
    OTHER = "OTHER", "Another organisation"


class Disclosure(models.Model):
    """Something told to another organisation: what, to whom, why, on which lawful basis."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="disclosures")
    recipient_kind = models.CharField(max_length=16, choices=RecipientKind.choices)
    recipient_organisation = models.CharField(max_length=255)
    recipient_name = models.CharField(max_length=255, blank=True)
    what = models.TextField()
    why = models.TextField()
    lawful_basis = models.CharField(max_length=32, choices=LawfulBasis.choices)
    consent = models.ForeignKey(
        Consent, null=True, on_delete=models.PROTECT, related_name="disclosures"
    )
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    disclosed_at = models.DateTimeField()

    class Meta:
        ordering = ["disclosed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(lawful_basis="") & ~models.Q(what="") & ~models.Q(why=""),
                name="disclosure_says_what_why_and_basis",
            ),
            models.CheckConstraint(
                condition=~models.Q(lawful_basis="CONSENT") | models.Q(consent__isnull=False),
                name="disclosure_on_consent_names_it",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} → {self.recipient_organisation} ({self.disclosed_at:%Y-%m-%d})"


class SelfReferralInvite(models.Model):
    """The short, unguessable reference an officer leaves with a family."""

    family = models.OneToOneField(Family, on_delete=models.PROTECT, related_name="self_referral")
    reference = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    used_at = models.DateTimeField(null=True)
    # What the family entered on the public form.
    contact_name = models.CharField(max_length=255, blank=True)
    contact_details = models.CharField(max_length=255, blank=True)
    best_time = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.family}: self-referral invite"


class SelfReferralAttempt(models.Model):
    """One submission of the public form, kept only to limit the rate: no reference, no
    address, just a keyed hash of where it came from."""

    client_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"self-referral attempt {self.at:%Y-%m-%d %H:%M}"
