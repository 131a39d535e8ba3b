"""The partner organisation's work with a referred family: intake and allocation, needs
assessment, support plan, sessions and mentoring, wellbeing, release planning, school liaison
and closure.

A :class:`SupportCase` is made from one :class:`~paramount.outreach.models.Referral` when a
manager accepts it. Its ``state`` changes only through :mod:`paramount.support.services`
(:func:`~paramount.support.services.case_transition`). The charity keeps its own short record
of each child (:class:`SupportChild`), copied from the referral's minimum data, so the police
side's records are never its working copy.

The free text practitioners write about children (what they have been told, risks, session
notes) is encrypted at rest (SECURITY 21).
"""

from django.conf import settings
from django.db import models

from paramount.families.models import FamilyMember
from paramount.feeds.models import PrisonMovement
from paramount.outreach.models import Consent, Disclosure, Referral
from paramount.privacy.fields import EncryptedTextField


class CaseState(models.TextChoices):
    WAITLISTED = "WAITLISTED", "Waiting list"
    ALLOCATED = "ALLOCATED", "Allocated"
    ASSESSED = "ASSESSED", "Assessed"
    SUPPORTED = "SUPPORTED", "Being supported"
    CLOSED = "CLOSED", "Closed"


class SupportCase(models.Model):
    """One referred family, as the partner organisation works with it."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="support_case")
    organisation = models.CharField(max_length=255, db_index=True)
    state = models.CharField(max_length=16, choices=CaseState.choices, db_index=True)
    state_changed_at = models.DateTimeField()
    # Who works with the family: a practitioner, a team, or both (a team's practitioners all see
    # the case; the named practitioner is the lead).
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_cases",
    )
    team = models.CharField(max_length=128, blank=True)
    waitlist_reason = models.TextField(blank=True)
    # Set from the referral's safety flags (domestic abuse, risk to children): release planning
    # then includes a safety-planning step.
    needs_safety_planning = models.BooleanField(default=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField()
    version = models.PositiveIntegerField(
        default=1,
        help_text="Goes up with every change, so an action taken on an out-of-date page is refused.",
    )

    class Meta:
        ordering = ["accepted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="WAITLISTED") | ~models.Q(waitlist_reason=""),
                name="waitlisted_case_has_a_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["WAITLISTED", "CLOSED"])
                | models.Q(practitioner__isnull=False)
                | ~models.Q(team=""),
                name="open_case_has_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The charity's case number (the family's police case number is not shown here)."""
        return f"SUP-{self.pk:06d}"


class SupportChild(models.Model):
    """A child of a supported family: the charity's own minimum record, from the referral."""

    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="children")
    first_name = models.CharField(max_length=255)
    last_name = models.CharField(max_length=255)
    date_of_birth = models.DateField(null=True)
    # Where the child came from (kept so the charity's record can be traced; never shown).
    family_member = models.OneToOneField(
        FamilyMember, null=True, on_delete=models.PROTECT, related_name="support_child"
    )

    class Meta:
        ordering = ["date_of_birth", "pk"]
        verbose_name_plural = "support children"

    def __str__(self) -> str:
        return f"{self.case}: child {self.pk}"


class Knowledge(models.TextChoices):
    KNOWS = "KNOWS", "Knows the parent is in prison"
    PARTLY = "PARTLY", "Knows part of it"
    OTHER_STORY = "OTHER_STORY", "Has been told something else (working away, in hospital…)"
    DOES_NOT_KNOW = "DOES_NOT_KNOW", "Does not know"
    NOT_SURE = "NOT_SURE", "Not sure what the child knows"


class ContactFrequency(models.TextChoices):
    NONE = "NONE", "None"
    OCCASIONAL = "OCCASIONAL", "Occasionally"
    REGULAR = "REGULAR", "Regularly"
    WANTS_BUT_CANNOT = "WANTS_BUT_CANNOT", "Wants to but cannot"


class OffenceFactor(models.TextChoices):
    AGAINST_FAMILY_MEMBER = "AGAINST_FAMILY_MEMBER", "The offence was against a family member"
    WITNESSED_ARREST = "WITNESSED_ARREST", "Saw the arrest"
    WITNESSED_OFFENCE = "WITNESSED_OFFENCE", "Saw or heard the offence"
    PRESS_COVERAGE = "PRESS_COVERAGE", "Press or social media coverage"
    COMMUNITY_KNOWS = "COMMUNITY_KNOWS", "Neighbours or the school know"


class Effect(models.TextChoices):
    SCHOOL = "SCHOOL", "School: attendance, learning or behaviour at school"
    SLEEP = "SLEEP", "Sleep"
    BEHAVIOUR = "BEHAVIOUR", "Behaviour at home"
    FRIENDSHIPS = "FRIENDSHIPS", "Friendships"
    STIGMA = "STIGMA", "Stigma or shame"
    BULLYING = "BULLYING", "Bullying"
    CARING = "CARING", "Caring duties at home"
    EMOTIONAL = "EMOTIONAL", "Anxiety, anger or low mood"


