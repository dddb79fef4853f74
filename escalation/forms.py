"""Forms for raising an escalation, reporting harassment, and a lead's moves. The rules live in the services."""
from django import forms
from django.contrib.auth.models import User
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agents.identity import public_name, public_names
from escalation.duty import DUTY_HOURS, MAX_DUTY_HOURS
from escalation.duty_models import Weekday
from escalation.models import Category, DismissalReason, EntryKind, HarassmentKind, Outcome
from escalation.safety import WARNING_TEMPLATES
from tickets.notifications import warning_render

NOTE_WIDGET = forms.Textarea(attrs={"rows": 2, "maxlength": 2000})


class RaiseForm(forms.Form):
    ticket = forms.IntegerField(widget=forms.HiddenInput)
    category = forms.ChoiceField(choices=[("", _("Choose…")), *Category.choices], label=_("What is urgent"))
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False, label=_("Note for the leads"))


class ReportForm(forms.Form):
    customer = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ticket = forms.IntegerField(widget=forms.HiddenInput, required=False)
    category = forms.ChoiceField(choices=[("", _("Choose…")), *HarassmentKind.choices], label=_("What happened"))
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False)
    hand_back = forms.BooleanField(required=False, label=_("Hand this ticket back to the queue now"))


class OverClaimFields(forms.Form):
    """Closing an escalation another lead has claimed: the page names the claimant and the lead confirms. The
    hidden id is the claimant the page showed: one who claimed it after that is not confirmed."""

    # Bounded: the id goes into the close's conditional update as a user id, and a number past what the database
    # holds would be a server error there (SQLite cannot bind it) instead of a refused form.
    over_claim_of = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1,
                                       max_value=models.BigIntegerField.MAX_BIGINT)
    confirm_over_claim = forms.BooleanField(required=False, label=_("Close it over their claim"))

    def over_claim(self) -> int | None:
        """The claimant confirmed, or None."""
        data = self.cleaned_data
        return data.get("over_claim_of") if data.get("confirm_over_claim") else None


class ResolveForm(OverClaimFields):
    outcome = forms.ChoiceField(choices=[("", _("Choose…")), *Outcome.choices], label=_("Outcome"))
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False, label=_("Note"))


class DismissForm(OverClaimFields):
    reason = forms.ChoiceField(choices=[("", _("Choose…")), *DismissalReason.choices], label=_("Why dismiss it"))
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False, label=_("Note"))


class NoteForm(forms.Form):
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, label=_("Note"))


SAFETY_ACTIONS = [
    (kind.value, kind.label)
    for kind in (EntryKind.REASSIGN, EntryKind.WARN, EntryKind.RESTRICT, EntryKind.SUSPEND, EntryKind.LIFT)
]


# What each action does, said on the form before the lead picks it: who is told, what changes, how to undo it.
SAFETY_ACTION_EXPLAINED = {
    EntryKind.REASSIGN: _(
        "Gives the ticket to the agent you choose below, or back to the queue unassigned. The "
        "customer is not told. Agents shielded from this customer are never offered. Undo: reassign again."
    ),
    EntryKind.WARN: _(
        "Emails the customer the warning you choose below (its text is shown under the list), from "
        "the queue's address in the team's name: no agent is named. It goes out once and cannot be unsent; the "
        "timeline shows whether it was delivered."
    ),
    EntryKind.RESTRICT: _(
        "The customer can reach only the queue, never a named agent. The agent who reported them "
        "is shielded from them for good, and their open tickets with that agent go back to the queue. The customer "
        "is not told. Undo: “Lifted the restriction”."
    ),
    EntryKind.SUSPEND: _(
        "Asks another lead to approve a suspension; nothing changes until they do. Once approved, "
        "the customer's new messages are kept in the suspended view, change no ticket and notify nobody. Your note "
        "is the reason the approving lead reads. Undo: “Lifted the restriction”."
    ),
    EntryKind.LIFT: _(
        "Ends a restriction or suspension: the customer's messages reach the team again. Agents "
        "shielded from this customer stay shielded (that protection is theirs)."
    ),
}


