from django import forms

from paramount import config
from paramount.identification.models import IdentificationStatus, MatchBand, ReviewOutcome
from paramount.identification.selectors import STATUS_ALL


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d"
        )


class WorklistFilterForm(forms.Form):
    """The worklist's filters. Areas offered are those the viewer works in, in configuration order."""

    area = forms.ChoiceField(required=False, label="Area")
    band = forms.ChoiceField(
        required=False,
        label="Match",
        choices=[("", "All matches"), *MatchBand.choices],
    )
    date_from = forms.DateField(
        required=False,
        label="Received from",
        widget=DateInput(),
        error_messages={"invalid": "'Received from' must be a real date, for example 2025-03-27"},
    )
    date_to = forms.DateField(
        required=False,
        label="Received to",
        widget=DateInput(),
        error_messages={"invalid": "'Received to' must be a real date, for example 2025-03-27"},
    )
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[
            ("", "Open"),
            (IdentificationStatus.REJECTED, "Match rejected"),
            (STATUS_ALL, "All"),
        ],
    )

    def __init__(self, *args, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        mine = set(areas)
        names = [area.name for area in config.current().areas if area.name in mine]
        self.fields["area"].choices = [("", "All your areas"), *((name, name) for name in names)]
        for name in ("area", "band", "status"):
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error(
                "date_to",
                "The 'received to' date must be the same as or after the 'received from' date",
            )
        return cleaned

    def full_clean(self):
        super().full_clean()
        # GOV.UK marks a field in error with a red border as well as the message.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                error_class = (
                    "govuk-select--error"
                    if name in ("area", "band", "status")
                    else "govuk-input--error"
                )
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()


class ReviewDecisionForm(forms.Form):
    """An analyst's decision on a match: same person or not, why, and the version they saw."""

    decision = forms.ChoiceField(
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the prisoner and the local adult are the same person",
            "invalid_choice": "Select whether the prisoner and the local adult are the same person",
        },
    )
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self):
        cleaned = super().clean()
        if "version" in self.errors:
            # Only a page that was changed or is very old sends no usable version.
            del self.errors["version"]
            self.add_error(None, "This page is out of date; reload it and decide again")
        if (
            cleaned.get("decision") == ReviewOutcome.REJECTED_DIFFERENT_PERSON
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error(
                "reason",
                "Give the reason you think the prisoner and the local adult are different people",
            )
        return cleaned
