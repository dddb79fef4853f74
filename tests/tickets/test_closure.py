"""Closure reasons (staff page, API, history, what customers see) and the countdown on tickets waiting for
the customer's details: one reminder, then closed as "no details provided", on a frozen clock."""
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from agents.tokens import api_token_create
from tests.conftest import MONDAY_MORNING
from tests.factories import TicketFactory, published_reply_message
from tests.pages import history_fragment
from tickets.access import tickets_for, tickets_led_by
from tickets.closure import closure_counts, closure_counts_by_week
from tickets.closure_sweep import closures_sweep
from tickets.models import ClosureReason, Notification, Restriction, Status, Ticket, TicketEvent
from tickets.notifications import INFO_REMINDER, notification_send
from tickets.services import customer_message_add, ticket_change

pytestmark = pytest.mark.django_db

T0 = MONDAY_MORNING  # the shared `clock` starts here
ASK = "I'm sorry about this. Could you send us your order number so we can look into it?"


@pytest.fixture
def waiting(clock, alice, dave_ticket):
    """dave's ticket after alice's published reply asked him for details, at T0."""
    published_reply_message(ticket=dave_ticket, author=alice, body=ASK, alias="Harbor Wren")
    dave_ticket.refresh_from_db()
    return dave_ticket


@pytest.fixture
def api_client_for(db):
    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user).key}")
        return client

    return make


def events(ticket, kind):
    return list(TicketEvent.objects.filter(ticket=ticket, kind=kind).values_list("data", flat=True))


# --- Closure reasons ------------------------------------------------------------------------------------------


def test_solving_without_a_reason_records_resolved(alice, dave_ticket):
    ticket_change(ticket=dave_ticket, actor=alice, status=Status.SOLVED)
    dave_ticket.refresh_from_db()
    assert (dave_ticket.status, dave_ticket.closure_reason) == (Status.SOLVED, ClosureReason.RESOLVED)


def test_spam_is_recorded_in_history(alice, dave_ticket):
    ticket_change(ticket=dave_ticket, actor=alice, status=Status.CLOSED, closure_reason=ClosureReason.SPAM)
    dave_ticket.refresh_from_db()
    assert dave_ticket.closure_reason == "spam"
    assert events(dave_ticket, "closure") == [{"reason": "spam", "duplicate_of": None}]
    assert TicketEvent.objects.get(ticket=dave_ticket, kind="closure").actor == alice


def test_a_duplicate_names_its_original(alice, dave, queue_a, dave_ticket):
    original = TicketFactory(customer=dave.customer, queue=queue_a)
    ticket_change(ticket=dave_ticket, actor=alice, status=Status.SOLVED, closure_reason="duplicate",
                  duplicate_of=original)
    dave_ticket.refresh_from_db()
    assert (dave_ticket.closure_reason, dave_ticket.duplicate_of) == ("duplicate", original)
    assert events(dave_ticket, "closure") == [{"reason": "duplicate", "duplicate_of": original.pk}]


@pytest.mark.parametrize("field, kwargs, message", [
    ("duplicate_of", {"closure_reason": "duplicate"}, "Name the ticket"),
    ("closure_reason", {"closure_reason": "spam", "status": Status.OPEN}, "Only a solved or closed ticket"),
])
def test_bad_closures_are_refused_with_the_field_named(alice, dave_ticket, field, kwargs, message):
    kwargs.setdefault("status", Status.SOLVED)
    with pytest.raises(ValidationError) as error:
        ticket_change(ticket=dave_ticket, actor=alice, **kwargs)
    assert message in error.value.message_dict[field][0]
    dave_ticket.refresh_from_db()
    assert (dave_ticket.status, dave_ticket.closure_reason) == (Status.NEW, "")


def test_a_duplicate_of_a_ticket_outside_the_agents_queues_is_refused(alice, dave_ticket, erin_ticket):
    with pytest.raises(ValidationError) as error:
        ticket_change(ticket=dave_ticket, actor=alice, status=Status.SOLVED, closure_reason="duplicate",
                      duplicate_of=erin_ticket)
    assert error.value.message_dict["duplicate_of"] == ["No ticket with that reference in your queues."]


