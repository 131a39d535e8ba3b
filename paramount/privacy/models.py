"""What the privacy app keeps of its own: the subject access requests received and answered."""

from django.conf import settings
from django.db import models


class SubjectAccessRequest(models.Model):
    """One person's request to see their data: when it came, when it is due, when answered."""

    person_key = models.CharField(max_length=64, help_text="The resolved person asking.")
    received_on = models.DateField()
    due_on = models.DateField(
        help_text="One calendar month from receipt, moved to the next working day."
    )
    exported_at = models.DateTimeField(null=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("received_on")),
                name="subject_access_due_after_receipt",
            )
        ]

    def __str__(self) -> str:
        return f"subject access request {self.pk} (due {self.due_on:%Y-%m-%d})"