class SafetyActionForm(forms.Form):
    kind = forms.ChoiceField(choices=SAFETY_ACTIONS, label=_("Action"), widget=forms.RadioSelect)
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label=_("Back to the queue (unassigned)"),
        label=_("Reassign to"),
    )
    template = forms.ChoiceField(
        choices=[(key, subject) for key, (subject, _path) in WARNING_TEMPLATES.items()],
        required=False,
        label=_("Warning to send"),
    )
    note = forms.CharField(widget=NOTE_WIDGET, max_length=2000, required=False)

    def __init__(self, *args, escalation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if escalation is not None and escalation.ticket is not None:
            shielded = escalation.customer.shielded_agents.values("pk")
            members = escalation.ticket.queue.members.filter(staff__isnull=False).exclude(pk__in=shielded)
            _choose_by_persona(self.fields["assignee"], members)
        self.warnings = [
            warning_render(ticket=escalation.ticket if escalation else None, variant=key) for key in WARNING_TEMPLATES
        ]

    def explained(self) -> list[tuple]:
        """Each action's radio button with what it will do."""
        return [(radio, SAFETY_ACTION_EXPLAINED[radio.data["value"]]) for radio in self["kind"]]


class CauseForm(forms.Form):
    """What caused the escalation: one of our published replies on the ticket, or a public post."""

    message = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label=_("A reply of ours"))
    url = forms.CharField(max_length=500, required=False, label=_("Or a public post: its link"),
                          widget=forms.URLInput(attrs={"placeholder": "https://"}))
    text = forms.CharField(required=False, max_length=5000, label=_("The post's text, as it reads now"),
                           widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}))

    def __init__(self, *args, replies=(), **kwargs):
        super().__init__(*args, prefix="cause", **kwargs)
        # Dated as the page dates everything: in the viewer's language and time zone.
        self.fields["message"].choices = [("", _("— none (a public post) —"))] + [
            (m.pk, f"{m.author_alias or gettext('Team')} · {date_format(localtime(m.created_at), 'j M Y, H:i')} · "
                   f"{m.body[:80]}")
            for m in replies
        ]


class CorrectionForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=_("Correction to the customer"),
                           help_text=_("Sent under your persona through the reply gate: it is scanned before "
                                     "the customer sees it, and held if it would reveal private details."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="correction", **kwargs)


class DutyForm(forms.Form):
    queue = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("on", _("Go on duty")), ("off", _("Go off duty"))], widget=forms.HiddenInput)
    hours = forms.IntegerField(
        min_value=1, max_value=MAX_DUTY_HOURS, required=False, initial=DUTY_HOURS, label=_("for (hours)")
    )


def _choose_by_persona(field: forms.ModelChoiceField, users) -> dict[int, str]:
    """Offer `users` in `field` by persona, never by username or real name (one query for the labels); returns
    their names by id, which also says who is offered."""
    field.queryset = users
    names = dict(public_names(users))
    field.label_from_instance = lambda user: names.get(user.pk) or public_name(None)
    return names


class DutyShiftForm(forms.Form):
    """A weekly shift on a queue's schedule; the rules (a lead of the queue, no duplicate) are the service's."""

    lead = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Lead"), empty_label=_("Choose…"))
    weekdays = forms.TypedMultipleChoiceField(
        choices=Weekday.choices, coerce=int, widget=forms.CheckboxSelectMultiple, label=_("Days")
    )
    start = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(
        label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("At or before the start: the shift ends the next day (00:00 to 00:00 is the whole day)."),
    )

    def __init__(self, *args, leads, **kwargs):
        """`leads`: the queue's active leads, the only ones offered; `lead_names` holds their names by id, which
        the schedule page also reads to mark the shifts of anyone no longer among them. Required: without it the
        form would offer nobody and the page would mark every shift as not counting."""
        super().__init__(*args, **kwargs)
        self.lead_names = _choose_by_persona(self.fields["lead"], leads)