def test_a_ticket_cannot_duplicate_itself_or_a_duplicate(alice, dave, queue_a, dave_ticket):
    with pytest.raises(ValidationError, match="cannot duplicate itself"):
        ticket_change(ticket=dave_ticket, actor=alice, status=Status.SOLVED, closure_reason="duplicate",
                      duplicate_of=dave_ticket)
    original, copy = TicketFactory(customer=dave.customer, queue=queue_a), TicketFactory(queue=queue_a)
    ticket_change(ticket=copy, actor=alice, status=Status.SOLVED, closure_reason="duplicate", duplicate_of=original)
    with pytest.raises(ValidationError, match="is itself a duplicate"):
        ticket_change(ticket=dave_ticket, actor=alice, status=Status.SOLVED, closure_reason="duplicate",
                      duplicate_of=copy)


def test_reopening_clears_the_reason(alice, dave_ticket):
    ticket_change(ticket=dave_ticket, actor=alice, status=Status.SOLVED, closure_reason="no_response_needed")
    ticket_change(ticket=dave_ticket, actor=alice, status=Status.OPEN)
    dave_ticket.refresh_from_db()
    assert (dave_ticket.closure_reason, dave_ticket.solved_at) == ("", None)
    assert events(dave_ticket, "closure")[-1] == {"reason": "", "duplicate_of": None}


def test_the_database_refuses_a_reason_on_an_open_ticket(dave_ticket):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=dave_ticket.pk).update(closure_reason="spam")


def test_staff_page_sets_a_duplicate_by_reference_and_shows_it(client, alice, dave, queue_a, dave_ticket):
    original = TicketFactory(customer=dave.customer, queue=queue_a)
    client.force_login(alice)
    data = {"change-status": "solved", "change-priority": "2", "change-assignee": "", "change-queue": "billing",
            "change-closure_reason": "duplicate", "change-duplicate_of": original.reference.lower()}
    response = client.post(reverse("ticket_update", args=[dave_ticket.reference]), data)
    assert response.status_code == 302
    html = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    link = reverse("ticket_detail", args=[original.reference])
    assert f'data-closure="duplicate">Duplicate of <a href="{link}">{original.reference}</a>' in html
    assert f"recorded the closure reason: Duplicate of {original.reference}" in history_fragment(client, dave_ticket)


def test_staff_page_refuses_a_reference_out_of_scope_and_keeps_the_form(client, alice, dave_ticket, erin_ticket):
    client.force_login(alice)
    data = {"change-status": "solved", "change-priority": "2", "change-assignee": "", "change-queue": "billing",
            "change-closure_reason": "duplicate", "change-duplicate_of": erin_ticket.reference}
    html = client.post(reverse("ticket_update", args=[dave_ticket.reference]), data).content.decode()
    assert "No ticket with that reference in your queues." in html
    assert f'value="{erin_ticket.reference}"' in html  # what was typed is kept
    dave_ticket.refresh_from_db()
    assert dave_ticket.status == Status.NEW


