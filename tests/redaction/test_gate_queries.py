"""The worker's step stays cheap: deciding a batch of replies takes a fixed number of queries.

The count grows neither with the customer's history or their organization's contacts (no N+1) nor with the
number of replies in the batch: contexts are built one query per kind of detail for all the batch's tickets,
and scans, messages, history and outbox rows are written in bulk.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from redaction import gate
from redaction import worker as gate_worker
from redaction.models import ReplyVersion, VersionStatus
from redaction.replyfiles import files_digest
from tests.factories import ContactFactory, CustomerFactory, MessageFactory, OrganizationFactory, TicketFactory
from tests.redaction.conftest import CLEAN, LEAKY
from tickets.models import Message, MessageKind, Notification, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

# claim 2 (one UPDATE … RETURNING takes the lease, one read brings each version's reply, ticket and author) +
# contexts 5 (texts, calls, contacts, queues, staff) + verdict 11 (the transaction's two statements, versions and
# replies locked together with their tickets, scans, publication's five writes, the outbox insert, which returns
# its ids, and the webhook subscriptions, read once per batch). The next-response clocks come with the locked
# tickets, and their history rows are written with the batch's other events. The transaction is a savepoint
# here, BEGIN and COMMIT in the worker.
QUERIES = 18


@pytest.fixture
def busy_customer(dave):
    organization = OrganizationFactory()
    dave.customer.organization = organization
    dave.customer.save(update_fields=["organization"])
    ContactFactory.create_batch(12, organization=organization)
    return dave.customer


@pytest.mark.parametrize("clock_running", [False, True])
def test_clean_reply_is_scanned_and_published_in_a_fixed_number_of_queries(
    clock_running, alice, busy_customer, dave_post, submit, notified, django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    """Exactly this many, so round trips cannot creep back; a running next-response clock costs none."""
    MessageFactory.create_batch(8, ticket=dave_post, kind=MessageKind.CUSTOMER, author_customer=busy_customer)
    due = timezone.now() + timedelta(hours=1)
    if clock_running:
        Ticket.objects.filter(pk=dave_post.pk).update(next_response_due=due)
    version = submit(dave_post, alice, CLEAN)
    with django_assert_num_queries(QUERIES), django_capture_on_commit_callbacks(execute=True):
        gate_worker.reply_scan(version_id=version.pk)
    assert ReplyVersion.objects.get(pk=version.pk).status == VersionStatus.PUBLISHED
    assert len(notified) == 1
    clock = TicketEvent.objects.filter(ticket=dave_post, kind="sla_next_response")
    assert list(clock.values_list("data", flat=True)) == ([{"met": True}] if clock_running else [])
    assert Ticket.objects.get(pk=dave_post.pk).next_response_due is None


def test_a_batch_of_replies_costs_what_one_does(
    alice, busy_customer, dave_post, queue_a, submit, notified, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    """Six replies on six customers' tickets, a leaky one among them, decided by one message's batch."""
    tickets = [dave_post] + [TicketFactory(customer=CustomerFactory(), queue=queue_a) for _ in range(4)]
    leaky_customer = CustomerFactory(phones=["+1 415 555 0134"])
    tickets.append(TicketFactory(customer=leaky_customer, queue=queue_a, replies_public=True))
    for ticket in tickets:
        MessageFactory.create_batch(3, ticket=ticket, kind=MessageKind.CUSTOMER, author_customer=ticket.customer)
    versions = [submit(ticket, alice, CLEAN) for ticket in tickets[:5]] + [submit(tickets[5], alice, LEAKY)]
    # Holding adds its own three writes (versions, replies, history) once per batch.
    with django_assert_max_num_queries(QUERIES + 3), django_capture_on_commit_callbacks(execute=True):
        gate_worker.reply_scan(version_id=versions[2].pk)  # any one message takes the whole batch
    statuses = dict(ReplyVersion.objects.filter(pk__in=[v.pk for v in versions]).values_list("pk", "status"))
    assert [statuses[v.pk] for v in versions] == [VersionStatus.PUBLISHED] * 5 + [VersionStatus.HELD]
    published = Message.objects.filter(kind=MessageKind.PUBLIC_REPLY)
    assert sorted(published.values_list("ticket_id", flat=True)) == sorted(t.pk for t in tickets[:5])
    assert Notification.objects.filter(message__in=published).count() == 5
    assert len(notified) == 1  # one doorbell for the batch's emails: the notify worker sends them together


# The agent's Send (the submit → published figure starts in it): the author's two permission reads, then the
# transaction's two statements, the reply locked, its version written, the reply moved and the history event.
# A first Send also makes the reply (inside its own savepoint: three statements); a Send over a draft reads the
# draft's files, which carry over.
SEND_QUERIES = 8


@pytest.mark.parametrize("draft_first", [False, True])
def test_a_send_takes_a_fixed_number_of_queries(
    draft_first, alice, dave_post, rung, django_assert_num_queries, django_capture_on_commit_callbacks
):
    if draft_first:
        gate.draft_save(ticket=dave_post, author=alice, body="Thanks for")
    with django_assert_num_queries(SEND_QUERIES + (1 if draft_first else 3)):
        version = gate.reply_submit(ticket=dave_post, author=alice, body=CLEAN)
    assert version.status == VersionStatus.PENDING and version.files_sha256 == files_digest([])


def test_a_reply_asking_for_details_adds_only_its_status_move(
    alice, dave_post, submit, notified, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The ticket waits for the customer: one conditional update more; its history row goes in with the rest."""
    version = submit(dave_post, alice, "Sorry about this. Could you send us your order number so we can look?")
    # One update more; one read fewer, as this customer has no organization whose contacts to read.
    with django_assert_num_queries(QUERIES), django_capture_on_commit_callbacks(execute=True):
        gate_worker.reply_scan(version_id=version.pk)
    assert Ticket.objects.get(pk=dave_post.pk).status == "pending"
    moves = TicketEvent.objects.filter(ticket=dave_post, kind="status").values_list("data", flat=True)
    assert list(moves) == [{"old": "open", "new": "pending", "reason": "info_requested"}]
