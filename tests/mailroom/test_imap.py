"""The IMAP door against a real IMAP server: pymap (a test dependency), serving an in-memory mailbox on
loopback, spoken to by the standard library's imaplib exactly as a production mailbox would be."""
import imaplib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from mailroom.conf import Mailbox, mailboxes
from mailroom.imap import mailbox_poll, mailboxes_poll
from mailroom.models import InboundEmail, Outcome, Source
from tests.mailroom.conftest import compose, sample
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
PYMAP = shutil.which("pymap") or str(Path(sys.executable).with_name("pymap"))
USER, PASSWORD = "demouser", "demopass"  # pymap's in-memory backend's own account


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def imap_port():
    if not Path(PYMAP).exists():
        pytest.skip("the IMAP tests need pymap (pip install -e '.[test]')")
    port = _free_port()
    server = subprocess.Popen([PYMAP, "--host", "127.0.0.1", "--port", str(port), "dict"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("pymap did not start")
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def mailbox(imap_port, settings):
    entry = {"name": "support", "host": "127.0.0.1", "port": imap_port, "user": USER, "password": PASSWORD,
             "security": "none", "folder": "INBOX", "queue": "billing"}
    settings.TACT_MAIL = {**settings.TACT_MAIL, "MAILBOXES": [entry]}
    box = mailboxes()[0]
    connection = _connect(box)
    connection.select("INBOX")
    # Each test starts from an empty folder: the server lives for the module.
    typ, data = connection.uid("SEARCH", "ALL")
    for uid in (data[0] or b"").split():
        connection.uid("STORE", uid.decode(), "+FLAGS", "(\\Deleted)")
    connection.expunge()
    connection.logout()
    return box


def _connect(box: Mailbox) -> imaplib.IMAP4:
    connection = imaplib.IMAP4(box.host, box.port, timeout=10)
    connection.login(box.user, box.password)
    return connection


def deliver(box: Mailbox, *messages: bytes) -> None:
    connection = _connect(box)
    for raw in messages:
        connection.append(box.folder, None, None, raw)
    connection.logout()


def unseen(box: Mailbox) -> list[bytes]:
    connection = _connect(box)
    connection.select(box.folder)
    data = connection.uid("SEARCH", "UNSEEN")[1]
    connection.logout()
    return (data[0] or b"").split()


def test_a_poll_takes_in_unseen_mail_and_marks_it_read(mailbox, queue_a, queue_b):
    deliver(mailbox, compose(to="help@support.example", subject="Where is my refund?",
                             message_id="<imap-1@mail.example>"),
            sample("auto_reply.eml"))
    counts = mailbox_poll(mailbox=mailbox)
    assert counts == {"opened": 1, "ignored": 1}
    ticket = Ticket.objects.get()
    assert ticket.subject == "Where is my refund?" and ticket.queue == queue_a  # the mailbox's queue
    assert set(InboundEmail.objects.values_list("source", "mailbox").distinct()) == {(Source.IMAP, "support")}
    assert unseen(mailbox) == []
    assert mailbox_poll(mailbox=mailbox) == {}


def test_mail_fetched_again_makes_nothing_twice(mailbox, queue_a):
    deliver(mailbox, compose(message_id="<imap-2@mail.example>"))
    mailbox_poll(mailbox=mailbox)
    connection = _connect(mailbox)
    connection.select("INBOX")
    uid = connection.uid("SEARCH", "ALL")[1][0].split()[0].decode()
    connection.uid("STORE", uid, "-FLAGS", "(\\Seen)")  # as if the poll had died before flagging it
    connection.logout()
    assert mailbox_poll(mailbox=mailbox) == {"duplicate": 1}
    assert Ticket.objects.count() == 1 and InboundEmail.objects.count() == 1


def test_unreadable_mail_from_the_mailbox_is_quarantined_not_lost(mailbox, queue_a):
    deliver(mailbox, b"Subject: no sender\r\n\r\nwho sent this?\r\n")
    assert mailbox_poll(mailbox=mailbox) == {"quarantined": 1}
    inbound = InboundEmail.objects.get()
    assert inbound.outcome == Outcome.QUARANTINED and b"who sent this?" in bytes(inbound.raw)


def test_a_mailbox_that_refuses_us_is_skipped_and_the_others_are_polled(mailbox, queue_a, settings, caplog):
    good = {"name": "good", "host": "127.0.0.1", "port": mailbox.port, "user": USER, "password": PASSWORD,
            "security": "none"}
    settings.TACT_MAIL = {**settings.TACT_MAIL, "MAILBOXES": [
        {**good, "name": "wrong-password", "password": "nope"},
        {**good, "name": "closed-port", "port": _free_port()},
        good,
    ]}
    deliver(mailbox, compose(message_id="<imap-3@mail.example>"))
    results = mailboxes_poll()
    assert results == {"good": {"opened": 1}}
    assert "mailbox wrong-password: poll failed" in caplog.text and "mailbox closed-port: poll failed" in caplog.text
    assert "nope" not in caplog.text  # never the credentials


def test_beat_polls_the_mailboxes_on_the_maintenance_queue():
    entry = django_settings.CELERY_BEAT_SCHEDULE["poll-mailboxes"]
    assert entry["task"] == "mailroom.tasks.poll_mailboxes"
    assert django_settings.CELERY_TASK_ROUTES["mailroom.tasks.*"] == {"queue": "maintenance"}
