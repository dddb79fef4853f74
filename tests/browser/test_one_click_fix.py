"""A held reply fixed with one click reads as English: the words around a value go with it, a colleague's number is
"their number", and after each fix the highlights and buttons are those of the text in the box."""
import pytest

from tests.factories import ContactFactory, MessageFactory, OrganizationFactory, TicketFactory
from tickets.models import Channel

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect


@pytest.fixture
def dave_tweet_with_colleague(dave, queue_a):
    organization = OrganizationFactory(name="Dave's Garage")
    dave.customer.organization = organization
    dave.customer.save(update_fields=["organization"])
    ContactFactory(organization=organization, name="Owen Fraser", phone="(415) 555-0177", email="")
    ticket = TicketFactory(
        customer=dave.customer, queue=queue_a, channel=Channel.SOCIAL, replies_public=True,
        subject="@tact who do I ask about the invoice?",
    )
    MessageFactory(ticket=ticket, body="@tact who do I ask about the invoice?", is_public_post=True)
    return ticket


def test_a_held_reply_fixed_with_one_click_reads_as_english(
    page, new_page, login, alice, dave, dave_tweet_with_colleague, eager_celery
):
    ticket = dave_tweet_with_colleague
    login(page, "alice")
    page.goto(f"/inbox/t/{ticket.reference}/")
    page.get_by_label("Your reply").fill("You can ring Owen on (415) 555-0177 about the invoice.")
    page.get_by_role("button", name="Send reply").click()

    composer = page.locator("#composer")
    expect(composer.locator("mark.leak")).to_have_text(["Owen", "(415) 555-0177"])
    composer.get_by_role("button", name="Replace with “their number”").click()
    editor = composer.get_by_label("Edit the reply, then send it again")
    expect(editor).to_have_value("You can ring Owen on their number about the invoice.")
    # The panel now shows the edited text: the name is still highlighted, the number no longer is.
    expect(composer.locator("mark.leak")).to_have_text(["Owen"])
    expect(composer.get_by_role("button", name="Replace with")).to_have_count(1)

    composer.get_by_role("button", name="Replace with “your colleague”").click()
    expect(editor).to_have_value("You can ring your colleague on their number about the invoice.")
    expect(composer.locator("mark.leak")).to_have_count(0)
    expect(composer).to_contain_text("no private details left")
    composer.get_by_role("button", name="Send reply").click()
    expect(page.locator("#composer")).to_contain_text("passed the check and was published")

    customer = new_page()
    login(customer, "dave")
    customer.goto(f"/portal/tickets/{ticket.reference}/")
    expect(customer.locator("article.msg.reply")).to_contain_text(
        "You can ring your colleague on their number about the invoice."
    )
    html = customer.content()
    assert "Owen" not in html and "555-0177" not in html
