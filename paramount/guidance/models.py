"""The guidance content: sections, each kept in every version a manager ever saved.

A section is identified by its ``key``; every save makes a new row with the next ``version``
and the old rows stay, so any sheet given to a family can be traced to the exact words it
showed. The current version of a key is its highest; a retired section is one whose current
version is marked ``retired``. Nothing here is personal data except who edited a version.

Guidance belongs to a partner organisation (``organisation``, as named on its staff's
memberships). The rows with no organisation are the shared starting set seeded with the service:
every organisation's sheets use them until one of its managers edits or retires a section,
which makes that organisation's own copy (the next version, theirs alone). Nobody edits the
shared rows themselves, and no organisation sees another's.
"""

from django.conf import settings
from django.db import models


class AgeBand(models.TextChoices):
    UNDER_5 = "UNDER_5", "Under 5"
    FIVE_TO_TEN = "5_TO_10", "5 to 10"
    ELEVEN_TO_FIFTEEN = "11_TO_15", "11 to 15"
    SIXTEEN_TO_SEVENTEEN = "16_TO_17", "16 or 17"


class LegalStatus(models.TextChoices):
    REMAND = "REMAND", "On remand (waiting for a trial or sentence)"
    SENTENCED = "SENTENCED", "Sentenced"


class SentenceBand(models.TextChoices):
    SHORT = "SHORT", "Under 12 months"
    MEDIUM = "MEDIUM", "1 to 4 years"
    LONG = "LONG", "Over 4 years"
    UNKNOWN = "UNKNOWN", "Not known yet"


class OffenceKind(models.TextChoices):
    GENERAL = "GENERAL", "Not discussed, or general guidance"
    AGAINST_FAMILY = "AGAINST_FAMILY", "Against a family member (including domestic abuse)"
    SEXUAL = "SEXUAL", "A sexual offence"
    VIOLENCE = "VIOLENCE", "Violence"
    OTHER = "OTHER", "Another kind of offence"


# The ``organisation`` of the shared starting set.
SHARED = ""

# The condition fields of a section and the choices each may hold, in one place: the form, the
# service's validation and the selection all read this.
CONDITIONS: dict[str, type[models.TextChoices]] = {
    "age_bands": AgeBand,
    "legal_statuses": LegalStatus,
    "sentence_bands": SentenceBand,
    "offence_kinds": OffenceKind,
}


class GuidanceSection(models.Model):
    """One version of one section of the guidance.

    Each condition is a list of codes; an empty list means the section applies whatever that
    choice is. ``only_with_press_coverage`` sections appear only when the practitioner says the
    case has been in the news or on social media.
    """

    organisation = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        help_text="The partner organisation whose guidance this is; empty for the shared starting set.",
    )
    key = models.SlugField(max_length=64)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(
        help_text=(
            "Paragraphs separated by a blank line; a line starting with '- ' is a bullet point."
        )
    )
    position = models.PositiveIntegerField(
        default=100, help_text="Where the section comes on a sheet: lower numbers first."
    )
    age_bands = models.JSONField(default=list, blank=True, help_text="AgeBand codes.")
    legal_statuses = models.JSONField(default=list, blank=True, help_text="LegalStatus codes.")
    sentence_bands = models.JSONField(default=list, blank=True, help_text="SentenceBand codes.")
    offence_kinds = models.JSONField(default=list, blank=True, help_text="OffenceKind codes.")
    only_with_press_coverage = models.BooleanField(default=False)
    retired = models.BooleanField(default=False)
    change_note = models.TextField(blank=True)
    # Null for the content seeded with the service.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "key", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"],
                name="one_row_per_organisation_section_version",
            ),
            # The shared starting set is written only by data migrations, never by a manager.
            models.CheckConstraint(
                condition=~models.Q(organisation=SHARED) | models.Q(edited_by__isnull=True),
                name="shared_guidance_is_seeded_only",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="section_versions_start_at_1"
            ),
            models.CheckConstraint(
                condition=~models.Q(title="") & ~models.Q(body=""),
                name="section_has_title_and_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or 'shared'} {self.key} v{self.version}"

    @property
    def shared(self) -> bool:
        """Whether this is a version of the shared starting set rather than one organisation's."""
        return self.organisation == SHARED

    @property
    def conditions(self) -> dict[str, list[str]]:
        return {name: list(getattr(self, name) or []) for name in CONDITIONS}

    def applies_to(
        self,
        *,
        age_band: str,
        legal_status: str | None,
        sentence_band: str,
        offence_kind: str,
        press_coverage: bool = False,
    ) -> bool:
        """Whether this version belongs on a sheet for these choices. An unknown choice (None)
        matches only sections that do not depend on it."""
        if self.retired or (self.only_with_press_coverage and not press_coverage):
            return False
        chosen = {
            "age_bands": age_band,
            "legal_statuses": legal_status,
            "sentence_bands": sentence_band,
            "offence_kinds": offence_kind,
        }
        return all(
            not getattr(self, name) or chosen[name] in getattr(self, name) for name in CONDITIONS
        )

    def blocks(self) -> list[tuple[str, object]]:
        """The body as ("paragraph", text) and ("bullets", [items]) blocks, for the page and
        the PDF alike."""
        blocks: list[tuple[str, object]] = []
        for chunk in self.body.replace("\r\n", "\n").split("\n\n"):
            lines = [line.strip() for line in chunk.split("\n") if line.strip()]
            if not lines:
                continue
            paragraph: list[str] = []
            bullets: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    if paragraph:
                        blocks.append(("paragraph", " ".join(paragraph)))
                        paragraph = []
                    bullets.append(line[2:].strip())
                elif bullets:
                    # A line after bullets without a blank line continues the last bullet.
                    bullets[-1] = f"{bullets[-1]} {line}"
                else:
                    paragraph.append(line)
            if paragraph:
                blocks.append(("paragraph", " ".join(paragraph)))
            if bullets:
                blocks.append(("bullets", bullets))
        return blocks
