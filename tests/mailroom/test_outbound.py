"""Published replies by email: a text and an HTML part, headers that thread in mail clients and back into
Tact, and nothing of the agent's real identity anywhere in the message."""
from email import message_from_bytes, policy

import pytest
from django.core import mail

from mailroom.services import email_ingest
from tests.factories import published_reply_message
from tests.mailroom.conftest import compose
from tickets.models import ThreadEmail
from tickets.notifications import notification_schedule
from tickets.tasks import send_notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def emailed_ticket(dave, queue_a):
    raw = compose(subject="Charged twice", body="Please refund one charge.", message_id="<q1@mail.example>")
    return email_ingest(raw=raw, source="file").inbound.ticket


def publish(ticket, alice, body="We refunded <b>one</b> charge & apologise."):
    persona = alice.staff.persona
    return published_reply_message(ticket=ticket, author=alice, body=body, alias=persona.alias,
                                   avatar_seed=persona.avatar_seed)


def sent_for(message):
    notification = notification_schedule(message=message)
    send_notification(notification.pk)
    return notification, message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)


def test_a_reply_answers_the_customer_s_email_in_its_headers(emailed_ticket, alice):
    notification, sent = sent_for(publish(emailed_ticket, alice))
    ref = emailed_ticket.reference
    assert sent["Subject"] == f"[{ref}] Charged twice"
    assert sent["Message-ID"] == f"<{ref}.n{notification.pk}@support.example>"
    assert sent["In-Reply-To"] == "<q1@mail.example>"
    assert sent["References"].split() == [f"<{ref}@support.example>", "<q1@mail.example>"]
    assert ThreadEmail.objects.get(outbound=True).msgid == sent["Message-ID"]


def test_a_second_reply_names_the_thread_so_far(emailed_ticket, alice):
    _, first = sent_for(publish(emailed_ticket, alice, body="First."))
    _, second = sent_for(publish(emailed_ticket, alice, body="Second."))
    assert second["In-Reply-To"] == "<q1@mail.example>"  # still the customer's last email
    assert second["References"].split() == [f"<{emailed_ticket.reference}@support.example>", first["Message-ID"],
                                            "<q1@mail.example>"]


def test_text_and_html_parts_carry_the_reply_escaped(emailed_ticket, alice):
    _, sent = sent_for(publish(emailed_ticket, alice))
    assert sent.get_content_type() == "multipart/alternative"
    text = sent.get_body(preferencelist=("plain",)).get_content()
    html = sent.get_body(preferencelist=("html",)).get_content()
    assert "We refunded <b>one</b> charge & apologise." in text
    assert "We refunded &lt;b&gt;one&lt;/b&gt; charge &amp; apologise." in html and "<b>one</b>" not in html


def test_no_staff_real_name_in_any_header_or_part(emailed_ticket, alice):
    _, sent = sent_for(publish(emailed_ticket, alice))
    raw = sent.as_string()
    for private in ("Alicia", "Realname", "alice", "home.example"):
        assert private.lower() not in raw.lower()
    assert sent["From"].addresses[0].display_name == "Harbor Wren via Tact Support"
    assert sent["From"].addresses[0].addr_spec == sent["Reply-To"].addresses[0].addr_spec == "billing@support.example"


def test_the_customer_s_answer_to_our_email_threads_back(emailed_ticket, alice, dave):
    _, sent = sent_for(publish(emailed_ticket, alice))
    answer = compose(subject=f"Re: {sent['Subject']}", body="Thanks!\n\nOn Fri, Harbor Wren wrote:\n> We refunded",
                     headers={"In-Reply-To": sent["Message-ID"], "References": sent["References"]})
    inbound = email_ingest(raw=answer, source="imap").inbound
    assert inbound.ticket == emailed_ticket and inbound.message.body == "Thanks!"


def test_a_portal_ticket_s_reply_answers_the_thread_root(dave_ticket, alice):
    _, sent = sent_for(publish(dave_ticket, alice))
    root = f"<{dave_ticket.reference}@support.example>"
    assert sent["In-Reply-To"] == root and sent["References"] == root
