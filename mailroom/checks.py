"""A malformed TACT_MAILBOXES stops start-up with its name (`manage.py check`), not the first poll."""
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from mailroom.conf import mailboxes


@register()
def mailboxes_check(app_configs, **kwargs) -> list[Error]:
    try:
        mailboxes()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="See docs/email.md for the mailbox format.", id="mailroom.E001")]
    return []
