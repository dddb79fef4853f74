import pytest

from config.celery import app as celery_app
from tickets.services import reply_message_create


@pytest.fixture
def eager_celery():
    """Run tasks in-process for the test, as a worker would, then restore the real setting."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def published_reply(alice, dave_ticket):
    """A reply alice published as her persona, as the reply gate's publish step writes it."""
    persona = alice.staff.persona
    persona.signature = "Harbor Wren, Billing team"
    persona.save()
    return reply_message_create(
        ticket=dave_ticket, author=alice, body="We refunded the second charge today.",
        alias=persona.alias, avatar_seed=persona.avatar_seed,
    )
