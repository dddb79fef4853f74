"""The audit pages' filter: person (by persona), customer id, action, time range."""
from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from agents.audit import ACTIONS
from agents.audit_selectors import AuditFilter
from agents.identity import public_identity

NOBODY = "nobody"


class AuditFilterForm(forms.Form):
    person = forms.ChoiceField(required=False, label=_("Person"))
    customer = forms.IntegerField(required=False, min_value=1, label=_("Customer id"))
    action = forms.CharField(required=False, max_length=64, label=_("Action"))
    since = forms.DateTimeField(
        required=False, label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    until = forms.DateTimeField(
        required=False, label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(staff__isnull=False).select_related("staff__persona").order_by("pk")
        # By persona, as everywhere on the team's pages: real names only through the audited reveal.
        people = sorted(((str(u.pk), f"{public_identity(u).name} (#{u.pk})") for u in staff), key=lambda c: c[1])
        self.fields["person"].choices = [("", "Anyone"), (NOBODY, "Nobody signed in"), *people]
        self.action_choices = sorted(ACTIONS.items())

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since >= until:
            self.add_error("until", "Choose a time after the start.")
        return data

    def audit_filter(self) -> AuditFilter:
        """The filter to apply; an invalid form filters on its valid fields only, and says what was wrong."""
        data = self.cleaned_data if self.is_bound else {}
        person = data.get("person") or ""
        return AuditFilter(
            actor=User.objects.filter(pk=person).first() if person.isdigit() else None,
            nobody=person == NOBODY,
            customer_id=data.get("customer"),
            action=(data.get("action") or "").strip(),
            since=data.get("since"),
            until=data.get("until"),
        )
