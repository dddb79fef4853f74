from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.utils import timezone

DATA = Path(__file__).resolve().parents[1] / "data" / "email"


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def compose(*, sender: str = "Dave Customer <dave@mail.example>", to: str = "billing@support.example",
            subject: str = "Hello", body: str = "Hello there.", message_id: str | None = None,
            headers: dict | None = None) -> bytes:
    """A plain email as a mail client would send it."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    if message_id:
        message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message.as_bytes()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
