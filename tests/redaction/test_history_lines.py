"""The ticket page's history reads like a person wrote it: who did what, the gate's steps as the gate's."""
import html as html_lib
import re

from django.urls import reverse

from redaction import publication
from tests.pages import history_fragment
from tests.redaction.conftest import CLEAN, LEAKY
from tickets import services
from tickets.models import Status

REASON = "The customer asked us to call that number."


def _history(client, ticket) -> list[str]:
    """The lines of the history as it loads when the agent opens it."""
    items = re.findall(r"<li>(.*?)</li>", history_fragment(client, ticket), re.S)
    return [html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item))).strip() for item in items]


def test_a_held_reply_and_a_leads_override_read_as_who_did_what(client, alice, carol, dave_post, submit, worker):
    held = worker(submit(dave_post, alice, LEAKY))
    publication.reply_override(version=held, lead=carol, reason=REASON)
    client.force_login(carol)
    lines = _history(client, dave_post)
    text = "\n".join(lines)
    assert "Harbor Wren sent a reply to the reply gate (version 1)" in text
    assert "Reply gate held Harbor Wren's reply (version 1): it found phone" in text
    assert f"North Star published Harbor Wren's held reply (version 1) anyway. Reason: “{REASON}”" in text
    assert "checked Harbor Wren's reply and published it" not in text  # the override is the lead's, not the gate's
    assert "Customer or system" not in text
    assert "Realname" not in text


def test_a_clean_reply_is_published_by_the_gate(client, alice, dave_post, submit, worker):
    worker(submit(dave_post, alice, CLEAN))
    client.force_login(alice)
    assert "Reply gate checked Harbor Wren's reply and published it" in _history(client, dave_post)[-1]


def test_changes_say_what_changed_and_who_changed_it(client, alice, dave_post, dave):
    services.ticket_change(ticket=dave_post, actor=alice, assignee=alice)
    services.ticket_change(ticket=dave_post, actor=alice, status=Status.SOLVED)
    services.customer_message_add(ticket=dave_post, customer=dave.customer, body="Still broken.")
    client.force_login(alice)
    lines = _history(client, dave_post)
    assert any(line.endswith("Harbor Wren took the ticket") for line in lines)
    assert any(line.endswith("Harbor Wren changed the status from New to Solved") for line in lines)
    assert any(line.endswith("@davec wrote") for line in lines)
    assert any(line.endswith("Tact reopened the ticket when the customer wrote (Solved → Open)") for line in lines)


def test_an_empty_history_says_so_instead_of_an_empty_list(client, alice, dave_ticket):
    dave_ticket.events.all().delete()
    client.force_login(alice)
    html = history_fragment(client, dave_ticket)
    assert "Nothing has happened on this ticket yet." in html
    assert '<ol class="history">' not in html


def test_a_long_history_shows_its_newest_lines_told_as_the_whole_history_tells_them(
    client, alice, carol, dave_post, submit, worker, monkeypatch
):
    held = worker(submit(dave_post, alice, LEAKY))
    publication.reply_override(version=held, lead=carol, reason=REASON)
    services.note_add(ticket=dave_post, author=alice, body="Called them back.")
    events = list(dave_post.events.order_by("created_at", "id").values_list("kind", flat=True))
    # Cut just after the submission: the held line must still name its author, the override still replace
    # the gate's "published" line, though neither the submission nor (maybe) the override is on the page.
    monkeypatch.setattr("tickets.views_staff.HISTORY_RECENT", len(events) - events.index("reply_submitted") - 1)
    client.force_login(carol)
    recent = history_fragment(client, dave_post)
    lines = "\n".join(_history(client, dave_post))
    assert "sent a reply to the reply gate" not in lines
    assert "Reply gate held Harbor Wren's reply (version 1): it found phone" in lines
    assert "checked Harbor Wren's reply and published it" not in lines
    assert "Harbor Wren added an internal note" in lines
    assert f'href="/inbox/t/{dave_post.reference}/?history=all#history">Show the whole history</a>' in recent

    whole = client.get(reverse("ticket_detail", args=[dave_post.reference]), {"history": "all"}).content.decode()
    assert "<strong>Harbor Wren</strong> sent a reply to the reply gate (version 1)" in whole
    assert '<details id="history" class="card" open>' in whole and "Show the whole history" not in whole
