"""The outbox: one row per message and kind, enqueued after commit, sent at most once."""
import logging
import smtplib
from datetime import timedelta
from email.utils import parseaddr

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from tests.factories import MessageFactory, published_reply_message
from tickets.models import Notification
from tickets.notifications import (
    MAX_ATTEMPTS,
    notification_schedule,
    notification_send,
    notifications_resend_pending,
)
from tickets.services import note_add
from tickets.tasks import send_notification, sweep_pending_notifications

pytestmark = pytest.mark.django_db


def another_reply(ticket):
    return published_reply_message(ticket=ticket, author=None, body="More news.", alias="Harbor Wren", avatar_seed="")


def test_only_published_replies_can_be_scheduled(dave_ticket, alice):
    note = note_add(ticket=dave_ticket, author=alice, body="Internal only.")
    for message in (note, MessageFactory(ticket=dave_ticket)):
        with pytest.raises(ValueError):
            notification_schedule(message=message)
    assert not Notification.objects.exists()


def test_second_schedule_returns_the_same_row(published_reply):
    first = notification_schedule(message=published_reply)
    second = notification_schedule(message=published_reply)
    assert first.pk == second.pk
    assert Notification.objects.filter(message=published_reply).count() == 1


def test_schedule_sends_only_after_commit(published_reply, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notification_schedule(message=published_reply)
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert notification.sent_at is not None


def test_rolled_back_caller_leaves_no_row_and_no_mail(published_reply, eager_celery):
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_schedule(message=published_reply)
        raise RuntimeError("publish failed later in the transaction")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_running_the_task_twice_sends_one_email(published_reply):
    notification = notification_schedule(message=published_reply)
    send_notification(notification.pk)
    send_notification(notification.pk)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert notification.attempts == 1


def test_scheduling_an_already_sent_message_does_not_enqueue_again(
    published_reply, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification_schedule(message=published_reply)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification_schedule(message=published_reply)
    assert callbacks == []
    assert len(mail.outbox) == 1


def test_broker_down_at_commit_does_not_break_the_caller(
    published_reply, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(celery_app, "send_task", broker_down)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        notification = notification_schedule(message=published_reply)
    notification.refresh_from_db()
    assert notification.state == Notification.State.PENDING
    assert f"notification {notification.pk}" in caplog.text
    assert "refunded" not in caplog.text
    assert "dave@mail.example" not in caplog.text


def test_smtp_failure_is_recorded_and_retried(published_reply, monkeypatch):
    notification = notification_schedule(message=published_reply)

    def smtp_down(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", smtp_down)
    retried = []
    monkeypatch.setattr(send_notification, "retry", lambda **kw: retried.append(kw) or RuntimeError("retry"))
    with pytest.raises(RuntimeError, match="retry"):
        send_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.State.PENDING
    assert notification.attempts == 1
    assert notification.last_error == "SMTPServerDisconnected"
    assert retried[0]["countdown"] == 30


def test_smtp_failure_on_the_last_attempt_marks_the_row_failed(published_reply, monkeypatch):
    notification = notification_schedule(message=published_reply)
    Notification.objects.filter(pk=notification.pk).update(attempts=MAX_ATTEMPTS - 1)

    def refused(self, *args, **kwargs):
        raise ConnectionRefusedError()

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refused)
    monkeypatch.setattr(send_notification, "retry", lambda **kw: pytest.fail("retried past the last attempt"))
    send_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert notification.last_error == "ConnectionRefusedError"


def test_smtp_outage_stops_after_max_attempts_however_often_the_task_runs(published_reply, monkeypatch):
    """A sweep re-enqueueing a failing row cannot multiply attempts: the count lives on the row."""
    notification = notification_schedule(message=published_reply)

    def refused(self, *args, **kwargs):
        raise ConnectionRefusedError()

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refused)
    retries = []
    monkeypatch.setattr(send_notification, "retry", lambda **kw: retries.append(kw["countdown"]) or RuntimeError())
    for _ in range(MAX_ATTEMPTS + 3):
        try:
            send_notification(notification.pk)
        except RuntimeError:
            pass
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert retries == [30, 60, 120, 240, 480]


def test_unexpected_error_fails_the_row_and_surfaces(published_reply, monkeypatch):
    notification = notification_schedule(message=published_reply)

    def broken(notification):
        raise ValueError("template bug")

    monkeypatch.setattr("tickets.notifications.notification_email", broken)
    with pytest.raises(ValueError):
        send_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
    assert notification.last_error == "ValueError"


def test_deleted_customer_is_not_emailed(published_reply):
    customer = published_reply.ticket.customer
    customer.deleted_at = timezone.now()
    customer.save()
    notification = notification_schedule(message=published_reply)
    send_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
    assert mail.outbox == []


def test_customer_without_email_fails_permanently(published_reply):
    customer = published_reply.ticket.customer
    customer.emails = []
    customer.save()
    notification = notification_schedule(message=published_reply)
    send_notification(notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
    assert mail.outbox == []


def test_sweep_re_enqueues_only_rows_pending_past_the_grace(published_reply, dave_ticket, monkeypatch):
    old = notification_schedule(message=published_reply)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    fresh = notification_schedule(message=another_reply(dave_ticket))
    enqueued = []
    monkeypatch.setattr(celery_app, "send_task", lambda name, args, **kw: enqueued.append(*args))
    assert notifications_resend_pending() == 1
    assert enqueued == [old.pk]
    assert fresh.pk not in enqueued


def test_sweep_leaves_rows_in_retry_to_their_backoff(published_reply, dave_ticket, monkeypatch):
    retrying = notification_schedule(message=published_reply)
    Notification.objects.filter(pk=retrying.pk).update(attempts=2, created_at=timezone.now() - timedelta(minutes=5))
    abandoned = notification_schedule(message=another_reply(dave_ticket))
    Notification.objects.filter(pk=abandoned.pk).update(attempts=2, created_at=timezone.now() - timedelta(hours=1))
    sent = notification_schedule(message=another_reply(dave_ticket))
    Notification.objects.filter(pk=sent.pk).update(
        state=Notification.State.SENT, created_at=timezone.now() - timedelta(hours=1)
    )
    enqueued = []
    monkeypatch.setattr(celery_app, "send_task", lambda name, args, **kw: enqueued.append(*args))
    notifications_resend_pending()
    assert enqueued == [abandoned.pk]


def test_sweep_task_survives_a_broker_outage(published_reply, monkeypatch):
    notification = notification_schedule(message=published_reply)
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - timedelta(minutes=5))

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(celery_app, "send_task", broker_down)
    assert sweep_pending_notifications() == 0


def test_email_headers_use_the_persona_and_the_queue_address(published_reply, dave_ticket, queue_a):
    notification = notification_schedule(message=published_reply)
    send_notification(notification.pk)
    email = mail.outbox[0]
    message = email.message()
    display_name, address = parseaddr(message["From"])
    assert display_name == "Harbor Wren via Tact Support"
    assert address == queue_a.email
    assert email.reply_to == [queue_a.email]
    assert email.to == ["dave@mail.example"]
    assert message["Subject"] == f"[{dave_ticket.reference}] Charged twice for March"
    assert "Auto-Submitted" not in message
    message_id = message["Message-ID"]
    assert message_id == f"<{dave_ticket.reference}.n{notification.pk}@support.example>"


def test_email_bodies_hold_the_reply_signature_and_portal_link(published_reply, dave_ticket):
    notification = notification_schedule(message=published_reply)
    send_notification(notification.pk)
    email = mail.outbox[0]
    html = email.alternatives[0][0]
    link = f"/portal/tickets/{dave_ticket.reference}/"
    for body in (email.body, html):
        assert "We refunded the second charge today." in body
        assert "Harbor Wren, Billing team" in body
        assert link in body


def test_agent_real_identity_appears_nowhere_in_the_email(published_reply, alice):
    notification = notification_schedule(message=published_reply)
    send_notification(notification.pk)
    raw = mail.outbox[0].message().as_string()
    for private in ("Alicia", "Realname", alice.username, alice.email, f"user{alice.pk}"):
        assert private not in raw


def test_subject_with_a_newline_is_sent_on_one_line(published_reply, dave_ticket):
    dave_ticket.subject = "Charged twice\nBcc: someone@evil.example"
    dave_ticket.save()
    notification = notification_schedule(message=published_reply)
    send_notification(notification.pk)
    message = mail.outbox[0].message()
    assert message["Subject"] == f"[{dave_ticket.reference}] Charged twice Bcc: someone@evil.example"
    assert message["Bcc"] is None


def test_a_worker_killed_after_sending_never_sends_a_second_copy(published_reply, monkeypatch):
    """Killed between the SMTP send and the `sent` mark: the redelivered task and the sweep send nothing."""
    notification = notification_schedule(message=published_reply)

    class Killed(BaseException):
        """What the process sees of SIGKILL: nothing after the send runs."""

    def send_then_die(self, fail_silently=False):
        mail.outbox.append(self)
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", send_then_die)
        with pytest.raises(Killed):
            notification_send(notification_id=notification.pk)
    assert Notification.objects.get(pk=notification.pk).state == Notification.State.SENDING
    send_notification(notification.pk)  # the broker redelivers (acks_late)
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - timedelta(hours=1))
    notifications_resend_pending()
    assert Notification.objects.get(pk=notification.pk).state == Notification.State.SENDING
    Notification.objects.filter(pk=notification.pk).update(sending_since=timezone.now() - timedelta(minutes=11))
    notifications_resend_pending()
    assert Notification.objects.get(pk=notification.pk).state == Notification.State.UNCONFIRMED
    send_notification(notification.pk)
    assert len(mail.outbox) == 1


def test_a_send_that_raises_goes_back_to_pending_for_the_retry(published_reply, monkeypatch):
    notification = notification_schedule(message=published_reply)

    def refused(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notification_send(notification_id=notification.pk)
    assert Notification.objects.get(pk=notification.pk).state == Notification.State.PENDING
