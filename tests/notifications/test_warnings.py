"""Warnings through the outbox: a notice addressed to a customer, not a thread message, with the replies' rules."""
from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.celery import app as celery_app
from tickets.models import Notification
from tickets.notifications import (
    CUSTOMER_WARNING,
    notification_schedule_warning,
    notifications_resend_pending,
)
from tickets.tasks import send_notification

pytestmark = pytest.mark.django_db


def test_a_warning_is_one_pending_row_sent_by_the_task_after_commit(
    dave_ticket, eager_celery, django_capture_on_commit_callbacks
):
    customer = dave_ticket.customer
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notification_schedule_warning(customer=customer, ticket=dave_ticket, variant="conduct")
    row = Notification.objects.get()
    assert (row.kind, row.customer, row.ticket, row.variant, row.message) == (
        CUSTOMER_WARNING, customer, dave_ticket, "conduct", None
    )
    assert row.state == Notification.State.PENDING
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [email.subject for email in mail.outbox] == ["Please keep our conversation respectful"]
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (Notification.State.SENT, 1)


def test_running_the_task_twice_sends_one_warning(dave_ticket):
    notification = notification_schedule_warning(customer=dave_ticket.customer, ticket=dave_ticket, variant="final")
    send_notification(notification.pk)
    send_notification(notification.pk)
    assert len(mail.outbox) == 1


def test_rolled_back_caller_leaves_no_warning(dave_ticket, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notification_schedule_warning(customer=dave_ticket.customer, ticket=dave_ticket, variant="conduct")
        raise RuntimeError("the lead's action failed later in the transaction")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_warning_is_from_the_queue_in_the_team_name_and_names_no_agent(dave_ticket, queue_a, alice):
    notification = notification_schedule_warning(customer=dave_ticket.customer, ticket=dave_ticket, variant="final")
    send_notification(notification.pk)
    email = mail.outbox[0]
    message = email.message()
    assert parseaddr(message["From"]) == ("Tact Support", queue_a.email)
    assert email.reply_to == [queue_a.email]
    assert email.to == ["dave@mail.example"]
    assert message["Message-ID"].endswith(f".warning.n{notification.pk}@support.example>")
    assert f"({dave_ticket.reference})" in email.body
    assert "Final notice" in message["Subject"]
    assert message["Auto-Submitted"] is None  # a lead chose to send it
    raw = message.as_string()
    for private in ("Alicia", "Realname", alice.username, alice.email, alice.staff.persona.alias):
        assert private not in raw


def test_warning_about_the_customer_and_no_ticket_comes_from_the_default_address(dave, settings):
    settings.DEFAULT_FROM_EMAIL = "help@support.example"
    notification = notification_schedule_warning(customer=dave.customer, ticket=None, variant="conduct")
    send_notification(notification.pk)
    email = mail.outbox[0]
    assert parseaddr(email.from_email) == ("Tact Support", "help@support.example")
    assert "respectful" in email.body and "T-" not in email.body


def test_warning_to_a_deleted_customer_fails_without_sending(dave_ticket):
    notification = notification_schedule_warning(customer=dave_ticket.customer, ticket=dave_ticket, variant="final")
    dave_ticket.customer.deleted_at = timezone.now()
    dave_ticket.customer.save()
    send_notification(notification.pk)
    notification.refresh_from_db()
    assert (notification.state, notification.last_error) == (Notification.State.FAILED, "PermanentDeliveryError")
    assert mail.outbox == []


def test_unknown_warning_or_another_customers_ticket_is_refused(dave_ticket, erin):
    with pytest.raises(ValueError, match="unknown warning"):
        notification_schedule_warning(customer=dave_ticket.customer, ticket=dave_ticket, variant="nope")
    with pytest.raises(ValueError, match="is not customer"):
        notification_schedule_warning(customer=erin.customer, ticket=dave_ticket, variant="conduct")
    assert not Notification.objects.exists()


def test_sweep_re_enqueues_a_warning_whose_doorbell_was_lost(dave_ticket, monkeypatch):
    notification = notification_schedule_warning(customer=dave_ticket.customer, ticket=dave_ticket, variant="final")
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    enqueued = []
    monkeypatch.setattr(celery_app, "send_task", lambda name, args, **kw: enqueued.append(*args))
    assert notifications_resend_pending() == 1
    assert enqueued == [notification.pk]


def test_a_row_is_about_a_message_or_to_a_customer_never_both(published_reply, dave_ticket):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(message=published_reply, customer=dave_ticket.customer, kind=CUSTOMER_WARNING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(kind=CUSTOMER_WARNING, variant="final")


# --- The text is checked by the gate's scanner and frozen on the row ---------------------------------------


@pytest.fixture
def leaky_conduct_template(settings, tmp_path):
    """A deployment's own warning template that quotes the ticket's staff-written subject."""
    folder = tmp_path / "escalation" / "email"
    folder.mkdir(parents=True)
    (folder / "warning_conduct.txt").write_text("About “{{ ticket.subject }}”: please keep it respectful.\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]


def test_a_warning_that_would_leak_is_refused_and_nothing_is_queued(dave_ticket, leaky_conduct_template):
    from django.core.exceptions import ValidationError

    dave_ticket.subject = "Erin reported him, erin.other@mail.example"
    dave_ticket.save()
    with pytest.raises(ValidationError) as refused:
        notification_schedule_warning(customer=dave_ticket.customer, ticket=dave_ticket, variant="conduct")
    assert "would reveal private details (email)" in refused.value.message_dict["template"][0]
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_warning_sent_is_the_text_that_was_checked(dave_ticket, leaky_conduct_template):
    notification = notification_schedule_warning(customer=dave_ticket.customer, ticket=dave_ticket, variant="conduct")
    checked = notification.body
    assert checked == "About “Charged twice for March”: please keep it respectful.\n"
    dave_ticket.subject = "Erin reported him, erin.other@mail.example"  # changed after the check
    dave_ticket.save()
    send_notification(notification.pk)
    [email] = mail.outbox
    assert email.body == checked
    assert "erin.other" not in email.body
