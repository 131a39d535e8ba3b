from django import forms

from paramount.outreach.models import LawfulBasis
from paramount.screening.models import CountersignOutcome, NotAppropriateReason, ScreeningOutcome


class ScreeningDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=ScreeningOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    reason_code = forms.ChoiceField(
        choices=[("", "Choose a reason")] + NotAppropriateReason.choices,
        required=False,
        label="Why contact is not appropriate",
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        label="Rationale",
        error_messages={"required": "Enter the rationale for your decision"},
    )
    csc_recipient_name = forms.CharField(
        required=False, max_length=255, label="Who you spoke to at children's social care"
    )
    csc_what = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label="What you told them",
    )
    csc_why = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label="Why you told them",
    )
    csc_lawful_basis = forms.ChoiceField(
        choices=[("", "Choose the lawful basis")]
        + [c for c in LawfulBasis.choices if c[0] != LawfulBasis.CONSENT],
        required=False,
        label="Lawful basis for the disclosure",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == ScreeningOutcome.NOT_APPROPRIATE and not data.get("reason_code"):
            self.add_error("reason_code", "Choose why contact is not appropriate")
        if outcome == ScreeningOutcome.COORDINATE_WITH_CSC:
            for field, message in (
                ("csc_what", "Enter what you told children's social care"),
                ("csc_why", "Enter why you told them"),
                ("csc_lawful_basis", "Choose the lawful basis for telling them"),
            ):
                if not data.get(field):
                    self.add_error(field, message)
        return data


class CountersignForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=CountersignOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree"},
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        label="Note (needed if you refuse)",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == CountersignOutcome.REFUSED
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", "Say why you refuse")
        return data
