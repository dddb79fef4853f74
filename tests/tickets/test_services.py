"""tickets.services: validation, limits, history events and the safety rules each write enforces."""
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from tests import samples
from tickets import intake, services
from tickets.models import Channel, Message, MessageKind, Priority, Restriction, Status, Ticket, TicketEvent

LIMITS = {"MESSAGE_MAX_CHARS": 100, "ATTACHMENT_MAX_BYTES": 1024, "ATTACHMENTS_PER_MESSAGE": 2}


def _kinds(ticket) -> list[str]:
    return list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))


# --- ticket_open ----------------------------------------------------------------------------------


def test_ticket_open_creates_the_first_message_sla_and_history(
    dave, queue_a, django_capture_on_commit_callbacks
):
    received = []

    def receiver(**kwargs):
        received.append(kwargs["message"])

    services.customer_message_received.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ticket = intake.ticket_open(
                customer=dave.customer, subject="  Refund  ", body="Please refund me.", queue=queue_a,
                priority=Priority.URGENT,
            )
    finally:
        services.customer_message_received.disconnect(receiver)
    assert ticket.subject == "Refund"
    assert ticket.status == Status.NEW
    assert ticket.first_response_due - ticket.created_at == timedelta(hours=1)
    message = ticket.messages.get()
    assert (message.kind, message.author_customer) == (MessageKind.CUSTOMER, dave.customer)
    assert message.body == "Please refund me."
    assert _kinds(ticket)[0] == "created"
    assert received == [message]


def test_ticket_open_on_a_public_channel_marks_replies_and_first_post_public(dave, queue_a):
    ticket = intake.ticket_open(customer=dave.customer, subject="Hi", body="@brand help", queue=queue_a,
                                  channel=Channel.SOCIAL)
    assert ticket.replies_public is True
    assert ticket.messages.get().is_public_post is True


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [("", "body", "subject"), ("x" * 201, "body", "subject"), ("Subject", "   ", "body")],
)
def test_ticket_open_refuses_bad_input_with_a_field_error(dave, queue_a, subject, body, field):
    with pytest.raises(ValidationError) as exc:
        intake.ticket_open(customer=dave.customer, subject=subject, body=body, queue=queue_a)
    assert field in exc.value.message_dict
    assert not Message.objects.exists()


def test_ticket_open_refuses_an_unknown_channel(dave, queue_a):
    with pytest.raises(ValidationError) as exc:
        intake.ticket_open(customer=dave.customer, subject="S", body="B", queue=queue_a, channel="pigeon")
    assert "channel" in exc.value.message_dict


@override_settings(TACT_LIMITS=LIMITS)
def test_ticket_open_enforces_message_and_attachment_limits(dave, queue_a):
    with pytest.raises(ValidationError, match="limited to 100 characters"):
        intake.ticket_open(customer=dave.customer, subject="S", body="x" * 101, queue=queue_a)
    big = SimpleUploadedFile("big.bin", b"x" * 2048)
    with pytest.raises(ValidationError, match="big.bin is 2,048 bytes"):
        intake.ticket_open(customer=dave.customer, subject="S", body="B", queue=queue_a, files=[big])
    many = [SimpleUploadedFile(f"f{n}.txt", b"x") for n in range(3)]
    with pytest.raises(ValidationError, match="at most 2 files"):
        intake.ticket_open(customer=dave.customer, subject="S", body="B", queue=queue_a, files=many)


