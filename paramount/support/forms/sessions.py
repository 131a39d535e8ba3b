"""Forms of the sessions, mentoring and wellbeing pages. They parse what was typed; the rules
(who may, which dates, which bounds) are the services'."""

from django import forms
from django.utils import timezone

from paramount.support.models import Occasion, Scorer, SessionKind
from paramount.support.services.sessions import (
    NOTES_MAXIMUM_CHARACTERS,
    SESSION_MAXIMUM_MINUTES,
    SESSION_MINIMUM_MINUTES,
)
from paramount.support.services.wellbeing import SCORE_MAXIMUM, SDQ_MAXIMUM

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]
YES_NO = [("Y", "Yes"), ("N", "No")]
FAMILY = "family"


def _date_field(label: str, what: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text="For example, 27/11/2026",
        error_messages={
            "required": f"Enter the date {what}",
            "invalid": "Enter a real date, like 27/11/2026",
        },
    )


class _SessionFields(forms.Form):
    held_on = _date_field("Date of the session", "of the session")
    duration_minutes = forms.IntegerField(
        label="How long it lasted, in minutes",
        min_value=SESSION_MINIMUM_MINUTES,
        max_value=SESSION_MAXIMUM_MINUTES,
        error_messages={
            "required": "Enter how long the session lasted, in minutes",
            "invalid": "Enter the length in whole minutes, like 45",
            "min_value": f"A session lasts at least {SESSION_MINIMUM_MINUTES} minute",
            "max_value": f"A session lasts at most {SESSION_MAXIMUM_MINUTES} minutes (12 hours)",
        },
    )
    attended = forms.ChoiceField(
        label="Did they attend?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they attended"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=NOTES_MAXIMUM_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What happened and anything to follow up. Notes are stored encrypted.",
    )

    def clean_attended(self):
        return self.cleaned_data["attended"] == "Y"


class SessionForm(_SessionFields):
    """A session a practitioner held with a child or the family."""

    field_order = ["child", "kind", "held_on", "duration_minutes", "attended", "notes"]
    child = forms.ChoiceField(
        label="Who was the session with?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the session was with"},
    )
    kind = forms.ChoiceField(
        label="Kind of session",
        choices=[c for c in SessionKind.choices if c[0] != SessionKind.MENTORING],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of session"},
    )

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        self.fields["child"].choices = [
            (str(c.pk), f"{c.first_name} {c.last_name}") for c in children
        ] + [(FAMILY, "The family, or the parent or carer")]

    def clean_child(self):
        return self.children.get(self.cleaned_data["child"])


class MentorSessionForm(_SessionFields):
    """A mentoring session, logged by the mentor who held it."""


class MentorAssignForm(forms.Form):
    mentor = forms.ChoiceField(
        label="Volunteer mentor", error_messages={"required": "Choose a mentor"}
    )
    started_on = _date_field("Date the mentoring starts", "the mentoring starts")

    def __init__(self, *args, mentors=(), **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.mentors = {str(m.pk): m for m in mentors}
        self.fields["mentor"].choices = [("", "Choose a mentor")] + [
            (str(m.pk), m.get_full_name() or m.get_username()) for m in mentors
        ]

    def clean_mentor(self):
        return self.mentors[self.cleaned_data["mentor"]]


class WellbeingForm(forms.Form):
    scored_on = _date_field("Date of the score", "of the score")
    occasion = forms.ChoiceField(
        label="When was it taken?",
        choices=Occasion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose when the score was taken"},
    )
    scored_by = forms.ChoiceField(
        label="Who gave the score?",
        choices=Scorer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who gave the score"},
    )
    score = forms.TypedChoiceField(
        label=f"Wellbeing score, 0 (very badly) to {SCORE_MAXIMUM} (very well)",
        choices=[(str(n), str(n)) for n in range(SCORE_MAXIMUM + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a score",
            "invalid_choice": f"Choose a score from 0 to {SCORE_MAXIMUM}",
        },
    )
    sdq_total = forms.IntegerField(
        label="SDQ total difficulties score (optional)",
        help_text=f"From the Strengths and Difficulties Questionnaire, 0 to {SDQ_MAXIMUM}",
        required=False,
        min_value=0,
        max_value=SDQ_MAXIMUM,
        error_messages={
            "invalid": "Enter the SDQ total as a whole number, like 14",
            "min_value": f"An SDQ total is 0 to {SDQ_MAXIMUM}",
            "max_value": f"An SDQ total is 0 to {SDQ_MAXIMUM}",
        },
    )
