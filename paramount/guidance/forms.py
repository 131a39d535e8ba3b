from django import forms

from paramount.guidance.models import AgeBand, LegalStatus, OffenceKind, SentenceBand
from paramount.guidance.services import KEY_MAX, TITLE_MAX, SectionContent

YES_NO = [("YES", "Yes"), ("NO", "No")]


class SheetChoiceForm(forms.Form):
    """The four choices (and press coverage) that pick a child's sheet. Sent by GET, so the
    sheet's address says what it shows and the PDF link repeats it."""

    age_band = forms.ChoiceField(
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        label="How old is the child?",
        error_messages={"required": "Choose the child's age"},
    )
    legal_status = forms.ChoiceField(
        choices=LegalStatus.choices,
        widget=forms.RadioSelect,
        label="Is the parent on remand or sentenced?",
        error_messages={"required": "Choose whether the parent is on remand or sentenced"},
    )
    sentence_band = forms.ChoiceField(
        choices=SentenceBand.choices,
        widget=forms.RadioSelect,
        label="How long is the sentence?",
        help_text="If the parent is on remand, leave this as not known yet.",
        error_messages={"required": "Choose how long the sentence is, or not known yet"},
    )
    offence_kind = forms.ChoiceField(
        choices=OffenceKind.choices,
        widget=forms.RadioSelect,
        label="What is the offence?",
        help_text="Only as much as the carer has told you.",
        error_messages={"required": "Choose the kind of offence, or general guidance"},
    )
    press_coverage = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Has it been in the news or on social media?",
        error_messages={"required": "Say whether it has been in the news or on social media"},
    )

    def __init__(self, *args, child_name: str = "the child", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["age_band"].label = f"How old is {child_name}?"
        self.fields["age_band"].error_messages["required"] = f"Choose {child_name}'s age"

    def choices(self) -> dict:
        data = self.cleaned_data
        return {
            "age_band": data["age_band"],
            "legal_status": data["legal_status"],
            "sentence_band": data["sentence_band"],
            "offence_kind": data["offence_kind"],
            "press_coverage": data["press_coverage"] == "YES",
        }


class SectionForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_MAX, error_messages={"required": "Give the section a title"}
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}),
        label="Text",
        help_text=(
            "Plain English. Leave a blank line between paragraphs; start a line with a hyphen "
            "and a space (- ) for a bullet point."
        ),
        error_messages={"required": "Write the section's text"},
    )
    position = forms.IntegerField(
        min_value=0,
        label="Position on the sheet",
        help_text="Lower numbers come first. The seeded sections use 10 to 250.",
        error_messages={
            "required": "Give the position on the sheet",
            "invalid": "The position must be a whole number, like 120",
            "min_value": "The position must be 0 or more",
        },
    )
    age_bands = forms.MultipleChoiceField(
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="For children aged",
        help_text="Tick none for every age.",
    )
    legal_statuses = forms.MultipleChoiceField(
        choices=LegalStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="When the parent is",
        help_text="Tick none for both.",
    )
    sentence_bands = forms.MultipleChoiceField(
        choices=SentenceBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="For sentences of",
        help_text="Tick none for any sentence.",
    )
    offence_kinds = forms.MultipleChoiceField(
        choices=OffenceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="For offences",
        help_text="Tick none for any offence.",
    )
    only_with_press_coverage = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="NO",
        label="Only when it has been in the news or on social media?",
        error_messages={"required": "Say whether the section is only for press coverage"},
    )
    change_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="What did you change, and why?",
        help_text="Kept in the section's history.",
        error_messages={"required": "Say what you changed and why"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, section) -> dict:
        return {
            "title": section.title,
            "body": section.body,
            "position": section.position,
            "only_with_press_coverage": "YES" if section.only_with_press_coverage else "NO",
            "version": section.version,
            **section.conditions,
        }

    def content(self) -> SectionContent:
        data = self.cleaned_data
        return SectionContent(
            title=data["title"],
            body=data["body"],
            position=data["position"],
            age_bands=data["age_bands"],
            legal_statuses=data["legal_statuses"],
            sentence_bands=data["sentence_bands"],
            offence_kinds=data["offence_kinds"],
            only_with_press_coverage=data["only_with_press_coverage"] == "YES",
        )


class NewSectionForm(SectionForm):
    key = forms.SlugField(
        max_length=KEY_MAX,
        label="Short name",
        help_text="Letters, numbers and hyphens, for example visiting-for-the-first-time.",
        error_messages={
            "required": "Give the section a short name",
            "invalid": "Use only letters, numbers and hyphens in the short name",
        },
    )
    field_order = ["key"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_note"].required = False
        self.fields["change_note"].label = "Why is it needed? (optional)"


class RetireForm(forms.Form):
    change_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="Why is it being retired?",
        error_messages={"required": "Say why the section is being retired"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
