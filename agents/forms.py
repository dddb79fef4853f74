"""Forms for the persona page and the identity reveal. Validation that matters lives in the services."""
from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from agents.models import Persona


class PersonaForm(forms.Form):
    alias = forms.CharField(
        max_length=60,
        help_text=_("The name customers see. It must not contain your real name; nobody else can ever take it."),
    )
    pronouns = forms.CharField(
        max_length=30, required=False, help_text=_("Optional. Leave blank and customers see no pronouns.")
    )
    signature = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
        help_text=_("Optional, added under your replies. Your real name is refused here."),
    )
    new_avatar = forms.BooleanField(required=False, label=_("Draw me a new avatar"))


class RevealForm(forms.Form):
    agent = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Agent (by persona)"), empty_label=_("Choose an agent")
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Recorded with your name and the time. Say why you need the real identity."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        personas = Persona.objects.select_related("staff__user").order_by("alias")
        self.fields["agent"].queryset = User.objects.filter(staff__isnull=False)
        # Choose by alias: the page never lists real names before a recorded reveal.
        self.fields["agent"].choices = [("", _("Choose an agent"))] + [
            (p.staff.user_id, p.alias) for p in personas
        ]


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, required=False,
        help_text=_("What the token is for (a script, a laptop), so you can tell your tokens apart."),
    )


class SecondFactorResetForm(forms.Form):
    """An administrator asks to reset someone's second factor, choosing them by persona."""

    person = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person (by persona)"),
                                    empty_label=_("Choose a person"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), min_length=10, max_length=1000,
                             help_text=_("Recorded, and shown to the administrator who approves it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        personas = Persona.objects.select_related("staff__user").order_by("alias")
        self.fields["person"].queryset = User.objects.filter(staff__isnull=False)
        self.fields["person"].choices = [("", _("Choose a person"))] + [(p.staff.user_id, p.alias) for p in personas]
