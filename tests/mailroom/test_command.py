"""`manage.py ingest_email` on .eml files, folders and Maildirs; safe to run again; mailbox settings checked."""
import shutil
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from mailroom.checks import mailboxes_check
from mailroom.conf import mailboxes
from mailroom.models import InboundEmail, Outcome, Source
from tests.mailroom.conftest import DATA
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("ingest_email", *args, stdout=out)
    return out.getvalue()


def test_every_sample_is_taken_in_once_and_a_second_run_makes_nothing(queue_a, queue_b):
    output = run(str(DATA))
    assert "malformed.eml: quarantined" in output and "auto_reply.eml: ignored (Auto-Submitted" in output
    assert output.strip().endswith("2 ignored, 7 opened, 1 quarantined")
    assert set(InboundEmail.objects.values_list("source", flat=True)) == {Source.FILE}
    tickets = Ticket.objects.count()
    assert tickets == 7
    again = run(str(DATA))
    assert again.strip().endswith("10 already received")
    assert Ticket.objects.count() == tickets and InboundEmail.objects.count() == 10


def test_a_maildir_is_read_from_cur_and_new(tmp_path, queue_a):
    for folder in ("cur", "new", "tmp"):
        (tmp_path / folder).mkdir()
    shutil.copy(DATA / "iso_8859_1.eml", tmp_path / "new" / "1733220000.M1P1.host")
    shutil.copy(DATA / "windows_1252.eml", tmp_path / "cur" / "1733220001.M2P1.host:2,S")
    shutil.copy(DATA / "shift_jis.eml", tmp_path / "tmp" / "still-being-delivered")
    output = run(str(tmp_path))
    assert output.strip().endswith("2 opened")
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == ["Rechnung für März", "Wrong price"]


def test_a_missing_path_is_an_error():
    with pytest.raises(Exception, match="no such file or folder"):
        run("/nonexistent/mail")


def test_an_unreadable_message_is_listed_for_admins():
    run(str(DATA / "malformed.eml"))
    assert InboundEmail.objects.get().outcome == Outcome.QUARANTINED


@pytest.mark.parametrize(("entry", "message"), [
    ("not an object", "must be an object"),
    ({"name": "x", "host": "h"}, "lacks user, password"),
    ({"name": "x", "host": "h", "user": "u", "password": "p", "colour": "red"}, "unexpected keyword"),
    ({"name": "x", "host": "h", "user": "u", "password": "p", "security": "tls"}, "must be one of"),
])
def test_a_malformed_mailbox_is_a_configuration_error(settings, entry, message):
    settings.TACT_MAIL = {**settings.TACT_MAIL, "MAILBOXES": [entry]}
    with pytest.raises(ImproperlyConfigured, match=message):
        mailboxes()
    errors = mailboxes_check(None)
    assert [e.id for e in errors] == ["mailroom.E001"] and "TACT_MAILBOXES[0]" in errors[0].msg