@pytest.mark.parametrize("write", ["ticket_open", "customer_message_add", "note_add"])
def test_an_upload_is_read_once_and_stored_as_read(write, alice, dave, dave_ticket, queue_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = b"name,amount\nrefund,12.50\n"
    upload = samples.CountedUpload("refund.csv", data, content_type="application/x-msdownload")
    if write == "ticket_open":
        message = intake.ticket_open(customer=dave.customer, subject="S", body="B", queue=queue_a,
                                     files=[upload]).messages.get()
    elif write == "customer_message_add":
        message = services.customer_message_add(ticket=dave_ticket, customer=dave.customer, body="B", files=[upload])
    else:
        message = services.note_add(ticket=dave_ticket, author=alice, body="B", files=[upload])
    assert upload.reads == 1
    attachment = message.attachments.get()
    assert (attachment.filename, attachment.size, attachment.content_type) == ("refund.csv", len(data), "text/csv")
    with attachment.file.open("rb") as handle:
        assert handle.read() == data


def test_ticket_open_from_a_suspended_customer_keeps_the_message_as_suspended(dave, queue_a):
    dave.customer.restriction = Restriction.SUSPENDED
    dave.customer.save()
    ticket = intake.ticket_open(customer=dave.customer, subject="S", body="B", queue=queue_a)
    assert ticket.messages.get().suspended is True


# --- customer_message_add -------------------------------------------------------------------------


def test_customer_message_reopens_a_pending_ticket(dave, dave_ticket):
    dave_ticket.status = Status.PENDING
    dave_ticket.save()
    message = services.customer_message_add(ticket=dave_ticket, customer=dave.customer, body="Still broken")
    dave_ticket.refresh_from_db()
    assert dave_ticket.status == Status.OPEN
    assert message.body == "Still broken"
    assert _kinds(dave_ticket) == ["customer_message", "status"]


def test_customer_message_on_anothers_ticket_is_refused(erin, dave_ticket):
    with pytest.raises(ValidationError, match="another customer"):
        services.customer_message_add(ticket=dave_ticket, customer=erin.customer, body="Hi")


def test_customer_message_on_a_closed_ticket_is_refused(dave, dave_ticket):
    dave_ticket.status = Status.CLOSED
    dave_ticket.save()
    with pytest.raises(ValidationError, match="closed"):
        services.customer_message_add(ticket=dave_ticket, customer=dave.customer, body="Hi")


@override_settings(TACT_LIMITS=LIMITS)
def test_customer_message_over_the_limit_is_refused_and_nothing_is_written(dave, dave_ticket):
    before = dave_ticket.messages.count()
    with pytest.raises(ValidationError) as exc:
        services.customer_message_add(ticket=dave_ticket, customer=dave.customer, body="y" * 101)
    assert "body" in exc.value.message_dict
    assert dave_ticket.messages.count() == before


# --- note_add -------------------------------------------------------------------------------------


def test_note_add_writes_an_internal_note_and_an_event(alice, dave_ticket):
    note = services.note_add(ticket=dave_ticket, author=alice, body=" Checked the ledger ")
    assert (note.kind, note.author_user) == (MessageKind.INTERNAL_NOTE, alice)
    assert note.body == "Checked the ledger"
    assert _kinds(dave_ticket) == ["note"]
    assert TicketEvent.objects.get(ticket=dave_ticket).data == {"message": note.pk}  # ids, never the body


def test_note_add_by_a_customer_is_refused(dave, dave_ticket):
    with pytest.raises(ValidationError, match="Only staff"):
        services.note_add(ticket=dave_ticket, author=dave, body="sneaky")


# --- ticket_change --------------------------------------------------------------------------------


def test_ticket_change_records_one_event_per_changed_field(alice, dave_ticket):
    services.ticket_change(ticket=dave_ticket, actor=alice, status=Status.SOLVED, priority=Priority.HIGH,
                           assignee=alice)
    dave_ticket.refresh_from_db()
    assert (dave_ticket.status, dave_ticket.priority) == (Status.SOLVED, Priority.HIGH)
    assert dave_ticket.assignee == alice
    assert dave_ticket.solved_at is not None
    events = {e.kind: e.data for e in TicketEvent.objects.filter(ticket=dave_ticket)}
    assert events == {
        "status": {"old": "new", "new": "solved"},
        "priority": {"old": 2, "new": 3},
        "assignee": {"old": None, "new": alice.pk},
        "closure": {"reason": "resolved", "duplicate_of": None},  # solved without a reason: resolved
        "survey_sent": {"survey": dave_ticket.survey.pk},  # solved as resolved: the customer is asked to rate
    }


def test_ticket_change_with_nothing_new_records_nothing(alice, dave_ticket):
    services.ticket_change(ticket=dave_ticket, actor=alice, status=dave_ticket.status)
    assert _kinds(dave_ticket) == []


def test_ticket_change_refuses_a_shielded_agent(alice, carol, dave_ticket):
    dave_ticket.customer.shielded_agents.add(alice)
    with pytest.raises(ValidationError) as exc:
        services.ticket_change(ticket=dave_ticket, actor=carol, assignee=alice)
    assert "safety" in exc.value.message_dict["assignee"][0]
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee is None


def test_ticket_change_refuses_an_assignee_outside_the_queue(alice, bob, dave_ticket):
    with pytest.raises(ValidationError) as exc:
        services.ticket_change(ticket=dave_ticket, actor=alice, assignee=bob)
    assert "assignee" in exc.value.message_dict


def test_ticket_change_refuses_a_queue_the_actor_is_not_in(alice, queue_b, dave_ticket):
    with pytest.raises(ValidationError) as exc:
        services.ticket_change(ticket=dave_ticket, actor=alice, queue=queue_b)
    assert "queue" in exc.value.message_dict


def test_ticket_change_refuses_unknown_status_and_priority(alice, dave_ticket):
    with pytest.raises(ValidationError):
        services.ticket_change(ticket=dave_ticket, actor=alice, status="lost")
    with pytest.raises(ValidationError):
        services.ticket_change(ticket=dave_ticket, actor=alice, priority=9)


def test_ticket_change_unassign_and_queue_move(carol, queue_b, dave_ticket):
    services.ticket_change(ticket=dave_ticket, actor=carol, assignee=carol)
    services.ticket_change(ticket=dave_ticket, actor=carol, unassign=True, queue=queue_b)
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee is None and dave_ticket.queue == queue_b
    assert _kinds(dave_ticket) == ["assignee", "queue", "assignee"]


# --- call_log -------------------------------------------------------------------------------------


def test_call_log_records_the_call_and_a_history_event(alice, dave_ticket):
    at = timezone.now() - timedelta(hours=2)
    call = services.call_log(customer=dave_ticket.customer, agent=alice, at=at, duration_s=240,
                             summary="Explained the refund", ticket=dave_ticket)
    assert (call.at, call.duration_s, call.ticket) == (at, 240, dave_ticket)
    assert TicketEvent.objects.get(ticket=dave_ticket).data == {"call": call.pk}


def test_call_log_refuses_a_naive_datetime(alice, dave_ticket):
    with pytest.raises(ValidationError) as exc:
        services.call_log(customer=dave_ticket.customer, agent=alice, at=datetime(2026, 1, 5, 10, 30),  # noqa: DTZ001
                          duration_s=60, ticket=dave_ticket)
    assert "at" in exc.value.message_dict
    assert not dave_ticket.calls.exists()


@pytest.mark.parametrize(
    "at",
    [
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC),
        datetime(1999, 12, 31, tzinfo=UTC), timezone.now() + timedelta(days=2),
    ],
)
def test_call_log_refuses_times_no_call_can_have(alice, dave_ticket, at):
    with pytest.raises(ValidationError) as exc:
        services.call_log(customer=dave_ticket.customer, agent=alice, at=at, duration_s=60, ticket=dave_ticket)
    assert "at" in exc.value.message_dict
    assert not dave_ticket.calls.exists()


