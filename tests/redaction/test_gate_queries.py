"""The worker's step stays cheap: deciding a batch of replies takes a fixed number of queries.

The count grows neither with the customer's history or their organization's contacts (no N+1) nor with the
number of replies in the batch: contexts are built one query per kind of detail for all the batch's tickets,
and scans, messages, history and outbox rows are written in bulk.
"""

import pytest

from redaction import worker as gate_worker
from redaction.models import ReplyVersion, VersionStatus
from tests.factories import ContactFactory, CustomerFactory, MessageFactory, OrganizationFactory, TicketFactory
from tests.redaction.conftest import CLEAN, LEAKY
from tickets.models import Message, MessageKind, Notification

pytestmark = pytest.mark.django_db

# claim 4 (savepoints included; versions come with their replies, tickets and authors) + contexts 5 (texts,
# calls, contacts, queues, staff) + verdict 11 (savepoints, versions and replies locked together, scans, publication's
# five writes, outbox insert and read) + 1 (the webhook subscriptions, read once per batch) + 1 (the batch's
# running next-response SLA clocks, read once).
MAX_QUERIES = 22


@pytest.fixture
def busy_customer(dave):
    organization = OrganizationFactory()
    dave.customer.organization = organization
    dave.customer.save(update_fields=["organization"])
    ContactFactory.create_batch(12, organization=organization)
    return dave.customer


def test_clean_reply_is_scanned_and_published_in_a_fixed_number_of_queries(
    alice, busy_customer, dave_post, submit, notified, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    MessageFactory.create_batch(8, ticket=dave_post, kind=MessageKind.CUSTOMER, author_customer=busy_customer)
    version = submit(dave_post, alice, CLEAN)
    with django_assert_max_num_queries(MAX_QUERIES), django_capture_on_commit_callbacks(execute=True):
        gate_worker.reply_scan(version_id=version.pk)
    assert ReplyVersion.objects.get(pk=version.pk).status == VersionStatus.PUBLISHED
    assert len(notified) == 1


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
    with django_assert_max_num_queries(MAX_QUERIES + 3), django_capture_on_commit_callbacks(execute=True):
        gate_worker.reply_scan(version_id=versions[2].pk)  # any one message takes the whole batch
    statuses = dict(ReplyVersion.objects.filter(pk__in=[v.pk for v in versions]).values_list("pk", "status"))
    assert [statuses[v.pk] for v in versions] == [VersionStatus.PUBLISHED] * 5 + [VersionStatus.HELD]
    published = Message.objects.filter(kind=MessageKind.PUBLIC_REPLY)
    assert sorted(published.values_list("ticket_id", flat=True)) == sorted(t.pk for t in tickets[:5])
    assert Notification.objects.filter(message__in=published).count() == 5
    assert len(notified) == 1  # one doorbell for the batch's emails: the notify worker sends them together
