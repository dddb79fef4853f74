"""An agent's reply, end to end in the browser: written in the composer, checked by the gate, and read by the
customer in the portal under the agent's persona. Tasks run in-process (eagerly), as a worker would run them."""
import pytest

from tests.factories import MessageFactory, TicketFactory
from tickets.models import Channel

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect

CLEAN = "Thanks for waiting. The duplicate charge has been refunded and should show in 3-5 days."
LEAKY = "We will call you back on +1 415 555 0134 this afternoon."



@pytest.fixture
def dave_tweet(dave, queue_a):
    """Dave's public post: everyone reads the replies, so his own phone number in one is a leak."""
    ticket = TicketFactory(
        customer=dave.customer, queue=queue_a, channel=Channel.SOCIAL, replies_public=True,
        subject="@tact why was I charged twice?",
    )
    MessageFactory(ticket=ticket, body="@tact why was I charged twice?", is_public_post=True)
    return ticket


def send_reply(page, ticket, text: str) -> None:
    page.goto(f"/inbox/t/{ticket.reference}/")
    page.get_by_label("Your reply").fill(text)
    page.get_by_role("button", name="Send reply").click()


def test_agent_reply_reaches_the_customer_under_the_persona(
    page, new_page, login, alice, dave, dave_ticket, eager_celery
):
    login(page, "alice")
    send_reply(page, dave_ticket, CLEAN)
    expect(page.locator("#composer")).not_to_contain_text("Waiting for the check")

    customer = new_page()
    login(customer, "dave")
    customer.goto(f"/portal/tickets/{dave_ticket.reference}/")
    reply = customer.locator("article.msg.reply")
    expect(reply).to_contain_text(CLEAN)
    expect(reply).to_contain_text("Harbor Wren")
    html = customer.content()
    for private in ("Alicia", "Realname", "alice@home.example"):
        assert private not in html


def test_leaky_public_reply_is_held_and_the_customer_never_sees_it(
    page, new_page, login, alice, dave, dave_tweet, eager_celery
):
    login(page, "alice")
    send_reply(page, dave_tweet, LEAKY)
    composer = page.locator("#composer")
    expect(composer).to_contain_text("Held")
    expect(composer.get_by_label("Edit the reply, then send it again")).to_have_value(LEAKY)

    customer = new_page()
    login(customer, "dave")
    customer.goto(f"/portal/tickets/{dave_tweet.reference}/")
    expect(customer.locator("article.msg").first).to_contain_text("why was I charged twice")
    expect(customer.locator("article.msg.reply")).to_have_count(0)
    assert "call you back" not in customer.content()


def test_held_reply_is_redacted_with_one_click_resent_and_published(
    page, new_page, login, alice, dave, dave_tweet, eager_celery
):
    login(page, "alice")
    send_reply(page, dave_tweet, LEAKY)
    composer = page.locator("#composer")
    expect(composer.locator("mark.leak")).to_have_text("+1 415 555 0134")
    expect(composer).to_contain_text("phone number")

    composer.get_by_role("button", name="Replace with").first.click()
    editor = composer.get_by_label("Edit the reply, then send it again")
    expect(editor).to_have_value("We will call you back on the number on your account this afternoon.")
    composer.get_by_role("button", name="Send reply").click()
    expect(page.locator("#composer")).to_contain_text("passed the check and was published")
    expect(page.locator("#thread article.msg.reply")).to_contain_text("the number on your account")

    customer = new_page()
    login(customer, "dave")
    customer.goto(f"/portal/tickets/{dave_tweet.reference}/")
    reply = customer.locator("article.msg.reply")
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text("the number on your account")
    assert "555 0134" not in customer.content()


def test_send_is_disabled_while_its_request_is_in_flight(page, login, alice, dave_ticket, eager_celery):
    """A double click, or a second press while the server is slow, cannot send the reply twice."""
    from redaction.models import ReplyVersion

    login(page, "alice")
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    held_back = []
    page.route("**/send/", lambda route: held_back.append(route))  # Send waits here until let go
    page.get_by_label("Your reply").fill(CLEAN)
    send = page.get_by_role("button", name="Send reply")
    send.click()
    expect(send).to_be_disabled()
    for _ in range(250):  # Playwright hands the route over while the test makes calls into it
        if held_back:
            break
        page.wait_for_timeout(20)
    assert len(held_back) == 1
    expect(send).to_be_disabled()
    held_back[0].continue_()
    expect(page.locator("#composer")).to_contain_text("passed the check and was published")
    expect(page.locator("#composer [role=alert]")).to_have_count(0)
    assert ReplyVersion.objects.filter(reply__ticket=dave_ticket).count() == 1


def test_a_file_attached_in_the_composer_reaches_the_customer_after_the_check(
    page, new_page, login, alice, dave, dave_ticket, eager_celery, settings, tmp_path
):
    from tests.samples import pdf

    settings.MEDIA_ROOT = tmp_path
    login(page, "alice")
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    page.get_by_label("Your reply").fill(CLEAN)
    page.get_by_label("Attach files").set_input_files(
        files=[{"name": "refund.pdf", "mimeType": "application/pdf", "buffer": pdf("Refund of 12.50 EUR")}]
    )
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("#thread")).to_contain_text("refund.pdf")

    customer = new_page()
    login(customer, "dave")
    customer.goto(f"/portal/tickets/{dave_ticket.reference}/")
    expect(customer.locator("article.msg.reply")).to_contain_text("refund.pdf")
