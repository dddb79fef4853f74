"""Batches: a doorbell message sends its own row, then every first attempt that is due, over one connection."""
import smtplib
import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connections, transaction
from django.utils import timezone

from tests.factories import published_reply_message
from tickets import notifications
from tickets.models import Notification
from tickets.notifications import (
    notification_schedule,
    notification_schedule_warning,
    notifications_resend_pending,
    notifications_schedule,
)
from tickets.tasks import send_notification

pytestmark = pytest.mark.django_db
SENT, PENDING, SENDING, FAILED = (
    Notification.State.SENT, Notification.State.PENDING, Notification.State.SENDING, Notification.State.FAILED
)


class CountingBackend(locmem.EmailBackend):
    """locmem that opens and closes like the SMTP backend, counting real opens and refusing chosen rows."""

    opens = 0
    refuse: set[int] = set()  # notification ids whose send fails as a dropped SMTP conversation would
    refuse_opens_after = None  # after this many opens, connecting fails (the server went away)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.connected = False

    def open(self):
        if self.connected:
            return False
        if CountingBackend.refuse_opens_after is not None and CountingBackend.opens >= self.refuse_opens_after:
            raise ConnectionRefusedError()
        CountingBackend.opens += 1
        self.connected = True
        return True

    def close(self):
        self.connected = False

    def send_messages(self, messages):
        opened = self.open()
        try:
            for message in messages:
                if _row_of(message) in CountingBackend.refuse:
                    raise smtplib.SMTPRecipientsRefused({})
            return super().send_messages(messages)
        finally:
            if opened:
                self.close()


