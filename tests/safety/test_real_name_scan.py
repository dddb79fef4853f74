"""The reply gate treats the agent's own real name as private (via agents.identity.private_names_of)."""
import pytest

from redaction import services as gate
from tickets.models import Message, MessageKind

FIRST_NAME_ONLY = pytest.param(
    "Best, Alicia",
    marks=pytest.mark.xfail(
        strict=True,
        reason="redaction.context passes only the full name (private_names_of(...)[0]) to the scanner, so a "
        "reply signed with the agent's first name alone is published; reported to the gate's owner",
    ),
)


@pytest.mark.parametrize("body", ["Kind regards, Alicia Realname", FIRST_NAME_ONLY, "Ms Realname will call you."])
def test_a_reply_signed_with_the_agents_real_name_is_held(alice, dave_ticket, body):
    version = gate.reply_submit(ticket=dave_ticket, author=alice, body=body)
    version = gate.reply_scan(version_id=version.pk)
    assert version.status == "held"
    assert not Message.objects.filter(ticket=dave_ticket, kind=MessageKind.PUBLIC_REPLY).exists()


def test_a_reply_signed_with_the_persona_publishes_under_the_persona_snapshot(alice, dave_ticket):
    version = gate.reply_submit(ticket=dave_ticket, author=alice, body="Kind regards, Harbor Wren")
    version = gate.reply_scan(version_id=version.pk)
    assert version.status == "published"
    message = Message.objects.get(ticket=dave_ticket, kind=MessageKind.PUBLIC_REPLY)
    persona = alice.staff.persona
    assert (message.author_alias, message.author_avatar_seed) == ("Harbor Wren", persona.avatar_seed)
