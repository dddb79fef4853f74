"""Inbound email through the portal's intake: tickets, threading, machines' mail, quarantine, once only."""
import pytest
from django.core import mail
from django.test import override_settings

from escalation.models import Escalation
from escalation.urgency_models import MessageClassification
from mailroom.models import InboundEmail, Outcome, Source
from mailroom.services import email_ingest, quarantine_retry
from tests.factories import CustomerFactory, QueueFactory
from tests.mailroom.conftest import compose, sample
from tickets.models import (
    Channel,
    Customer,
    Message,
    MessageKind,
    Notification,
    Queue,
    Restriction,
    Status,
    ThreadEmail,
    Ticket,
)

pytestmark = pytest.mark.django_db


def ingest(raw: bytes, **kw):
    return email_ingest(raw=raw, source=kw.pop("source", Source.FILE), **kw)


def test_new_sender_becomes_a_customer_with_a_ticket_in_the_addressed_queue(queue_a, queue_b):
    result = ingest(sample("multipart_alternative.eml"))
    inbound = result.inbound
    assert result.created and inbound.outcome == Outcome.OPENED
    ticket = inbound.ticket
    assert ticket.queue == queue_a  # sent to billing@support.example
    assert ticket.channel == Channel.EMAIL and not ticket.replies_public
    assert ticket.subject == "Invoice 4471 charged twice"
    customer = ticket.customer
    assert customer.name == "Maria Lopez" and customer.emails == ["maria.lopez@example.net"]
    message = ticket.messages.get()
    assert message.kind == MessageKind.CUSTOMER and message.author_customer == customer
    assert message.body.startswith("Hello,") and "Head of Finance" not in message.body
    original = message.attachments.get(filename="original.eml")
    assert original.content_type == "message/rfc822"
    assert original.file.read() == sample("multipart_alternative.eml")  # the full original, signature included
    assert ThreadEmail.objects.get(outbound=False).msgid == "<CAF=x8Z1mQ7-abc123@mail.example.net>"
    assert ticket.first_response_due is not None  # the same response targets as the portal
    assert inbound.raw is None and inbound.sender == ""  # the mail is the ticket's now


def test_inline_images_and_attachments_are_stored_on_the_message(queue_b):
    message = ingest(sample("inline_image.eml")).inbound.message
    files = {a.filename: a for a in message.attachments.all()}
    assert set(files) == {"screenshot.png", "crash-report.pdf", "original.eml"}
    assert files["screenshot.png"].content_type == "image/png"
    assert files["screenshot.png"].file.read().startswith(b"\x89PNG")
    assert files["crash-report.pdf"].size == 45


@override_settings(TACT_LIMITS={"MESSAGE_MAX_CHARS": 20_000, "ATTACHMENT_MAX_BYTES": 50,
                                "ATTACHMENTS_PER_MESSAGE": 5})
def test_a_file_over_the_limit_is_not_stored_and_the_message_says_so(queue_b):
    message = ingest(sample("inline_image.eml")).inbound.message
    names = set(message.attachments.values_list("filename", flat=True))
    assert names == {"crash-report.pdf", "files-not-stored.txt", "original.eml"}
    note = message.attachments.get(filename="files-not-stored.txt").file.read().decode()
    assert "screenshot.png (70 bytes)" in note and "inside original.eml" in note


def test_known_sender_is_matched_by_any_of_their_addresses(queue_a):
    known = CustomerFactory(name="Maria L.", emails=["maria@home.example", "Maria.Lopez@example.net"])
    ticket = ingest(sample("multipart_alternative.eml")).inbound.ticket
    assert ticket.customer == known
    assert Customer.objects.count() == 1


