"""An agent reports harassment on one customer message in Chromium: the form opens in place beside that message
(fetched when asked for, not rendered per message), and the report names that message."""
import pytest

from escalation.models import Escalation
from tests.factories import MessageFactory

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect


def test_report_a_message_from_the_ticket_page(page, login, alice, dave_ticket):
    dave_ticket.assignee = alice
    dave_ticket.save()
    calm = MessageFactory(ticket=dave_ticket, body="Thanks, that helped.")
    creepy = MessageFactory(ticket=dave_ticket, body="I know where you live.")
    login(page, "alice")
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    expect(page.locator("form.report-form")).to_have_count(1)  # the side panel's only
    message = page.locator(f"#m{creepy.pk}")
    message.get_by_text("Report harassment").click()
    form = message.locator("form.report-form")
    expect(form).to_be_visible()
    form.get_by_label("Note for the leads").fill("Asked for my address twice")
    form.get_by_role("button", name="Report").click()  # no category yet: not sent, the note stays
    expect(message.locator("form.report-form textarea")).to_have_value("Asked for my address twice")
    message.locator("form.report-form select").select_option("threatening")
    message.get_by_role("button", name="Report").click()
    expect(message).to_contain_text("never learn who reported them")
    report = Escalation.objects.get()
    assert (report.message_id, report.raised_by, report.harassment_kind) == (creepy.pk, alice, "threatening")
    assert report.message_id != calm.pk