@pytest.fixture
def counting(settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opens, CountingBackend.refuse, CountingBackend.refuse_opens_after = 0, set(), None
    return CountingBackend


def _row_of(email) -> int:
    return int(email.extra_headers["Message-ID"].rpartition(".n")[2].partition("@")[0])


def _replies(ticket, count: int) -> list[Notification]:
    """Outbox rows written as the gate writes them, oldest first, their doorbells not rung (nothing commits)."""
    rows = []
    for i in range(count):
        with transaction.atomic():  # one commit, as the gate publishes (PostgreSQL checks the reply at commit)
            message = published_reply_message(ticket=ticket, author=None, body=f"News {i}.", alias="Harbor Wren")
            rows.append(notification_schedule(message=message))
    return rows


def _states(rows) -> list[tuple[str, int]]:
    by_pk = {n.pk: (n.state, n.attempts) for n in Notification.objects.filter(pk__in=[r.pk for r in rows])}
    return [by_pk[r.pk] for r in rows]


def test_one_task_sends_every_due_row_once_over_one_connection(dave_ticket, counting):
    rows = _replies(dave_ticket, 4)
    warning = notification_schedule_warning(customer=dave_ticket.customer, ticket=dave_ticket, variant="conduct")
    send_notification(rows[2].pk)
    assert counting.opens == 1
    assert [_row_of(email) for email in mail.outbox] == [rows[2].pk, rows[0].pk, rows[1].pk, rows[3].pk, warning.pk]
    assert _states([*rows, warning]) == [(SENT, 1)] * 5
    assert mail.outbox[-1].subject == "Please keep our conversation respectful"
    assert "News 0." in mail.outbox[1].body
    for row in [*rows, warning]:  # the doorbells rung for the rows the batch took find them sent
        send_notification(row.pk)
    assert len(mail.outbox) == 5 and counting.opens == 1


def test_a_doorbell_for_a_row_already_sent_costs_one_query(dave_ticket, django_assert_num_queries):
    rows = _replies(dave_ticket, 2)
    send_notification(rows[0].pk)
    with django_assert_num_queries(1):
        send_notification(rows[1].pk)


def test_a_batch_costs_two_queries_per_row(dave_ticket, alice, django_assert_max_num_queries):
    """Rendering reads nothing more per row: persona, ticket, queue, customer and the thread's Message-IDs come
    with the chunk (recording the chunk's own ids, loading the threads and the replies' files is three queries
    per chunk)."""
    rows = [
        notification_schedule(message=published_reply_message(
            ticket=dave_ticket, author=alice, body=f"News {i}.", alias="Harbor Wren"))
        for i in range(30)
    ]
    with django_assert_max_num_queries(2 * len(rows) + 23):
        send_notification(rows[0].pk)
    assert len(mail.outbox) == 30
    assert "Harbor Wren" in mail.outbox[5].from_email


def test_rows_in_backoff_or_held_by_another_batch_are_not_taken(dave_ticket, counting):
    named, retrying, leased, due = _replies(dave_ticket, 4)
    Notification.objects.filter(pk=retrying.pk).update(attempts=1, last_error="SMTPServerDisconnected")
    Notification.objects.filter(pk=leased.pk).update(sending_since=timezone.now() + timedelta(seconds=30))
    send_notification(named.pk)
    assert sorted(_row_of(email) for email in mail.outbox) == sorted([named.pk, due.pk])
    assert _states([retrying, leased]) == [(PENDING, 1), (PENDING, 0)]
    send_notification(leased.pk)  # its own doorbell, while the other batch's lease runs: that batch sends it
    assert len(mail.outbox) == 2
    Notification.objects.filter(pk=leased.pk).update(sending_since=timezone.now() - timedelta(seconds=1))
    send_notification(leased.pk)  # the lease ended (that worker died): the row is anyone's again
    assert _states([leased]) == [(SENT, 1)]


def test_a_failure_on_one_row_leaves_the_others_sent_and_it_counted_and_held(dave_ticket, counting, monkeypatch):
    rows = _replies(dave_ticket, 4)
    counting.refuse = {rows[2].pk}
    send_notification(rows[0].pk)
    assert sorted(_row_of(email) for email in mail.outbox) == sorted([rows[0].pk, rows[1].pk, rows[3].pk])
    assert _states(rows) == [(SENT, 1), (SENT, 1), (PENDING, 1), (SENT, 1)]
    assert counting.opens == 2  # the refused conversation is not reused
    failed = Notification.objects.get(pk=rows[2].pk)
    assert failed.last_error == "SMTPRecipientsRefused"
    # Held for its 30 s backoff: neither its own doorbell, another batch nor the sweep tries it early.
    assert timedelta(seconds=25) < failed.sending_since - timezone.now() <= timedelta(seconds=30)
    fresh = _replies(dave_ticket, 1)[0]
    send_notification(fresh.pk)
    send_notification(failed.pk)
    rung = []
    monkeypatch.setattr(notifications, "_enqueue", lambda pk, **kw: rung.append(pk) or True)
    notifications_resend_pending()
    assert rung == [] and _states([failed]) == [(PENDING, 1)]
    # After the backoff the sweep rings it, and its task retries it as the task's own row.
    Notification.objects.filter(pk=failed.pk).update(sending_since=timezone.now() - timedelta(seconds=1))
    notifications_resend_pending()
    assert rung == [failed.pk]
    counting.refuse = set()
    send_notification(failed.pk)
    assert _states([failed]) == [(SENT, 2)]


def test_a_permanent_failure_in_a_batch_fails_only_that_row(dave_ticket, erin):
    first = _replies(dave_ticket, 1)[0]
    warning = notification_schedule_warning(customer=erin.customer, ticket=None, variant="final")
    last = _replies(dave_ticket, 1)[0]
    erin.customer.emails = []
    erin.customer.save()
    send_notification(first.pk)
    assert _states([first, warning, last]) == [(SENT, 1), (FAILED, 1), (SENT, 1)]
    assert Notification.objects.get(pk=warning.pk).last_error == "PermanentDeliveryError"


def test_a_server_gone_mid_batch_leaves_the_untried_rows_pending_and_uncounted(dave_ticket, counting):
    rows = _replies(dave_ticket, 5)
    counting.refuse, counting.refuse_opens_after = {rows[1].pk}, 1
    send_notification(rows[0].pk)
    assert _states(rows) == [(SENT, 1), (PENDING, 1), (PENDING, 0), (PENDING, 0), (PENDING, 0)]
    assert Notification.objects.filter(pk__in=[r.pk for r in rows[2:]], sending_since=None).count() == 3
    counting.refuse_opens_after = None
    send_notification(rows[3].pk)  # the next doorbell takes them, not the one in backoff
    assert _states(rows)[2:] == [(SENT, 1)] * 3


def test_a_crash_mid_batch_leaves_only_the_row_in_flight_sending(dave_ticket, monkeypatch):
    """Killed during row 3's send: rows 1-2 are sent, row 3 is never sent again, rows 4-5 are sent later."""
    rows = _replies(dave_ticket, 5)

    class Killed(BaseException):
        """What the process sees of a shutdown: nothing after the send runs."""

    real_send = locmem.EmailBackend.send_messages

    def send_then_die(self, messages):
        real_send(self, messages)
        if _row_of(messages[0]) == rows[2].pk:
            raise Killed

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", send_then_die)
    with pytest.raises(Killed):
        send_notification(rows[0].pk)
    assert _states(rows) == [(SENT, 1), (SENT, 1), (SENDING, 0), (PENDING, 0), (PENDING, 0)]
    send_notification(rows[2].pk)  # redelivered: still `sending`, nothing sent
    send_notification(rows[3].pk)
    assert _states(rows)[3:] == [(SENT, 1)] * 2
    Notification.objects.filter(pk=rows[2].pk).update(sending_since=timezone.now() - timedelta(minutes=11))
    notifications_resend_pending()
    assert _states([rows[2]]) == [(Notification.State.UNCONFIRMED, 0)]
    assert sorted(_row_of(email) for email in mail.outbox) == sorted(r.pk for r in rows)


def test_a_batch_stops_claiming_after_its_time(dave_ticket, monkeypatch):
    rows = _replies(dave_ticket, 6)
    clock = iter(range(0, 1000, 4))  # every look at the clock is 4 s later
    monkeypatch.setattr(notifications.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(notifications, "BATCH_SECONDS", 6)
    monkeypatch.setattr(notifications, "BATCH_CHUNK", 2)
    rung: list[int] = []
    monkeypatch.setattr(notifications, "_enqueue", lambda pk, **kw: rung.append(pk))
    send_notification(rows[0].pk)
    assert _states(rows) == [(SENT, 1)] * 3 + [(PENDING, 0)] * 3
    assert Notification.objects.filter(pk__in=[r.pk for r in rows[3:]], sending_since=None).count() == 3
    assert rung == [rows[3].pk]  # the rest are not left for the sweep: whoever answers carries on


def test_publishing_many_replies_rings_one_doorbell_and_one_task_sends_them_all(
    dave_ticket, counting, monkeypatch, django_capture_on_commit_callbacks
):
    rung: list[int] = []
    monkeypatch.setattr(notifications, "_enqueue", lambda pk, **kw: rung.append(pk))
    messages = [
        published_reply_message(ticket=dave_ticket, author=None, body=f"News {i}.", alias="Harbor Wren")
        for i in range(5)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        rows = notifications_schedule(messages=messages)
    assert rung == [rows[0].pk]
    send_notification(rung[0])
    assert _states(rows) == [(SENT, 1)] * 5 and counting.opens == 1


@pytest.mark.postgres
@pytest.mark.skipif(not django_settings.IS_POSTGRES, reason="SQLite has no SKIP LOCKED and serializes writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_tasks_send_every_row_exactly_once(dave_ticket, monkeypatch):
    monkeypatch.setattr(notifications, "_enqueue", lambda pk, **kw: True)  # the rows commit; nobody rings a broker
    monkeypatch.setattr(notifications, "BATCH_CHUNK", 5)
    rows = _replies(dave_ticket, 80)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run(named: list[Notification]):
        try:
            barrier.wait()
            for row in named:
                send_notification(row.pk)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(rows[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    sent = [_row_of(email) for email in mail.outbox]
    assert sorted(sent) == sorted(r.pk for r in rows)
    assert _states(rows) == [(SENT, 1)] * len(rows)
