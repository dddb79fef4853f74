"""Scoping: each persona sees exactly what the permission boundary allows."""
from datetime import timedelta

from django.utils import timezone

from tickets.access import customers_for, queues_for, tickets_for


def test_agent_sees_only_tickets_in_their_queues(alice, bob, dave_ticket, erin_ticket):
    assert list(tickets_for(alice)) == [dave_ticket]
    assert list(tickets_for(bob)) == [erin_ticket]


def test_lead_in_both_queues_sees_both(carol, dave_ticket, erin_ticket):
    assert set(tickets_for(carol)) == {dave_ticket, erin_ticket}


def test_admin_sees_every_queue(adam, queue_a, queue_b):
    assert set(queues_for(adam)) == {queue_a, queue_b}


def test_customer_sees_only_their_own_tickets(dave, erin, dave_ticket, erin_ticket):
    assert list(tickets_for(dave)) == [dave_ticket]
    assert list(tickets_for(erin)) == [erin_ticket]
    assert list(customers_for(dave)) == [dave.customer]


def test_expired_contractor_sees_nothing(cora, dave_ticket):
    assert list(tickets_for(cora)) == [dave_ticket]
    cora.staff.access_expires_at = timezone.now() - timedelta(minutes=1)
    cora.staff.save()
    assert list(tickets_for(cora)) == []


def test_soft_deleted_ticket_is_hidden_from_everyone(alice, dave, dave_ticket):
    dave_ticket.deleted_at = timezone.now()
    dave_ticket.save()
    assert list(tickets_for(alice)) == []
    assert list(tickets_for(dave)) == []
