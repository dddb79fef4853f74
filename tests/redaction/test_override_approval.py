"""A lead's own held reply goes out only when another lead approves: the override asks, the approval publishes."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agents.approvals import approval_approve
from agents.models import AuditEntry, PendingAction
from redaction import publication
from redaction.models import VersionStatus
from tests.factories import StaffFactory, UserFactory
from tests.redaction.conftest import LEAKY
from tickets.models import Message, MessageKind

REASON = "The customer gave this number for the callback."


@pytest.fixture
def own_held(carol, dave_post, submit, worker):
    return worker(submit(dave_post, carol, LEAKY))


def test_a_lead_cannot_override_their_own_reply(carol, own_held):
    assert own_held.status == VersionStatus.HELD
    with pytest.raises(PermissionDenied, match="another lead must approve"):
        publication.reply_override(version=own_held, lead=carol, reason=REASON)
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_another_lead_approves_and_the_reply_is_published_once(carol, adam, own_held, notified):
    action = publication.reply_override_request(version=own_held, lead=carol, reason=REASON)
    assert "Publish the held reply" in action.summary
    with pytest.raises(PermissionDenied):
        approval_approve(action=action, approver=carol)
    approval_approve(action=action, approver=adam)
    own_held.refresh_from_db()
    assert own_held.status == VersionStatus.PUBLISHED and own_held.overridden_by == carol
    entry = AuditEntry.objects.get(action="reply.override")
    assert entry.actor == carol and entry.data["approved_by"] == adam.pk
    with pytest.raises(ValidationError):
        approval_approve(action=PendingAction.objects.get(pk=action.pk), approver=adam)
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 1


def test_the_approval_rechecks_that_the_reply_is_still_held(carol, adam, own_held, dave_post, submit):
    action = publication.reply_override_request(version=own_held, lead=carol, reason=REASON)
    submit(dave_post, carol, "A new version, without the number.")  # the author edited it meanwhile
    with pytest.raises(ValidationError):
        approval_approve(action=action, approver=adam)
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_the_override_form_on_an_own_reply_asks_instead(client, carol, own_held):
    client.force_login(carol)
    response = client.post(reverse("gate:override", args=[own_held.pk]), {"reason": REASON})
    assert response.status_code == 302 and response.url == reverse("agents:approvals")
    assert PendingAction.objects.get().kind == "reply_override_own"
    own_held.refresh_from_db()
    assert own_held.status == VersionStatus.HELD


def test_a_lead_of_another_queue_cannot_approve(carol, own_held, queue_b):
    lead_b = StaffFactory(user=UserFactory(username="leadb"), role="lead").user
    queue_b.members.add(lead_b)
    action = publication.reply_override_request(version=own_held, lead=carol, reason=REASON)
    with pytest.raises(PermissionDenied):
        approval_approve(action=action, approver=lead_b)
