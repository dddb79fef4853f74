"""bench/seed_scale.py at a tiny size: the rows it writes directly (triggers off) are the rows the gate and the
services would have left, counts are as asked, and the database is handed back with its indexes and guards."""
import hashlib

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from bench import seed_scale

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the seed loads with PostgreSQL's COPY"),
]

TICKETS = 400


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
        return {row[0] for row in cursor.fetchall()}


def test_a_tiny_seed_is_consistent(transactional_db):
    """One load (it takes seconds), every check on it."""
    indexes = _index_names()
    plan = seed_scale.Plan(tickets=TICKETS, seed=5)
    seeded = plan, seed_scale.seed(plan, out=lambda line: None), indexes
    counts_are_as_asked(seeded)
    every_public_reply_is_published_by_the_gate(seeded)
    suspended_customers_and_escalations(seeded)
    the_database_is_handed_back_with_its_indexes_and_guards(seeded)
    every_ticket_is_searchable(seeded)


def counts_are_as_asked(seeded):
    from agents.models import Persona, StaffProfile
    from redaction.models import Reply, ReplyVersion
    from tickets.models import Customer, Message, Queue, Ticket, TicketEvent

    plan, stats, _ = seeded
    assert Ticket.objects.count() == TICKETS == stats.made["tickets_ticket"]
    assert Customer.objects.count() == plan.customers == TICKETS // 2
    assert Queue.objects.count() == plan.queues
    assert StaffProfile.objects.count() == Persona.objects.count() == plan.staff
    assert Message.objects.count() == stats.made["tickets_message"]
    assert TicketEvent.objects.filter(kind="created").count() == TICKETS
    assert Reply.objects.count() == ReplyVersion.objects.count() == stats.made["redaction_reply"]
    # Three messages on every ticket but the long ones and those still new; one on a new ticket.
    threads = {
        t.pk: (t.status, list(t.messages.exclude(kind="note").filter(suspended=False).values_list("kind", flat=True)))
        for t in Ticket.objects.prefetch_related("messages")
    }
    lengths = sorted(len(kinds) for _, kinds in threads.values())
    assert lengths.count(seed_scale.LONG_THREAD) == plan.long_threads
    for status, kinds in threads.values():
        if len(kinds) == seed_scale.LONG_THREAD:
            continue
        assert kinds == (["customer"] if status == "new" else ["customer", "reply", "customer"])
    # Graded words: each on its share of tickets, in the first customer message.
    for word, modulus, rest in seed_scale._MARKER_RULES:
        expected = len(range(rest, TICKETS, modulus))
        assert Message.objects.filter(kind="customer", body__contains=f"the {word} option").count() == expected


def every_public_reply_is_published_by_the_gate(seeded):
    from redaction.models import ReplyState, ReplyVersion, VersionStatus
    from redaction.policy import policy_digest
    from redaction.scanner import SCANNER_VERSION
    from tickets.models import Message

    replies = Message.objects.filter(kind="reply").select_related("gate_reply__latest_version")
    assert replies.count() > TICKETS // 2
    digest = policy_digest()
    for message in replies:
        reply = message.gate_reply  # the reply that points at this message
        version = reply.latest_version
        assert reply.state == ReplyState.PUBLISHED and reply.ticket_id == message.ticket_id
        assert version.status == VersionStatus.PUBLISHED and version.reply_id == reply.pk
        assert (version.body, version.signature) == (message.body, message.author_signature)
        assert version.sha256 == hashlib.sha256(message.body.encode()).hexdigest()
        scan = version.latest_scan()
        assert scan.is_clean and scan.sha256 == version.sha256
        assert (scan.scanner_version, scan.policy_digest) == (SCANNER_VERSION, digest)
        assert message.author_alias == reply.author.staff.persona.alias
        assert message.notifications.get().state == "sent"
    held = ReplyVersion.objects.filter(status=VersionStatus.HELD).select_related("reply")
    _, stats, _ = seeded
    assert held.count() == len(stats.special.held) == stats.made["held_replies"]
    for version in held:
        assert version.reply.state == ReplyState.HELD and version.reply.published_message_id is None
        assert version.latest_scan().findings[0]["kind"] == "phone"


def suspended_customers_and_escalations(seeded):
    from escalation.models import ACTIVE, Escalation
    from tickets.models import Customer, Message

    plan, stats, _ = seeded
    suspended = Customer.objects.filter(restriction="suspended")
    assert suspended.count() == len(stats.special.suspended_customers) >= 1
    assert Message.objects.filter(suspended=True, author_customer__in=suspended).count() == plan.suspended
    assert Escalation.objects.count() == plan.escalations
    assert Escalation.objects.filter(status__in=ACTIVE).count() == plan.active_escalations
    for escalation in Escalation.objects.prefetch_related("entries"):
        assert escalation.entries.first().kind == "raised"
        assert escalation.customer_id == escalation.ticket.customer_id
        assert escalation.queue_id == escalation.ticket.queue_id


def the_database_is_handed_back_with_its_indexes_and_guards(seeded):
    from tickets.models import Message

    _, stats, indexes = seeded
    assert stats.violations == {}
    assert _index_names() == indexes
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
    reply = Message.objects.filter(kind="reply").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=reply.pk).update(body="edited after publication")
    # The sequences continue after the ids the load assigned.
    ticket = Message.objects.filter(kind="customer").first().ticket
    assert Message.objects.create(ticket=ticket, kind="note", body="after the load").pk > reply.pk


def every_ticket_is_searchable(seeded):
    """The load ran without triggers; the seed rebuilds the search vectors after it."""
    from tickets.models import Ticket
    from tickets.search import ticket_search

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tickets_ticket WHERE search_vector IS NULL")
        assert cursor.fetchone()[0] == 0
    ticket = Ticket.objects.order_by("pk").first()
    word = next(w for w in ticket.subject.split() if len(w) > 4 and w.isalpha())
    assert ticket_search(Ticket.objects.filter(pk=ticket.pk), word).exists()