def test_api_sets_and_shows_the_reason_to_staff(api_client_for, alice, dave_ticket):
    response = api_client_for(alice).patch(
        f"/api/tickets/{dave_ticket.reference}/", {"status": "closed", "closure_reason": "spam"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["closure_reason"], response.json()["duplicate_of"]) == ("spam", None)


def test_api_refuses_a_duplicate_out_of_scope_with_a_json_error(api_client_for, alice, dave_ticket, erin_ticket):
    response = api_client_for(alice).patch(
        f"/api/tickets/{dave_ticket.reference}/",
        {"status": "solved", "closure_reason": "duplicate", "duplicate_of": erin_ticket.reference}, format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["duplicate_of"] == ["No ticket with that reference in your queues."]


def test_customers_see_a_neutral_status_never_the_reason(client, api_client_for, alice, dave, dave_ticket):
    ticket_change(ticket=dave_ticket, actor=alice, status=Status.CLOSED, closure_reason=ClosureReason.SPAM)
    client.force_login(dave)
    html = client.get(reverse("portal_ticket", args=[dave_ticket.reference])).content.decode()
    assert "Closed" in html and "spam" not in html.lower()
    body = api_client_for(dave).get(f"/api/tickets/{dave_ticket.reference}/").json()
    assert body["status"] == "closed" and "closure_reason" not in body and "spam" not in str(body).lower()


# --- Waiting for details ----------------------------------------------------------------------------------


def test_a_published_reply_asking_for_details_makes_the_ticket_wait(waiting, client, alice):
    assert (waiting.status, waiting.awaiting_info_since, waiting.info_reminded_at) == (Status.PENDING, T0, None)
    assert events(waiting, "status")[-1] == {"old": "open", "new": "pending", "reason": "info_requested"}
    client.force_login(alice)
    html = client.get(reverse("ticket_detail", args=[waiting.reference])).content.decode()
    assert "Waiting for details since" in html
    assert "the published reply asks the customer for details" in history_fragment(client, waiting)


def test_the_callers_ticket_is_left_as_the_wait_wrote_it(clock, alice, dave_ticket):
    assert dave_ticket.sla_due_at is not None and dave_ticket.sla_paused_at is None  # its clocks run
    published_reply_message(ticket=dave_ticket, author=alice, body=ASK)
    fields = ("status", "awaiting_info_since", "info_reminded_at", "sla_paused_at", "sla_due_at")
    in_memory = [getattr(dave_ticket, name) for name in fields]
    dave_ticket.refresh_from_db()
    assert in_memory == [getattr(dave_ticket, name) for name in fields] == [Status.PENDING, T0, None, T0, None]


def test_a_reply_that_asks_nothing_leaves_the_ticket_open(clock, alice, dave_ticket):
    published_reply_message(ticket=dave_ticket, author=alice, body="Thanks, that is all done now.")
    dave_ticket.refresh_from_db()
    assert (dave_ticket.status, dave_ticket.awaiting_info_since) == (Status.OPEN, None)


@override_settings(TACT_CLOSURE={"PENDING_ON_INFO_REQUEST": False})
def test_the_wait_can_be_turned_off(clock, alice, dave_ticket):
    published_reply_message(ticket=dave_ticket, author=alice, body=ASK)
    dave_ticket.refresh_from_db()
    assert (dave_ticket.status, dave_ticket.awaiting_info_since) == (Status.OPEN, None)


def test_one_reminder_then_closed_as_no_details(clock, waiting):
    clock.at(hours=71)
    assert closures_sweep() == {"reminded": 0, "closed": 0}
    clock.at(hours=72)
    assert closures_sweep() == {"reminded": 1, "closed": 0}
    assert closures_sweep() == {"reminded": 0, "closed": 0}  # a second run reminds nobody again
    row = Notification.objects.get(kind=INFO_REMINDER)
    assert (row.customer, row.ticket) == (waiting.customer, waiting)
    assert notification_send(notification_id=row.pk)
    email = mail.outbox[-1]
    assert email.to == ["dave@mail.example"] and waiting.reference in email.subject
    assert email.message()["Auto-Submitted"] == "auto-generated"  # the sweep's, not a person's
    assert "Harbor Wren" not in email.body and "Realname" not in email.body  # no staff words, no staff name
    assert events(waiting, "info_reminder") == [{"sent": True, "notification": row.pk}]

    clock.at(hours=72 + 95)
    assert closures_sweep() == {"reminded": 0, "closed": 0}
    clock.at(hours=72 + 96)
    assert closures_sweep() == {"reminded": 0, "closed": 1}
    assert closures_sweep() == {"reminded": 0, "closed": 0}
    waiting.refresh_from_db()
    assert (waiting.status, waiting.closure_reason, waiting.solved_at) == (
        Status.SOLVED, ClosureReason.NO_DETAILS, T0 + timedelta(hours=168))
    assert (waiting.awaiting_info_since, waiting.info_reminded_at) == (None, None)
    assert events(waiting, "closure") == [{"reason": "no_details", "automatic": True}]
    assert Notification.objects.filter(kind=INFO_REMINDER).count() == 1


@override_settings(TACT_CLOSURE={"REMIND_AFTER_HOURS": 1, "CLOSE_AFTER_HOURS": 2})
def test_the_delays_come_from_settings(clock, waiting):
    clock.at(hours=1)
    assert closures_sweep()["reminded"] == 1
    clock.at(hours=3)
    assert closures_sweep()["closed"] == 1


def test_a_customer_reply_stops_the_countdown(clock, waiting, dave):
    clock.at(hours=80)
    closures_sweep()
    customer_message_add(ticket=waiting, customer=dave.customer, body="Order 12345, sorry for the delay.")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.awaiting_info_since, waiting.info_reminded_at) == (Status.OPEN, None, None)
    clock.at(days=30)
    assert closures_sweep() == {"reminded": 0, "closed": 0}
    waiting.refresh_from_db()
    assert waiting.status == Status.OPEN


def test_an_agent_taking_the_ticket_off_pending_stops_the_countdown(clock, waiting, alice):
    ticket_change(ticket=waiting, actor=alice, status=Status.ON_HOLD)
    waiting.refresh_from_db()
    assert waiting.awaiting_info_since is None
    clock.at(days=30)
    assert closures_sweep() == {"reminded": 0, "closed": 0}


def test_asking_again_restarts_the_countdown_with_a_new_reminder(clock, waiting, alice):
    clock.at(hours=72)
    closures_sweep()
    clock.at(hours=100)
    published_reply_message(ticket=waiting, author=alice, body="Could you also send a screenshot of the error?")
    waiting.refresh_from_db()
    assert (waiting.awaiting_info_since, waiting.info_reminded_at) == (T0 + timedelta(hours=100), None)
    clock.at(hours=72 + 96)  # the first reminder's close time: the new request is not closed on it
    assert closures_sweep() == {"reminded": 0, "closed": 0}
    clock.at(hours=100 + 72)
    assert closures_sweep() == {"reminded": 1, "closed": 0}
    assert Notification.objects.filter(kind=INFO_REMINDER).count() == 2


def test_suspended_customers_are_neither_reminded_nor_closed(clock, waiting, dave):
    customer = dave.customer
    customer.restriction = Restriction.SUSPENDED
    customer.save(update_fields=["restriction"])
    customer_message_add(ticket=waiting, customer=customer, body="Here are the details you asked for.")
    clock.at(days=30)
    assert closures_sweep() == {"reminded": 0, "closed": 0}
    waiting.refresh_from_db()
    assert (waiting.status, waiting.closure_reason) == (Status.PENDING, "")
    assert not Notification.objects.filter(kind=INFO_REMINDER).exists()


def test_a_customer_reopens_a_ticket_closed_for_no_details(clock, waiting, dave):
    clock.at(hours=72)
    closures_sweep()
    clock.at(hours=168)
    closures_sweep()
    clock.at(hours=200)
    customer_message_add(ticket=waiting, customer=dave.customer, body="Sorry, I was away. Order 12345.")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.closure_reason, waiting.solved_at) == (Status.OPEN, "", waiting.solved_at)
    since = T0 - timedelta(days=1)
    assert closure_counts(tickets=Ticket.objects.all(), since=since, until=T0 + timedelta(days=30)) == []


