"""An emailed ticket answered end to end: a customer's email is taken in, the agent answers it in the browser,
the reply passes the gate, and the email that goes out threads onto the customer's own message. Tasks run
in-process (eagerly), as a worker would run them; mail goes to Django's in-memory outbox."""
import time
from email import message_from_bytes, policy

import pytest

from mailroom.services import email_ingest
from tests.mailroom.conftest import compose

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect

QUESTION_ID = "<CAB-question-4471@mail.example>"
ANSWER = "Thanks for flagging this. We refunded the second charge today; it shows within 3-5 days."


def _sent(mailoutbox, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not mailoutbox:
        assert time.monotonic() < deadline, "no email was sent"
        time.sleep(0.05)
    return message_from_bytes(mailoutbox[-1].message().as_bytes(), policy=policy.default)


def test_agent_answers_an_emailed_ticket_and_the_email_threads_to_the_original(
    page, login, alice, dave, queue_a, eager_celery, mailoutbox, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    question = compose(
        subject="Charged twice for invoice 4471",
        body="Hello,\n\nI was charged twice for invoice 4471. Please refund one.\n\n-- \nDave\nSent from my phone",
        message_id=QUESTION_ID,
    )
    ticket = email_ingest(raw=question, source="imap", mailbox="support").inbound.ticket

    login(page, "alice")
    page.goto(f"/inbox/t/{ticket.reference}/")
    thread = page.locator("#thread")
    expect(thread).to_contain_text("I was charged twice for invoice 4471. Please refund one.")
    expect(thread).not_to_contain_text("Sent from my phone")  # the signature was trimmed
    expect(thread.locator("ul.attachments")).to_contain_text("original.eml")  # the full email, kept

    page.get_by_label("Your reply").fill(ANSWER)
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("#composer")).to_contain_text("passed the check and was published")
    expect(page.locator("#thread article.msg.reply")).to_contain_text("We refunded the second charge today")

    sent = _sent(mailoutbox)
    assert sent["To"] == "dave@mail.example"
    assert sent["Subject"] == f"[{ticket.reference}] Charged twice for invoice 4471"
    assert sent["In-Reply-To"] == QUESTION_ID
    assert QUESTION_ID in sent["References"].split()
    assert sent["From"].addresses[0].display_name == "Harbor Wren via Tact Support"
    assert ANSWER in sent.get_body(preferencelist=("plain",)).get_content()
    assert "Realname" not in sent.as_string() and "alice" not in sent.as_string().lower()

    # Dave answers from his mail client: it threads back onto the same ticket, and the agent sees it.
    followup = compose(subject=f"Re: {sent['Subject']}", body="Got it, thank you!\n\n> " + ANSWER,
                       headers={"In-Reply-To": sent["Message-ID"], "References": sent["References"]})
    assert email_ingest(raw=followup, source="imap").inbound.ticket == ticket
    page.reload()
    expect(page.locator("#thread")).to_contain_text("Got it, thank you!")
