"""Forms of school liaison: the notification to a school's safeguarding lead and the family's
consent to the school being told. They parse what a person typed; the rules live in
:mod:`paramount.support.services.school`."""

from django import forms
from django.utils import timezone

from paramount.outreach.models import ConsentMethod
from paramount.support.forms.cases import DateInputField

PARENTAL_RESPONSIBILITY = [("Y", "Yes"), ("N", "No"), ("U", "Not sure")]


class SchoolNotificationForm(forms.Form):
    school_name = forms.CharField(
        max_length=255,
        label="School",
        help_text="The school's full name, for example Imaginary Road Primary School",
        error_messages={"required": "Enter the school's name"},
    )
    safeguarding_lead = forms.CharField(
        max_length=255,
        label="Designated safeguarding lead",
        help_text="The name of the school's designated safeguarding lead",
        error_messages={"required": "Enter the safeguarding lead's name"},
    )
    # "preview" shows the message; "make" stores it and records the disclosure.
    step = forms.ChoiceField(
        choices=[("preview", "Preview"), ("make", "Make")],
        widget=forms.HiddenInput,
        required=False,
    )


class SchoolConsentForm(forms.Form):
    given_by_name = forms.CharField(
        max_length=255,
        label="Who gave consent",
        error_messages={"required": "Enter who gave consent"},
    )
    relationship_to_child = forms.CharField(
        max_length=64,
        label="Their relationship to the children",
        help_text="For example, mother, grandmother, foster carer",
        error_messages={"required": "Enter their relationship to the children"},
    )
    has_parental_responsibility = forms.ChoiceField(
        choices=PARENTAL_RESPONSIBILITY,
        widget=forms.RadioSelect,
        label="Do they hold parental responsibility?",
        error_messages={"required": "Say whether they hold parental responsibility"},
    )
    method = forms.ChoiceField(
        choices=[c for c in ConsentMethod.choices if c[0] != ConsentMethod.SELF_REFERRAL],
        widget=forms.RadioSelect,
        label="How consent was given",
        error_messages={"required": "Choose how consent was given"},
    )
    given_on = DateInputField(
        label="When they gave consent",
        help_text="For example, 27 11 2026",
        error_messages={"required": "Enter the date they gave consent"},
    )
    agreed = forms.BooleanField(
        label="They agreed that we may tell the children's school that their parent is in "
        "custody, so the school can support them",
        error_messages={"required": "Confirm what the family agreed to"},
    )

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return value

    def parental_responsibility(self) -> bool | None:
        return {"Y": True, "N": False}.get(self.cleaned_data["has_parental_responsibility"])
