"""Anyone, signed out, reads a public thread in a browser: the customer's post and the published reply under
the persona; the held and pending versions, the note and every real name stay out of the page."""
import pytest

from redaction.models import VersionStatus
from redaction.services import reply_scan, reply_submit
from tests.factories import CustomerFactory, MessageFactory, TicketFactory, published_reply_message
from tickets.models import Channel
from tickets.services import note_add

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect

HIDDEN = ("ACC-555111", "Still waiting for the scanner", "known troll", "Alicia", "Realname", "Caroline",
          "Priya Privatename", "priya@private.example")


def test_signed_out_visitor_sees_only_published_replies(transactional_db, page, login, alice, carol, queue_a):
    poster = CustomerFactory(name="Priya Privatename", handle="@priya_p", emails=["priya@private.example"],
                             account_ids=["ACC-555111"])
    ticket = TicketFactory(customer=poster, queue=queue_a, channel=Channel.SOCIAL, replies_public=True,
                           subject="Your app ate my playlist")
    MessageFactory(ticket=ticket, body="@tact your app ate my playlist again", is_public_post=True)
    persona = alice.staff.persona
    published_reply_message(ticket=ticket, author=alice, body="Sorry about that, we are restoring it now.",
                            alias=persona.alias, avatar_seed=persona.avatar_seed)
    held = reply_submit(ticket=ticket, author=alice, body="Your account ACC-555111 is restored.")
    reply_scan(version_id=held.pk)
    held.refresh_from_db()
    assert held.status == VersionStatus.HELD
    reply_submit(ticket=ticket, author=carol, body="Still waiting for the scanner here.")
    note_add(ticket=ticket, author=alice, body="Internal: customer is a known troll.")

    page.goto(f"/p/{ticket.reference}/")
    thread = page.locator("#public-thread")
    expect(page.get_by_role("heading", name="Your app ate my playlist")).to_be_visible()
    expect(thread.locator("article")).to_have_count(2)
    expect(thread).to_contain_text("@priya_p")
    expect(thread).to_contain_text("your app ate my playlist again")
    expect(thread).to_contain_text("Harbor Wren")
    expect(thread).to_contain_text("we are restoring it now")
    expect(thread.locator("img.avatar")).to_have_attribute("src", f"/team/avatar/{persona.avatar_seed}.svg")
    html = page.content()
    for hidden in HIDDEN:
        assert hidden not in html, hidden

    login(page, "alice")
    page.goto(f"/inbox/t/{ticket.reference}/")
    page.get_by_role("link", name="public thread").click()
    page.wait_for_url(f"**/p/{ticket.reference}/")
    expect(page.locator("#public-thread")).to_contain_text("we are restoring it now")
