"""Customer portal forms. They check shape only; limits and rules live in tickets.services, whose
ValidationErrors use the same field names so a view can hand them straight back to the form."""
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from config.app_settings import tact_limit
from tickets.filetypes import POLICY_TEXT


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files and cleans to a list (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def attachment_help() -> str:
    limit = tact_limit("ATTACHMENT_MAX_BYTES")
    # Bytes as well as the rounded size: the service's error names the limit in bytes.
    files = _("Up to %(count)s files, %(size)s (%(bytes)s bytes) each.") % {
        "count": tact_limit("ATTACHMENTS_PER_MESSAGE"), "size": filesizeformat(limit), "bytes": f"{limit:,}",
    }
    return f"{files} {POLICY_TEXT}"


class _MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), strip=True)
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Write a message first.")
        self.fields["attachments"].help_text = attachment_help()


class TicketOpenForm(_MessageForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    field_order = ["subject", "body", "attachments"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].error_messages["required"] = _("Give the ticket a subject.")


class CustomerReplyForm(_MessageForm):
    pass
