"""Safety reports become agent_harassment escalations with their evidence and every lead action (0004)."""
import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.migrations import migrate_to, old_world_at

BEFORE = [("escalation", "0003_urgency")]
AFTER = [("escalation", "0004_safety_reports_become_escalations")]


@pytest.fixture
def old_world(transactional_db):
    """The database as of 0003, with the pre-queue models; migrated to the latest state again afterwards."""
    yield from old_world_at(BEFORE)


def test_reports_and_actions_become_escalations_and_timeline_entries(old_world):
    apps = old_world
    User = apps.get_model("auth", "User")
    Queue = apps.get_model("tickets", "Queue")
    Customer = apps.get_model("tickets", "Customer")
    Ticket = apps.get_model("tickets", "Ticket")
    Message = apps.get_model("tickets", "Message")
    Report = apps.get_model("escalation", "SafetyReport")
    Action = apps.get_model("escalation", "SafetyAction")
    agent = User.objects.create(username="agent")
    lead = User.objects.create(username="lead")
    queue = Queue.objects.create(name="Q", slug="q", email="q@support.example")
    customer = Customer.objects.create(name="C")
    ticket = Ticket.objects.create(subject="S", customer=customer, queue=queue, reference="T-1")
    other = Ticket.objects.create(subject="S2", customer=customer, queue=queue, reference="T-2")
    m1 = Message.objects.create(ticket=ticket, kind="customer", author_customer=customer, body="first creepy")
    m2 = Message.objects.create(ticket=ticket, kind="customer", author_customer=customer, body="second creepy")
    t0 = timezone.now() - timedelta(days=2)

    def report(message, ticket, status, minutes, **extra):
        body = message.body if message else ""
        return Report.objects.create(
            customer=customer, ticket=ticket, message=message, reporter=agent, category="creepy_or_sexual",
            note=f"note {minutes}", evidence_body=body, evidence_sha256=hashlib.sha256(body.encode()).hexdigest(),
            evidence_received_at=t0, status=status, created_at=t0 + timedelta(minutes=minutes), **extra,
        )

    open_one = report(m1, ticket, "actioned", 0, handed_back=True)
    restrict = Action.objects.create(report=open_one, lead=lead, kind="restrict", created_at=t0 + timedelta(minutes=5),
                                     data={"previous": "none", "new": "restricted"})
    joined = report(m2, ticket, "open", 10)
    closed = report(None, other, "closed", 20)
    warn = Action.objects.create(report=closed, lead=lead, kind="warn", data={"template": "conduct", "notification": 7},
                          created_at=t0 + timedelta(minutes=25))
    Action.objects.create(report=closed, lead=lead, kind="close", note="Handled by phone",
                          created_at=t0 + timedelta(minutes=30))

    apps = migrate_to(AFTER)
    Escalation = apps.get_model("escalation", "Escalation")
    assert Escalation.objects.count() == 2
    active = Escalation.objects.get(ticket_id=ticket.pk)
    assert (active.category, active.harassment_kind, active.status) == ("agent_harassment", "creepy_or_sexual",
                                                                          "acknowledged")
    assert active.raised_by_id == agent.pk and active.handed_back and active.message_id == m1.pk
    assert active.acknowledged_by_id == lead.pk and active.acknowledged_at == t0 + timedelta(minutes=5)
    assert active.raised_at == open_one.created_at and active.due_at == active.resolve_by
    entries = list(active.entries.order_by("created_at", "id").values_list(
        "kind", "evidence_body", "actor_id", "data"))
    assert entries == [
        ("raised", "first creepy", agent.pk,
         {"safety_report": open_one.pk, "harassment_kind": "creepy_or_sexual", "handed_back": True}),
        ("restrict", "", lead.pk, {"previous": "none", "new": "restricted", "safety_action": restrict.pk}),
        ("raised_again", "second creepy", agent.pk,
         {"safety_report": joined.pk, "harassment_kind": "creepy_or_sexual", "handed_back": False}),
    ]
    done = Escalation.objects.get(ticket_id=other.pk)
    assert (done.status, done.outcome, done.closing_note, done.closed_by_id) == (
        "resolved", "customer_actioned", "Handled by phone", lead.pk)
    assert done.resolved_at == t0 + timedelta(minutes=30) and done.due_at is None
    kinds = list(done.entries.order_by("created_at", "id").values_list("kind", flat=True))
    assert kinds == ["raised", "warn", "resolved"]
    assert done.entries.get(kind="warn").data == {"template": "conduct", "notification": 7, "safety_action": warn.pk}
