"""`manage.py approvals --as USERNAME`: deciding from a shell is deciding as a named person, with their rights."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agents.models import AuditEntry, PendingAction
from tickets.merges import customer_contact_change_request
from tickets.models import Customer

REASON = "Customer has a new phone number."


@pytest.fixture
def asked(alice, dave_ticket):
    return customer_contact_change_request(customer=dave_ticket.customer, field="phones", values=["+1 415 555 0000"],
                                           requested_by=alice, reason=REASON)


def _run(*args) -> str:
    out = StringIO()
    call_command("approvals", *args, stdout=out)
    return out.getvalue()


def test_a_lead_lists_and_approves_from_the_shell(asked, carol, dave_ticket):
    assert f"#{asked.pk}\tcustomer_contact_change\t{asked.summary}" in _run("--as", "carol", "list")
    assert "Approved and done" in _run("--as", "carol", "approve", str(asked.pk))
    assert Customer.objects.get(pk=dave_ticket.customer_id).phones == ["+1 415 555 0000"]
    assert AuditEntry.objects.get(action="approval.execute").actor == carol


@pytest.mark.parametrize("username, message", [
    ("alice", "No request"),  # the requester, and an agent besides
    ("bob", "No request"),  # not their queue
    ("nobody", "is not active staff"),
])
def test_the_named_person_needs_the_right_to_decide(asked, bob, username, message):
    with pytest.raises(CommandError, match=message):
        _run("--as", username, "approve", str(asked.pk))
    assert PendingAction.objects.get(pk=asked.pk).status == "pending"


def test_a_second_approval_from_the_shell_is_refused_in_words(asked, carol, adam):
    _run("--as", "carol", "approve", str(asked.pk))
    with pytest.raises(CommandError, match="already approved and done"):
        _run("--as", "adam", "approve", str(asked.pk))