class ChildAssessment(models.Model):
    """A needs assessment of one child. A later assessment supersedes, never overwrites."""

    child = models.ForeignKey(SupportChild, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField()
    age_and_stage = models.TextField(help_text="Age, development and school stage.")
    knowledge = models.CharField(max_length=16, choices=Knowledge.choices)
    what_child_was_told = EncryptedTextField(blank=True)
    visits = models.CharField(max_length=16, choices=ContactFrequency.choices)
    calls = models.CharField(max_length=16, choices=ContactFrequency.choices)
    letters = models.CharField(max_length=16, choices=ContactFrequency.choices)
    relationship_with_parent = EncryptedTextField(blank=True)
    offence_factors = models.JSONField(default=list, help_text="OffenceFactor codes.")
    effects = models.JSONField(default=list, help_text="Effect codes.")
    effects_detail = EncryptedTextField(blank=True)
    strengths = EncryptedTextField(blank=True)
    risks = EncryptedTextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["assessed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.child}: assessment {self.assessed_on:%Y-%m-%d}"


class FamilyNeed(models.TextChoices):
    FINANCES = "FINANCES", "Money and benefits"
    HOUSING = "HOUSING", "Housing"
    CARER_WELLBEING = "CARER_WELLBEING", "The carer's own wellbeing"
    HARASSMENT = "HARASSMENT", "Harassment of the family"
    PRISON_CONTACT = "PRISON_CONTACT", "Arranging visits and contact with the prison"


class FamilyNeedsAssessment(models.Model):
    """What the family as a whole needs. A later record supersedes, never overwrites."""

    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="family_needs")
    assessed_on = models.DateField()
    needs = models.JSONField(default=list, help_text="FamilyNeed codes.")
    detail = EncryptedTextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["assessed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: family needs {self.assessed_on:%Y-%m-%d}"


class Intervention(models.TextChoices):
    ONE_TO_ONE = "ONE_TO_ONE", "Weekly one-to-one sessions"
    MENTORING = "MENTORING", "Volunteer mentoring"
    PEER_GROUP = "PEER_GROUP", "Peer group"
    PARENT_GROUP = "PARENT_GROUP", "Parent and carer support group"
    ONLINE = "ONLINE", "Online activities"
    FAMILY_DAYS = "FAMILY_DAYS", "Family days"
    RESIDENTIAL = "RESIDENTIAL", "Residential breaks"
    PRISON_VISIT = "PRISON_VISIT", "Prison visit support"
    SCHOOL_LIAISON = "SCHOOL_LIAISON", "School liaison"


class SupportPlan(models.Model):
    """The package of help agreed with the family, reviewed by ``review_on``. Reviewing the plan
    makes a new one; the old one keeps its ``superseded_at``."""

    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="plans")
    agreed_on = models.DateField()
    review_on = models.DateField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["agreed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_on__gt=models.F("agreed_on")),
                name="plan_review_after_agreement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: plan {self.agreed_on:%Y-%m-%d}"


class PlanItem(models.Model):
    """One intervention of a plan, for one child or (no child) for the family, with its goal."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="items")
    intervention = models.CharField(max_length=16, choices=Intervention.choices)
    child = models.ForeignKey(
        SupportChild, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items"
    )
    goal = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.intervention}"


class SessionKind(models.TextChoices):
    ONE_TO_ONE = "ONE_TO_ONE", "One-to-one session"
    MENTORING = "MENTORING", "Mentoring session"
    FAMILY = "FAMILY", "Family session"
    CARER = "CARER", "Session with the parent or carer"
    PRISON_VISIT = "PRISON_VISIT", "Prison visit support"
    SCHOOL = "SCHOOL", "Session at school"
    PHONE = "PHONE", "Telephone or video call"


class SupportSession(models.Model):
    """A session with a child or the family, logged by the practitioner or mentor who held it."""

    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="sessions")
    child = models.ForeignKey(
        SupportChild, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(max_length=16, choices=SessionKind.choices)
    held_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField()
    attended = models.BooleanField()
    notes = EncryptedTextField(blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_sessions"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0) & models.Q(duration_minutes__lte=720),
                name="session_duration_plausible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.kind} {self.held_on:%Y-%m-%d}"


class MentorAssignment(models.Model):
    """A volunteer mentor matched with one child. The mentor sees that child's first name and
    their own sessions with them, nothing else."""

    child = models.ForeignKey(
        SupportChild, on_delete=models.PROTECT, related_name="mentor_assignments"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentees"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "mentor"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_assignment_per_mentor_and_child",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="mentoring_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child}: mentor {self.mentor_id}"


class Occasion(models.TextChoices):
    ASSESSMENT = "ASSESSMENT", "At assessment"
    REVIEW = "REVIEW", "At a review"
    CLOSURE = "CLOSURE", "At closure"


class Scorer(models.TextChoices):
    CHILD = "CHILD", "The child"
    CARER = "CARER", "The parent or carer"
    PRACTITIONER = "PRACTITIONER", "The practitioner"


class WellbeingScore(models.Model):
    """How the child is doing, 0 (very badly) to 10 (very well), and who said so; with the
    Strengths and Difficulties Questionnaire total (0–40, higher is more difficulty) if taken."""

    child = models.ForeignKey(
        SupportChild, on_delete=models.PROTECT, related_name="wellbeing_scores"
    )
    scored_on = models.DateField()
    occasion = models.CharField(max_length=16, choices=Occasion.choices)
    scored_by = models.CharField(max_length=16, choices=Scorer.choices)
    score = models.PositiveSmallIntegerField()
    sdq_total = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["scored_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=10), name="wellbeing_0_to_10"),
            models.CheckConstraint(
                condition=models.Q(sdq_total__isnull=True) | models.Q(sdq_total__lte=40),
                name="sdq_total_0_to_40",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child}: {self.score}/10 on {self.scored_on:%Y-%m-%d}"


class TaskKind(models.TextChoices):
    PRE_RELEASE_PLANNING = "PRE_RELEASE_PLANNING", "Plan for the parent's release"
    SAFETY_PLANNING = "SAFETY_PLANNING", "Safety planning before the release"
    FOLLOW_UP = "FOLLOW_UP", "Follow up after closure"


class SupportTask(models.Model):
    """Something a practitioner must do by a date, made by the system from what happened."""

    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(max_length=32, choices=TaskKind.choices)
    due_on = models.DateField(db_index=True)
    # What made it: the movement that gave the release date (release planning), or nothing.
    movement = models.ForeignKey(
        PrisonMovement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    about_date = models.DateField(null=True, help_text="The release date the task prepares for.")
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    done_note = models.TextField(blank=True)
    # A new release date replaces the task made for the old one.
    superseded_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "about_date"], name="one_task_per_kind_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.kind} by {self.due_on:%Y-%m-%d}"


class AlertKind(models.TextChoices):
    RELEASE = "RELEASE", "The parent has been released"
    TRANSFER = "TRANSFER", "The parent has moved to another prison"
    RECALL = "RECALL", "The parent has been recalled to prison"
    RECEPTION = "RECEPTION", "The parent has been received into prison again"
    RELEASE_DATE = "RELEASE_DATE", "The parent's expected release date has changed"


class MovementAlert(models.Model):
    """A later prison movement of the family's parent, for the practitioner to act on."""

    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="alerts")
    movement = models.ForeignKey(PrisonMovement, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    created_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "movement", "kind"], name="one_alert_per_movement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.kind}"


class SchoolNotification(models.Model):
    """A notification to a child's school safeguarding lead, made only under a consent that
    covers the school; the disclosure it makes is recorded with it."""

    case = models.ForeignKey(
        SupportCase, on_delete=models.PROTECT, related_name="school_notifications"
    )
    child = models.ForeignKey(
        SupportChild, on_delete=models.PROTECT, related_name="school_notifications"
    )
    school_name = models.CharField(max_length=255)
    safeguarding_lead = models.CharField(max_length=255)
    message = models.TextField(help_text="The notification as produced, exactly as sent.")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    disclosure = models.OneToOneField(
        Disclosure, on_delete=models.PROTECT, related_name="school_notification"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: school notification {self.pk}"


class ClosureReason(models.TextChoices):
    GOALS_MET = "GOALS_MET", "Support goals met"
    FAMILY_ENDED = "FAMILY_ENDED", "The family chose to end support"
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN", "Consent withdrawn"
    MOVED_AWAY = "MOVED_AWAY", "Moved out of the area"
    NO_CONTACT = "NO_CONTACT", "No contact for a long time"
    OTHER_SERVICE = "OTHER_SERVICE", "Handed over to another service"
    OTHER = "OTHER", "Another reason"


class Closure(models.Model):
    """One closing of a case. Reopening fills ``reopened_at`` and keeps the row, so a case's
    whole history stays readable."""

    case = models.ForeignKey(SupportCase, on_delete=models.PROTECT, related_name="closures")
    closed_on = models.DateField()
    reason = models.CharField(max_length=32, choices=ClosureReason.choices)
    note = models.TextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    # None: Paramount closed it, the case having had no activity for the configured period.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    reopened_at = models.DateTimeField(null=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["closed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(follow_up_on__isnull=True)
                | models.Q(follow_up_on__gt=models.F("closed_on")),
                name="follow_up_after_closure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: closed {self.closed_on:%Y-%m-%d}"
