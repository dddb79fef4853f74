"""The administrators' calendar and policy forms: hours typed as text ("09:00-17:00"), holidays one a line."""
from datetime import date
from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tickets.models import Channel, Priority, Queue
from tickets.sla.businesstime import format_day_hours, parse_day_hours
from tickets.sla.models import ANY_PRIORITY, BusinessCalendar, SlaPolicy

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
HOURS_HELP = _("e.g. 09:00-17:00, or 09:00-12:00, 13:00-17:00; 00:00-24:00 all day; 22:00-06:00 runs overnight; "
               "empty: closed.")


class CalendarForm(forms.Form):
    name = forms.CharField(max_length=100)
    time_zone = forms.ChoiceField(help_text=_("Opening hours are wall-clock times in this zone, DST included."))
    holidays = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line: the date (YYYY-MM-DD), then its name if you like, e.g. 2026-12-25 Christmas Day."),
    )

    def __init__(self, *args, calendar: BusinessCalendar | None = None, **kwargs):
        if calendar is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": calendar.name, "time_zone": calendar.time_zone,
                "holidays": "\n".join(f"{h.date.isoformat()} {h.name}".strip() for h in calendar.holidays.all()),
                **{day: format_day_hours(calendar.hours[i]) for i, day in enumerate(WEEKDAYS)},
            }
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(name, name) for name in sorted(available_timezones())]
        self.fields["time_zone"].initial = self.fields["time_zone"].initial or "UTC"
        for day in WEEKDAYS:
            self.fields[day] = forms.CharField(required=False, max_length=200, label=day.capitalize(),
                                               help_text=HOURS_HELP if day == "monday" else "")

    def clean(self):
        data = super().clean()
        hours = []
        for day in WEEKDAYS:
            try:
                hours.append(parse_day_hours(data.get(day) or ""))
            except ValueError as error:
                self.add_error(day, str(error))
        if not self.errors and not any(hours):
            self.add_error(None, gettext("Open the calendar on at least one day, or business time can never pass."))
        data["hours"] = hours
        return data

    def clean_holidays(self) -> list[tuple[date, str]]:
        holidays = []
        for number, line in enumerate(self.cleaned_data["holidays"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day, _sep, label = line.partition(" ")
            try:
                holidays.append((date.fromisoformat(day), label.strip()))
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(number)s: “%(day)s” is not a date written YYYY-MM-DD.") % {"number": number, "day": day}
                ) from None
        return holidays


class PolicyForm(forms.Form):
    queue = forms.ModelChoiceField(queryset=Queue.objects.all(), required=False, empty_label=_("Any queue"))
    priority = forms.TypedChoiceField(choices=[(ANY_PRIORITY, _("Any priority")), *Priority.choices], coerce=int)
    channel = forms.ChoiceField(choices=[("", _("Any channel")), *Channel.choices], required=False)
    calendar = forms.ModelChoiceField(queryset=BusinessCalendar.objects.all(), empty_label=None)
    first_response_minutes = forms.IntegerField(min_value=1, label=_("First response (business minutes)"),
                                                help_text=_("60 is one business hour; 480 one 8-hour day."))
    next_response_minutes = forms.IntegerField(min_value=1, label=_("Next response (business minutes)"))
    resolution_minutes = forms.IntegerField(min_value=1, label=_("Resolution (business minutes)"))

    def __init__(self, *args, policy: SlaPolicy | None = None, **kwargs):
        if policy is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "queue": policy.queue_id, "priority": policy.priority, "channel": policy.channel,
                "calendar": policy.calendar_id, "first_response_minutes": policy.first_response_minutes,
                "next_response_minutes": policy.next_response_minutes,
                "resolution_minutes": policy.resolution_minutes,
            }
        super().__init__(*args, **kwargs)
        if policy is not None and policy.is_default:
            for name in ("queue", "priority", "channel"):
                self.fields[name].disabled = True