def test_the_task_runs_the_sweep(clock, waiting, eager_celery):
    from tickets.tasks import sweep_awaiting_info

    clock.at(hours=72)
    assert sweep_awaiting_info.delay().get() == {"reminded": 1, "closed": 0}


# --- Reports ----------------------------------------------------------------------------------------------


@pytest.fixture
def closed_spread(clock, alice, bob, dave, erin, queue_a, queue_b):
    """Closures in queues A and B over two weeks, and one in A before the period."""
    def close(queue, actor, reason, when, **kw):
        ticket = TicketFactory(customer=(dave if queue == queue_a else erin).customer, queue=queue)
        clock.now = when
        ticket_change(ticket=ticket, actor=actor, status=Status.SOLVED, closure_reason=reason, **kw)
        return ticket

    first = close(queue_a, alice, "resolved", T0)
    close(queue_a, alice, "resolved", T0 + timedelta(days=1))
    close(queue_a, alice, "duplicate", T0 + timedelta(days=8), duplicate_of=first)
    close(queue_b, bob, "spam", T0 + timedelta(days=2))
    close(queue_a, alice, "spam", T0 - timedelta(days=20))
    return {"a": queue_a.pk, "b": queue_b.pk}


def test_closures_are_counted_per_queue_and_reason_within_the_period(closed_spread, carol, alice):
    until = T0 + timedelta(days=14)
    assert closure_counts(tickets=tickets_led_by(carol), since=T0, until=until) == [
        {"queue": closed_spread["a"], "closure_reason": "duplicate", "count": 1},
        {"queue": closed_spread["a"], "closure_reason": "resolved", "count": 2},
        {"queue": closed_spread["b"], "closure_reason": "spam", "count": 1},
    ]
    # The scope is the caller's: alice sees queue A only, an agent leads nothing.
    assert {row["queue"] for row in closure_counts(tickets=tickets_for(alice), since=T0, until=until)} == {
        closed_spread["a"]}
    assert closure_counts(tickets=tickets_led_by(alice), since=T0, until=until) == []


def test_closures_are_counted_per_week(closed_spread, carol):
    rows = closure_counts_by_week(tickets=tickets_led_by(carol), since=T0, until=T0 + timedelta(days=14))
    weeks = sorted({row["week"].date().isoformat() for row in rows})
    assert weeks == ["2026-03-02", "2026-03-09"]
    assert sum(row["count"] for row in rows) == 4


def test_counting_closures_reads_the_closure_index(closed_spread, carol):
    queryset = Ticket.objects.exclude(closure_reason="").filter(solved_at__gte=T0, solved_at__lt=T0 + timedelta(days=7))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.values("queue", "closure_reason").explain()
    assert "ticket_closure_idx" in plan
