"""An agent replies under a persona; the customer's portal page and email show the persona and nothing else."""
import time

from django.core import mail
from playwright.sync_api import expect

from tickets.models import Message, MessageKind

REAL = ("Alicia", "Realname", "alice@home.example", "alice")



def _wait_for_publication(ticket, seconds: float = 15) -> None:
    """The gate scans after the request commits; wait for the published message rather than guess a delay."""
    deadline = time.monotonic() + seconds
    while not Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).exists():
        assert time.monotonic() < deadline, "the reply was not published in time"
        time.sleep(0.1)


def test_customer_sees_only_the_persona_in_portal_and_email(transactional_db, page, login, alice, dave_ticket,
                                                            eager_celery):
    # The shared fixture derives alice's avatar seed from her username; real seeds are random (persona_assign).
    persona = alice.staff.persona
    persona.avatar_seed = "5f0c9a1e7b2d4c3a"
    persona.save()
    login(page, "alice")
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    page.get_by_label("Your reply").fill("We refunded the second charge today.")
    page.get_by_role("button", name="Send reply").click()
    _wait_for_publication(dave_ticket)
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    expect(page.locator("#thread")).to_contain_text("We refunded the second charge today.")

    page.context.clear_cookies()
    login(page, "dave")
    page.goto(f"/portal/tickets/{dave_ticket.reference}/")
    expect(page.get_by_text("We refunded the second charge today.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Harbor Wren")
    expect(page.locator("main img.avatar").first).to_have_attribute("src", "/team/avatar/5f0c9a1e7b2d4c3a.svg")
    html = page.content()
    title = page.title()
    for secret in REAL:
        assert secret.lower() not in (html + title).lower(), secret

    emails = [m for m in mail.outbox if m.to == ["dave@mail.example"]]
    assert len(emails) == 1
    email = emails[0]
    raw = email.message().as_string() + "".join(body for body, _type in email.alternatives)
    assert "Harbor Wren" in email.from_email and email.from_email.endswith("<billing@support.example>")
    for secret in REAL:
        assert secret.lower() not in raw.lower(), secret
