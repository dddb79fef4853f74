"""Forms for raising an escalation, reporting harassment, and a lead's moves. The rules live in the services."""
from django import forms
from django.contrib.auth.models import User

from escalation.models import Category, DismissalReason, EntryKind, HarassmentKind, Outcome
from escalation.safety import WARNING_TEMPLATES

NOTE_WIDGET = forms.Textarea(attrs={"rows": 2, "maxlength": 2000})


class RaiseForm(forms.Form):
    ticket = forms.IntegerField(widget=forms.HiddenInput)
    category = forms.ChoiceField(choices=[("", "Choose…"), *Category.choices], label="What is urgent")
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False, label="Note for the leads")


class ReportForm(forms.Form):
    customer = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ticket = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(choices=[("", "Choose…"), *HarassmentKind.choices], label="What happened")
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False)
    hand_back = forms.BooleanField(required=False, label="Hand this ticket back to the queue now")


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("", "Choose…"), *Outcome.choices], label="Outcome")
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False, label="Note")


class DismissForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "Choose…"), *DismissalReason.choices], label="Why dismiss it")
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False, label="Note")


class NoteForm(forms.Form):
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, label="Note")


SAFETY_ACTIONS = [
    (kind.value, kind.label)
    for kind in (EntryKind.REASSIGN, EntryKind.WARN, EntryKind.RESTRICT, EntryKind.SUSPEND, EntryKind.LIFT)
]


class SafetyActionForm(forms.Form):
    kind = forms.ChoiceField(choices=SAFETY_ACTIONS, label="Action")
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Back to the queue (unassigned)",
        label="Reassign to",
    )
    template = forms.ChoiceField(
        choices=[(key, subject) for key, (subject, _path) in WARNING_TEMPLATES.items()],
        required=False,
        label="Warning to send",
    )
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False)

    def __init__(self, *args, escalation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if escalation is not None and escalation.ticket is not None:
            shielded = escalation.customer.shielded_agents.values("pk")
            members = escalation.ticket.queue.members.filter(staff__isnull=False).exclude(pk__in=shielded)
            self.fields["assignee"].queryset = members
            # Staff are listed by persona, never by username or real name.
            personas = dict(members.values_list("pk", "staff__persona__alias"))
            self.fields["assignee"].label_from_instance = lambda user: personas.get(user.pk) or "Team member"
