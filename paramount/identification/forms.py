from django import forms

from paramount import config
from paramount.identification.models import MatchBand


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

    def __init__(self, *args, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        mine = set(areas)
        names = [area.name for area in config.current().areas if area.name in mine]
        self.fields["area"].choices = [("", "All your areas"), *((name, name) for name in names)]
        for name in ("area", "band"):
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
                    "govuk-select--error" if name in ("area", "band") else "govuk-input--error"
                )
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()
