"""The subscription form on the administrators' webhook pages."""
from django import forms

from tickets.webhooks.models import Event


class SubscriptionForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the receiver is, e.g. “Leads' chat room”.")
    url = forms.CharField(max_length=500, label="URL", help_text="https:// address Tact POSTs each event to.")
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple)
    active = forms.BooleanField(required=False, initial=True, label="Active (deliver events)")