def test_call_log_refuses_a_call_longer_than_a_day_and_a_null_character(alice, dave_ticket):
    at = timezone.now() - timedelta(hours=1)
    with pytest.raises(ValidationError, match="between 0 minutes and a day"):
        services.call_log(customer=dave_ticket.customer, agent=alice, at=at, duration_s=10**9, ticket=dave_ticket)
    with pytest.raises(ValidationError, match="null character"):
        services.call_log(customer=dave_ticket.customer, agent=alice, at=at, duration_s=60, summary="a\x00b")
    assert not dave_ticket.calls.exists()


def test_suspended_customer_message_is_kept_but_changes_nothing(dave, dave_ticket, django_capture_on_commit_callbacks):
    from tickets.models import Restriction, Status
    from tickets.services import customer_message_add, customer_message_received

    dave_ticket.status = Status.SOLVED
    dave_ticket.save()
    before = dave_ticket.updated_at
    dave.customer.restriction = Restriction.SUSPENDED
    dave.customer.save()
    received = []
    customer_message_received.connect(lambda **kw: received.append(kw["message"]), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            message = customer_message_add(ticket=dave_ticket, customer=dave.customer, body="you again")
    finally:
        customer_message_received.disconnect(dispatch_uid="t")
    dave_ticket.refresh_from_db()
    assert message.suspended is True
    assert dave_ticket.status == Status.SOLVED
    assert dave_ticket.updated_at == before
    assert received == []


def test_ticket_change_from_a_stale_copy_keeps_what_a_publication_wrote_meanwhile(alice, dave_ticket):
    """The page loaded the ticket, then a reply was published (status new → open, first response stamped), then
    the agent changed the priority: the publication's writes must survive, and the first response stays answered."""
    from tests.factories import published_reply_message

    stale = Ticket.objects.get(pk=dave_ticket.pk)
    assert (stale.status, stale.first_responded_at) == (Status.NEW, None)
    published_reply_message(ticket=dave_ticket, author=alice, body="We refunded the second charge.")
    answered = Ticket.objects.get(pk=dave_ticket.pk)

    services.ticket_change(ticket=stale, actor=alice, priority=Priority.URGENT)

    row = Ticket.objects.get(pk=dave_ticket.pk)
    assert row.priority == Priority.URGENT
    assert row.status == Status.OPEN and row.first_responded_at == answered.first_responded_at
    assert row.first_response_due == answered.first_response_due  # answered: its deadline stays
    assert row.resolution_due == row.created_at + timedelta(hours=8)  # still running: the urgent policy's
    assert (stale.status, stale.first_responded_at) == (Status.OPEN, answered.first_responded_at)