def test_urgency_detection_runs_on_emailed_messages(queue_a, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = ingest(compose(body="If you don't refund me I will sue you.")).inbound.message
    assert "legal_regulatory" in [c["category"] for c in MessageClassification.objects.get(message=message).categories]
    assert Escalation.objects.filter(ticket=message.ticket, category="legal_regulatory").exists()


def test_suspended_customer_s_mail_is_kept_but_changes_nothing(dave, dave_ticket):
    Customer.objects.filter(pk=dave.customer.pk).update(restriction=Restriction.SUSPENDED)
    Ticket.objects.filter(pk=dave_ticket.pk).update(status=Status.PENDING)
    raw = compose(subject=f"Re: [{dave_ticket.reference}] Charged twice for March", body="Answer me now.")
    message = ingest(raw).inbound.message
    assert message.ticket == dave_ticket and message.suspended
    dave_ticket.refresh_from_db()
    assert dave_ticket.status == Status.PENDING


class TestThreading:
    def test_a_reply_to_our_email_threads_by_in_reply_to(self, dave, dave_ticket):
        ThreadEmail.objects.create(msgid=f"<{dave_ticket.reference}.n7@support.example>", ticket=dave_ticket,
                                   outbound=True)
        Ticket.objects.filter(pk=dave_ticket.pk).update(status=Status.PENDING)
        raw = compose(subject="Re: your question", body="Yes, it was the card ending 4242.\n\n"
                      "On Tue, Billing <billing@support.example> wrote:\n> Which card?",
                      headers={"In-Reply-To": f"<{dave_ticket.reference}.n7@support.example>"})
        inbound = ingest(raw).inbound
        assert inbound.outcome == Outcome.REPLY and inbound.ticket == dave_ticket
        assert inbound.message.body == "Yes, it was the card ending 4242."
        dave_ticket.refresh_from_db()
        assert dave_ticket.status == Status.OPEN  # the customer answered: the ticket is open again

    def test_references_to_the_customer_s_own_earlier_mail_thread(self, dave, queue_a):
        first = ingest(compose(subject="Refund", message_id="<first@mail.example>")).inbound.ticket
        raw = compose(subject="One more thing", headers={"References": "<other@x.example> <first@mail.example>"})
        assert ingest(raw).inbound.ticket == first

    def test_the_thread_root_our_replies_carry_threads(self, dave, dave_ticket):
        raw = compose(subject="Something else", headers={"References": f"<{dave_ticket.reference}@support.example>"})
        assert ingest(raw).inbound.ticket == dave_ticket

    def test_the_reference_in_the_subject_threads(self, dave, dave_ticket):
        raw = compose(subject=f"RE: [{dave_ticket.reference}] Charged twice for March", body="Any news?")
        inbound = ingest(raw).inbound
        assert inbound.outcome == Outcome.REPLY and inbound.ticket == dave_ticket
        assert dave_ticket.messages.filter(body="Any news?").exists()

    def test_someone_else_cannot_write_into_a_customer_s_ticket(self, dave, dave_ticket, erin):
        raw = compose(sender="erin@mail.example", subject=f"Re: [{dave_ticket.reference}] hello",
                      headers={"References": f"<{dave_ticket.reference}@support.example>"})
        inbound = ingest(raw).inbound
        assert inbound.outcome == Outcome.OPENED and inbound.ticket != dave_ticket
        assert inbound.ticket.customer == erin.customer
        assert not dave_ticket.messages.filter(author_customer=erin.customer).exists()

    def test_a_closed_ticket_is_not_reopened_a_new_one_is_opened(self, dave, dave_ticket):
        Ticket.objects.filter(pk=dave_ticket.pk).update(status=Status.CLOSED)
        inbound = ingest(compose(subject=f"Re: [{dave_ticket.reference}] again")).inbound
        assert inbound.outcome == Outcome.OPENED and inbound.ticket != dave_ticket


class TestIgnored:
    @pytest.mark.parametrize("name", ["auto_reply.eml", "bounce_dsn.eml"])
    def test_machines_mail_makes_no_ticket_no_customer_no_notification(self, name, queue_a):
        inbound = ingest(sample(name)).inbound
        assert inbound.outcome == Outcome.IGNORED and inbound.reason
        assert inbound.ticket is None and inbound.sender  # listed for an administrator
        assert not Ticket.objects.exists() and not Customer.objects.exists()
        assert not Notification.objects.exists() and mail.outbox == []

    def test_an_auto_reply_to_a_ticket_does_not_touch_it(self, dave, dave_ticket):
        Ticket.objects.filter(pk=dave_ticket.pk).update(status=Status.SOLVED)
        raw = compose(subject=f"Out of office: [{dave_ticket.reference}]", headers={"Auto-Submitted": "auto-replied"})
        assert ingest(raw).inbound.outcome == Outcome.IGNORED
        dave_ticket.refresh_from_db()
        assert dave_ticket.status == Status.SOLVED and dave_ticket.messages.count() == 1

    def test_our_own_message_coming_back_is_a_loop(self, dave_ticket):
        ThreadEmail.objects.create(msgid="<T-LOOP.n1@support.example>", ticket=dave_ticket, outbound=True)
        inbound = ingest(compose(message_id="<T-LOOP.n1@support.example>")).inbound
        assert inbound.outcome == Outcome.IGNORED and "loop" in inbound.reason

    def test_mail_from_one_of_our_queue_addresses_is_a_loop(self, queue_a):
        inbound = ingest(compose(sender="Billing <BILLING@support.example>")).inbound
        assert inbound.outcome == Outcome.IGNORED and "queue addresses" in inbound.reason


class TestQuarantineAndOnce:
    def test_unparseable_mail_is_quarantined_with_its_bytes_and_error(self, queue_a):
        inbound = ingest(sample("malformed.eml")).inbound
        assert inbound.outcome == Outcome.QUARANTINED
        assert "no sender address" in inbound.error
        assert bytes(inbound.raw) == sample("malformed.eml")
        assert not Ticket.objects.exists()

    def test_the_same_message_twice_makes_one_ticket(self, queue_a):
        first = ingest(sample("multipart_alternative.eml"))
        again = ingest(sample("multipart_alternative.eml"), source=Source.HTTP)
        assert first.created and not again.created and again.inbound == first.inbound
        assert Ticket.objects.count() == 1 and Message.objects.count() == 1
        assert InboundEmail.objects.count() == 1

    def test_the_same_message_id_with_other_bytes_is_the_same_message(self, queue_a):
        ingest(compose(body="one", message_id="<same@mail.example>"))
        assert not ingest(compose(body="two", message_id="<same@mail.example>")).created
        assert Message.objects.count() == 1

    def test_without_a_message_id_the_content_decides(self, queue_a):
        raw = compose(body="No id here.")
        assert ingest(raw).created and not ingest(raw).created
        assert ingest(compose(body="Another one.")).created
        assert Ticket.objects.count() == 2

    def test_quarantined_mail_is_not_taken_twice(self, queue_a):
        ingest(sample("malformed.eml"))
        assert not ingest(sample("malformed.eml")).created
        assert InboundEmail.objects.count() == 1

    def test_intake_refusal_is_quarantined_and_a_retry_after_the_fix_opens_the_ticket(self, db, adam):
        inbound = ingest(sample("html_only.eml")).inbound  # no queue exists yet: intake refuses
        assert inbound.outcome == Outcome.QUARANTINED and "not accepting new tickets" in inbound.error
        assert inbound.sender == "tom@baker.example" and inbound.subject == "App crashes on start"
        assert not Customer.objects.exists()  # nothing half-made survives
        QueueFactory(name="Technical", slug="tech", email="tech@support.example")
        retried = quarantine_retry(inbound=inbound, actor=adam)
        assert retried.outcome == Outcome.OPENED and retried.ticket.queue.slug == "tech"
        assert retried.raw is None and retried.error == "" and retried.retried_at is not None

    def test_a_retry_that_fails_again_keeps_it_quarantined_with_the_error(self, adam):
        inbound = ingest(sample("malformed.eml")).inbound
        retried = quarantine_retry(inbound=inbound, actor=adam)
        assert retried.outcome == Outcome.QUARANTINED and "no sender address" in retried.error
        assert retried.retried_at is not None and bytes(retried.raw) == sample("malformed.eml")

    def test_an_oversized_message_is_quarantined(self, queue_a, settings):
        settings.TACT_MAIL = {**settings.TACT_MAIL, "MAX_BYTES": 10_000}
        inbound = ingest(compose(body="x" * 20_000)).inbound
        assert inbound.outcome == Outcome.QUARANTINED and "limit is 10,000" in inbound.error


def test_mailbox_queue_takes_mail_not_addressed_to_a_queue(queue_a, queue_b, settings):
    settings.TACT_MAIL = {**settings.TACT_MAIL, "MAILBOXES": [
        {"name": "help", "host": "imap.example", "user": "u", "password": "p", "queue": "tech"}]}
    ticket = ingest(compose(to="help@support.example"), mailbox="help").inbound.ticket
    assert ticket.queue == queue_b
    assert Queue.objects.count() == 2


def test_long_mail_is_shortened_to_the_message_limit_and_kept_whole_in_the_original(queue_a):
    raw = compose(body="word " * 5000)
    with override_settings(TACT_LIMITS={"MESSAGE_MAX_CHARS": 1000, "ATTACHMENT_MAX_BYTES": 2_000_000,
                                        "ATTACHMENTS_PER_MESSAGE": 5}):
        message = ingest(raw).inbound.message
    assert len(message.body) <= 1000 and message.body.endswith("attached as original.eml.]")
    assert message.attachments.get(filename="original.eml").size == len(raw)

