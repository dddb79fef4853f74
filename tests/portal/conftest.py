import pytest
from django.core.files.base import ContentFile

from tests.factories import published_reply_message
from tickets.models import Attachment, MessageKind
from tickets.services import note_add

# Everything that identifies alice for real; none of it may reach a customer's page.
ALICE_PRIVATE = ("Alicia", "Realname", "alice@home.example", "alice")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dave_client(client, dave):
    client.force_login(dave)
    return client


@pytest.fixture
def erin_client(client, erin):
    client.force_login(erin)
    return client


@pytest.fixture
def alice_reply(alice, dave_ticket):
    persona = alice.staff.persona
    return published_reply_message(
        ticket=dave_ticket, author=alice, body="We refunded the second charge.",
        alias=persona.alias, avatar_seed=persona.avatar_seed,
    )


@pytest.fixture
def alice_note(alice, dave_ticket):
    return note_add(ticket=dave_ticket, author=alice, body="Internal: check the fraud flag.")


def attach(message, name="receipt.txt", content=b"receipt contents", content_type="text/plain") -> Attachment:
    attachment = Attachment(message=message, filename=name, size=len(content), content_type=content_type)
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def dave_attachment(dave_ticket):
    return attach(dave_ticket.messages.get(kind=MessageKind.CUSTOMER))


@pytest.fixture
def note_attachment(alice_note):
    return attach(alice_note, name="fraud-check.txt", content=b"internal only")
