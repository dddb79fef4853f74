"""The reply gate treats the agent's own real name as private (via agents.identity.private_names_of)."""
import pytest

from redaction import services as gate
from tickets.models import Message, MessageKind

FIRST_NAME_ONLY = "Best, Alicia"


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
