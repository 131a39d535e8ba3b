"""Forms of release planning: marking a task done and acknowledging an alert. They parse what a
person typed; the rules live in :mod:`paramount.support.services.release` and
:func:`paramount.support.services.cases.task_done`."""

from django import forms

# Where to go back to after the action: the case page or the viewer's task list.
RETURN_TO = [("case", "The case"), ("tasks", "Your tasks")]


class ReturnToField(forms.ChoiceField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(choices=RETURN_TO, required=False, **kwargs)


class TaskDoneForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        label="What was done",
        help_text="For example, who you spoke to, what was agreed and what happens next.",
        error_messages={"required": "Say what was done"},
    )
    return_to = ReturnToField()


class AlertAcknowledgeForm(forms.Form):
    return_to = ReturnToField()
