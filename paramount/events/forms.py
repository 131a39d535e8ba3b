from django import forms
from django.utils import timezone

from paramount.events.models import EventKind, Response

DATETIME_HELP = "For example, 2027-01-16 10:00"
DATETIME_INVALID = "Enter a date and time like 2027-01-16 10:00"


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        label="What kind of event is it?",
        error_messages={"required": "Choose what kind of event it is"},
    )
    title = forms.CharField(
        max_length=255, label="Title", error_messages={"required": "Enter a title"}
    )
    description = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What happens there (optional)",
    )
    starts_at = forms.DateTimeField(
        label="Starts",
        help_text=DATETIME_HELP,
        error_messages={"required": "Enter when it starts", "invalid": DATETIME_INVALID},
    )
    ends_at = forms.DateTimeField(
        label="Ends",
        help_text=DATETIME_HELP,
        error_messages={"required": "Enter when it ends", "invalid": DATETIME_INVALID},
    )
    location = forms.CharField(
        max_length=255,
        label="Where",
        help_text="A place, or how to join online",
        error_messages={"required": "Say where it is, or how to join online"},
    )
    capacity = forms.IntegerField(
        min_value=1,
        max_value=1000,
        label="Places",
        help_text="How many children and carers can come",
        error_messages={
            "required": "Enter how many places there are",
            "invalid": "Enter the number of places as a whole number, like 12",
            "min_value": "An event needs at least one place",
            "max_value": "Enter at most 1000 places",
        },
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is it cancelled?",
        help_text="Practitioners see this when they tell the families who were invited",
        error_messages={"required": "Say why the event is cancelled"},
    )


CARER = "carer"


class InviteForm(forms.Form):
    event = forms.ChoiceField(
        label="Event", error_messages={"required": "Choose an event to invite the family to"}
    )
    invitees = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Who is invited?",
        help_text="Peer groups are for children, parent groups for carers only; family days, "
        "residentials and online activities for both",
        error_messages={"required": "Choose who to invite"},
    )

    def __init__(self, *args, events=(), children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.events = {str(e.pk): e for e in events}
        self.children = {str(c.pk): c for c in children}
        self.fields["event"].choices = [("", "Choose an event")] + [
            (
                str(e.pk),
                f"{e.title}, {e.get_kind_display().lower()}, "
                f"{timezone.localtime(e.starts_at):%-d %b %Y %H:%M} "
                f"({e.capacity - e.places_taken} places left)",
            )
            for e in events
        ]
        self.fields["invitees"].choices = [(str(c.pk), c.first_name) for c in children] + [
            (CARER, "The parent or carer")
        ]

    def clean_event(self):
        return self.events[self.cleaned_data["event"]]

    def clean(self):
        data = super().clean()
        chosen = data.get("invitees") or []
        data["children"] = [self.children[value] for value in chosen if value != CARER]
        data["include_carer"] = CARER in chosen
        return data


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        choices=[(Response.ACCEPTED, "Coming"), (Response.DECLINED, "Not coming")],
        widget=forms.RadioSelect,
        label="Their answer",
        error_messages={"required": "Choose their answer"},
    )


class AttendanceForm(forms.Form):
    attended = forms.ChoiceField(
        choices=[("Y", "Came"), ("N", "Did not come")],
        widget=forms.RadioSelect,
        label="Did they come?",
        error_messages={"required": "Say whether they came"},
    )

    def clean_attended(self):
        return self.cleaned_data["attended"] == "Y"
