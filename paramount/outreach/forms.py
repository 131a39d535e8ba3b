from django import forms
from django.utils import timezone

from paramount.outreach.models import (
    ConsentMethod,
    ContactMethod,
    ContactOutcome,
    LawfulBasis,
    RecipientKind,
)

YES_NO = [("Y", "Yes"), ("N", "No")]


class AssignOfficerForm(forms.Form):
    officer = forms.ChoiceField(
        label="Outreach officer", error_messages={"required": "Choose an officer"}
    )

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.officers = {str(o.pk): o for o in officers}
        self.fields["officer"].choices = [("", "Choose an officer")] + [
            (str(o.pk), o.get_full_name() or o.get_username()) for o in officers
        ]

    def clean_officer(self):
        return self.officers[self.cleaned_data["officer"]]


class ContactAttemptForm(forms.Form):
    method = forms.ChoiceField(
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you tried"},
    )
    attempted_at = forms.DateTimeField(
        label="When",
        help_text="For example, 2026-11-30 14:30",
        error_messages={
            "required": "Enter when you tried",
            "invalid": "Enter a date and time like 2026-11-30 14:30",
        },
    )
    outcome = forms.ChoiceField(
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    # Consent, when the outcome is CONSENTED.
    given_by_name = forms.CharField(required=False, max_length=255, label="Who gave consent")
    relationship_to_child = forms.CharField(
        required=False, max_length=64, label="Their relationship to the children"
    )
    has_parental_responsibility = forms.ChoiceField(
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
        label="Do they hold parental responsibility?",
    )
    covers = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What they agreed to",
        choices=[
            ("referral", "Referral to the partner organisation"),
            ("school", "Sharing with the children's school"),
            ("social_care", "Sharing with children's social care"),
        ],
    )
    consent_method = forms.ChoiceField(
        choices=[c for c in ConsentMethod.choices if c[0] != ConsentMethod.SELF_REFERRAL],
        required=False,
        widget=forms.RadioSelect,
        label="How consent was given",
    )
    contact_phone = forms.CharField(
        required=False, max_length=64, label="Phone number for the partner to call"
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_attempted_at(self):
        value = self.cleaned_data["attempted_at"]
        if value > timezone.now():
            raise forms.ValidationError("The attempt cannot be in the future")
        return value

    def clean(self):
        data = super().clean()
        if data.get("outcome") == ContactOutcome.CONSENTED:
            for field, message in (
                ("given_by_name", "Enter who gave consent"),
                ("relationship_to_child", "Enter their relationship to the children"),
                ("has_parental_responsibility", "Say whether they hold parental responsibility"),
                ("consent_method", "Choose how consent was given"),
            ):
                if not data.get(field):
                    self.add_error(field, message)
            if "referral" not in (data.get("covers") or []):
                self.add_error("covers", "Consent to a referral must cover the referral")
        return data


class ReferralForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawConsentForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        label="What the family said",
        error_messages={"required": "Enter what the family said"},
    )


class DisclosureForm(forms.Form):
    recipient_kind = forms.ChoiceField(
        choices=RecipientKind.choices, widget=forms.RadioSelect, label="Shared with"
    )
    recipient_organisation = forms.CharField(max_length=255, label="Organisation")
    recipient_name = forms.CharField(max_length=255, required=False, label="Person")
    what = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="What was shared"
    )
    why = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="Why")
    lawful_basis = forms.ChoiceField(
        choices=[("", "Choose the lawful basis")] + LawfulBasis.choices,
        label="Lawful basis",
        error_messages={"required": "Choose the lawful basis: sharing without one is refused"},
    )


class SelfReferralPublicForm(forms.Form):
    reference = forms.CharField(
        max_length=32,
        label="Your reference",
        help_text="It is on the card the officer left with you, for example KX7P-3MQ9",
        error_messages={"required": "Enter the reference you were given"},
    )
    contact_name = forms.CharField(
        max_length=255, label="Your name", error_messages={"required": "Enter your name"}
    )
    relationship_to_child = forms.CharField(
        max_length=64,
        label="How you are related to the children",
        help_text="For example, mother, grandmother, foster carer",
        error_messages={"required": "Say how you are related to the children"},
    )
    has_parental_responsibility = forms.ChoiceField(
        choices=YES_NO + [("U", "I'm not sure")],
        widget=forms.RadioSelect,
        label="Do you have parental responsibility for the children?",
        error_messages={"required": "Say whether you have parental responsibility"},
    )
    contact_details = forms.CharField(
        max_length=255,
        label="A phone number or email address we can use",
        error_messages={"required": "Enter a phone number or email address"},
    )
    best_time = forms.CharField(
        max_length=255, required=False, label="When is best to contact you? (optional)"
    )
