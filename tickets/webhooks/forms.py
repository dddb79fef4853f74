"""The subscription form on the administrators' webhook pages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from tickets.webhooks.models import Event


class SubscriptionForm(forms.Form):
    name = forms.CharField(max_length=100, help_text=_("What the receiver is, e.g. “Leads' chat room”."))
    url = forms.CharField(max_length=500, label=_("URL"), help_text=_("https:// address Tact POSTs each event to."))
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple)
    active = forms.BooleanField(required=False, initial=True, label=_("Active (deliver events)"))
