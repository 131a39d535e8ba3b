"""Forms of intake, allocation, assessment, the plan, closure and reopening. They parse what a
person typed; the rules of the case live in :mod:`paramount.support.services.cases`."""

from __future__ import annotations

from datetime import date

from django import forms
from django.forms.boundfield import BoundField

from paramount.support.models import (
    ClosureReason,
    ContactFrequency,
    Effect,
    FamilyNeed,
    Intervention,
    Knowledge,
    OffenceFactor,
    Scorer,
)

DATE_PARTS = ("day", "month", "year")


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input), posted as ``<name>_day`` and so on."""

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput for part in DATE_PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def id_for_label(self, id_):
        # The error summary links to the day box.
        return f"{id_}_day" if id_ else ""


class DateBoundField(BoundField):
    @property
    def parts(self) -> dict[str, str]:
        """What each box shows: what was typed, or the initial date."""
        value = self.value()
        if isinstance(value, date):
            value = [value.day, value.month, value.year]
        if not isinstance(value, list | tuple):
            value = ["", "", ""]
        return {
            part: "" if typed is None else str(typed)
            for part, typed in zip(DATE_PARTS, value, strict=False)
        }


class DateInputField(forms.Field):
    """A date typed into the three boxes of a GOV.UK date input."""

    widget = DateInputWidget
    default_error_messages = {
        "required": "Enter the date",
        "incomplete": "Enter the day, the month and the year",
        "invalid": "Enter a real date, for example 27 3 2026",
    }

    def get_bound_field(self, form, field_name):
        return DateBoundField(form, self, field_name)

    def to_python(self, value):
        if isinstance(value, date):
            return value
        parts = [str(part or "").strip() for part in (value or [])]
        if not any(parts):
            return None
        if len(parts) != 3 or not all(parts):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1900:
                raise ValueError
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def _person_choices(people) -> list[tuple[str, str]]:
    return [(str(p.pk), p.get_full_name() or p.get_username()) for p in people]


class VersionForm(forms.Form):
    """A form about a case, carrying the version of the case the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class AllocationFields(forms.Form):
    practitioner = forms.ChoiceField(label="Practitioner", required=False)
    team = forms.CharField(
        label="Or a team",
        required=False,
        max_length=128,
        help_text="Every practitioner of the team will see the family. Choose one or type a new name.",
    )

    def __init__(self, *args, practitioners=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.practitioners = {str(p.pk): p for p in practitioners}
        self.teams = list(teams)
        self.fields["practitioner"].choices = [("", "No named practitioner")] + _person_choices(
            practitioners
        )

    def clean_practitioner(self):
        return self.practitioners.get(self.cleaned_data["practitioner"])

    def clean_team(self):
        return self.cleaned_data["team"].strip()


class AcceptForm(AllocationFields):
    ALLOCATE, WAITLIST = "ALLOCATE", "WAITLIST"
    decision = forms.ChoiceField(
        label="What happens to this referral?",
        choices=[(ALLOCATE, "Allocate the family now"), (WAITLIST, "Put it on the waiting list")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to allocate the family or put it on the waiting list"
        },
    )
    waitlist_reason = forms.CharField(
        label="Why is the family waiting?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, no practitioner free in the area until next month.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.WAITLIST:
            if not (data.get("waitlist_reason") or "").strip():
                self.add_error(
                    "waitlist_reason",
                    "Say why the family is waiting: the waiting list needs a reason. "
                    "Nothing was saved.",
                )
            data["practitioner"], data["team"] = None, ""
        elif data.get("decision") == self.ALLOCATE:
            data["waitlist_reason"] = ""
            if data.get("practitioner") is None and not data.get("team"):
                self.add_error("practitioner", "Choose a practitioner or a team")
        return data


class AllocateForm(AllocationFields, VersionForm):
    def clean(self):
        data = super().clean()
        if data.get("practitioner") is None and not data.get("team") and not self.errors:
            self.add_error("practitioner", "Choose a practitioner or a team")
        return data


def _radios(choices, label, message):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


def _text(label, rows=3, required=False, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class AssessmentForm(forms.Form):
    assessed_on = DateInputField(
        label="When was the child assessed?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the assessment"},
    )
    age_and_stage = _text(
        "Age and stage",
        required=True,
        help_text="Development and school stage, for example Year 4 at primary school.",
        error_messages={"required": "Describe the child's age and stage"},
    )
    knowledge = _radios(
        Knowledge.choices,
        "What does the child know?",
        "Choose what the child knows about the imprisonment",
    )
    what_child_was_told = _text("What the child has been told (optional)")
    visits = _radios(ContactFrequency.choices, "Visits", "Choose how often the child visits")
    calls = _radios(ContactFrequency.choices, "Calls", "Choose how often the child has calls")
    letters = _radios(ContactFrequency.choices, "Letters", "Choose how often letters are sent")
    relationship_with_parent = _text("Relationship with the parent in prison (optional)")
    offence_factors = forms.MultipleChoiceField(
        label="What about the offence matters to the child?",
        choices=OffenceFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    effects = forms.MultipleChoiceField(
        label="How is the child affected?",
        choices=Effect.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    effects_detail = _text("More about the effects (optional)")
    strengths = _text("Strengths (optional)")
    risks = _text("Risks (optional)")

    def details(self):
        from paramount.support.services.cases import ChildAssessmentDetails

        data = self.cleaned_data
        return ChildAssessmentDetails(
            assessed_on=data["assessed_on"],
            age_and_stage=data["age_and_stage"],
            knowledge=Knowledge(data["knowledge"]),
            visits=ContactFrequency(data["visits"]),
            calls=ContactFrequency(data["calls"]),
            letters=ContactFrequency(data["letters"]),
            what_child_was_told=data["what_child_was_told"],
            relationship_with_parent=data["relationship_with_parent"],
            offence_factors=tuple(OffenceFactor(code) for code in data["offence_factors"]),
            effects=tuple(Effect(code) for code in data["effects"]),
            effects_detail=data["effects_detail"],
            strengths=data["strengths"],
            risks=data["risks"],
        )


class FamilyNeedsForm(forms.Form):
    assessed_on = DateInputField(
        label="When were the family's needs assessed?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the assessment"},
    )
    needs = forms.MultipleChoiceField(
        label="What does the family need help with?",
        choices=FamilyNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or none.",
    )
    detail = _text("More about the family's needs (optional)", rows=4)


class PlanForm(VersionForm):
    """One goal (and, optionally, one child) per intervention; an intervention is chosen when
    its goal is filled in."""

    agreed_on = DateInputField(
        label="When was the plan agreed with the family?",
        error_messages={"required": "Enter the date the plan was agreed"},
    )
    review_on = DateInputField(
        label="When will the plan be reviewed?",
        error_messages={"required": "Enter the review date"},
    )

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        child_choices = [("", "The whole family")] + [(str(c.pk), c.first_name) for c in children]
        self.rows = []
        for intervention in Intervention:
            goal_name, child_name = f"goal_{intervention.value}", f"child_{intervention.value}"
            self.fields[goal_name] = forms.CharField(
                label=f"Goal of {intervention.label.lower()}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[child_name] = forms.ChoiceField(
                label=f"Who {intervention.label.lower()} is for",
                choices=child_choices,
                required=False,
            )
            self.rows.append((intervention, goal_name, child_name))

    def intervention_rows(self):
        return [
            {"intervention": intervention, "goal": self[goal], "child": self[child]}
            for intervention, goal, child in self.rows
        ]

    def clean(self):
        data = super().clean()
        if not any((data.get(goal) or "").strip() for _, goal, _ in self.rows):
            self.add_error(
                None, "Choose at least one intervention by writing its goal. Nothing was saved."
            )
        return data

    def items(self):
        from paramount.support.services.cases import PlanItemDetails

        return [
            PlanItemDetails(
                intervention=intervention,
                goal=self.cleaned_data[goal],
                child=self.children.get(self.cleaned_data[child] or ""),
            )
            for intervention, goal, child in self.rows
            if self.cleaned_data[goal].strip()
        ]


class CloseForm(VersionForm):
    reason = _radios(
        ClosureReason.choices, "Why is the case closing?", "Choose why the case is closing"
    )
    note = _text("Note (optional)", help_text="Needed when the reason is 'Another reason'.")
    closed_on = DateInputField(
        label="Date of closure", error_messages={"required": "Enter the date of closure"}
    )
    follow_up_on = DateInputField(
        label="Follow up with the family on",
        help_text="A task to check in with the family falls due on this date.",
        error_messages={"required": "Enter the follow-up date"},
    )

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children = list(children)
        self.score_rows = []
        for child in self.children:
            score, scored_by, sdq = (f"{name}_{child.pk}" for name in ("score", "scored_by", "sdq"))
            self.fields[score] = forms.IntegerField(
                label=f"{child.first_name}'s wellbeing score, 0 to 10 (optional)",
                required=False,
                min_value=0,
                max_value=10,
                error_messages={
                    "invalid": f"Enter {child.first_name}'s score as a whole number from 0 to 10",
                    "min_value": f"{child.first_name}'s score is 0 to 10",
                    "max_value": f"{child.first_name}'s score is 0 to 10",
                },
            )
            self.fields[scored_by] = forms.ChoiceField(
                label="Who gave the score?",
                choices=Scorer.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[sdq] = forms.IntegerField(
                label="Strengths and Difficulties Questionnaire total, 0 to 40 (optional)",
                required=False,
                min_value=0,
                max_value=40,
                error_messages={
                    "invalid": "Enter the SDQ total as a whole number from 0 to 40",
                    "min_value": "The SDQ total is 0 to 40",
                    "max_value": "The SDQ total is 0 to 40",
                },
            )
            self.score_rows.append((child, score, scored_by, sdq))

    def child_rows(self):
        return [
            {"child": child, "score": self[score], "scored_by": self[by], "sdq": self[sdq]}
            for child, score, by, sdq in self.score_rows
        ]

    def clean(self):
        data = super().clean()
        for child, score, scored_by, sdq in self.score_rows:
            if data.get(score) is None:
                if data.get(sdq) is not None:
                    self.add_error(
                        score, f"Enter {child.first_name}'s wellbeing score with the SDQ total"
                    )
            elif not data.get(scored_by):
                self.add_error(scored_by, f"Say who gave {child.first_name}'s score")
        return data

    def final_scores(self):
        from paramount.support.models import Occasion
        from paramount.support.services.wellbeing import ScoreDetails

        data = self.cleaned_data
        return [
            ScoreDetails(
                child=child,
                scored_on=data["closed_on"],
                occasion=Occasion.CLOSURE,
                scored_by=Scorer(data[scored_by]),
                score=data[score],
                sdq_total=data[sdq],
            )
            for child, score, scored_by, sdq in self.score_rows
            if data.get(score) is not None
        ]


class ReopenForm(VersionForm):
    reason = _text(
        "Why is the case being reopened?",
        required=True,
        error_messages={"required": "Say why the case is being reopened"},
    )
