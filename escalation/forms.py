"""Forms for filing a safety report and for a lead's action. The rules live in escalation.services."""
from django import forms
from django.contrib.auth.models import User

from escalation.models import ActionKind, HarassmentKind
from escalation.safety import WARNING_TEMPLATES


class ReportForm(forms.Form):
    customer = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ticket = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(choices=[("", "Choose…"), *HarassmentKind.choices], label="What happened")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)
    hand_back = forms.BooleanField(required=False, label="Hand this ticket back to the queue now")


class LeadActionForm(forms.Form):
    kind = forms.ChoiceField(choices=ActionKind.choices, label="Action")
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Back to the queue (unassigned)",
        label="Reassign to",
    )
    template = forms.ChoiceField(
        choices=[(key, subject) for key, (subject, _path) in WARNING_TEMPLATES.items()],
        required=False,
        label="Warning to send",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        if report is not None and report.ticket is not None:
            shielded = report.customer.shielded_agents.values("pk")
            members = report.ticket.queue.members.filter(staff__isnull=False).exclude(pk__in=shielded)
            self.fields["assignee"].queryset = members
            # Staff are listed by persona, never by username or real name.
            personas = dict(members.values_list("pk", "staff__persona__alias"))
            self.fields["assignee"].label_from_instance = lambda user: personas.get(user.pk) or "Team member"
