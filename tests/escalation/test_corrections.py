"""Damage control: an escalation points at the staff reply or public post that caused it, and the lead sends a
correction pre-filled from an apology template, through the reply gate like any reply: published when clean,
held when it leaks, never published unscanned."""
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from agents.models_audit import AuditEntry
from escalation.corrections import (
    DEFAULT_APOLOGY,
    correction_prefill,
    correction_state,
    escalation_cause_set,
    escalation_correct,
)
from escalation.models import EntryKind, Escalation
from escalation.responses import response_template_add
from escalation.services import escalation_dismiss, escalation_raise
from redaction import services as gate
from redaction.gate import draft_save
from redaction.models import ReplyState, VersionStatus
from tests.factories import MessageFactory, published_reply_message
from tickets.models import Message, MessageKind

pytestmark = pytest.mark.django_db
APOLOGY = ("Hi {customer_first_name}, I'm sorry for how we answered you on {ticket_reference}. "
           "We are reviewing what happened. {alias}")
CLEAN = "Hi Dave, I'm sorry for our earlier reply. It was wrong of us, and we are reviewing what happened."
LEAKY = "Hi Dave, I'm sorry: Alicia Realname should not have written that. We are reviewing what happened."


@pytest.fixture
def bad_reply(alice, dave_ticket):
    return published_reply_message(ticket=dave_ticket, author=alice, body="Read the manual before writing to us.",
                                   alias="Harbor Wren")


@pytest.fixture
def conduct(alice, dave_ticket, bad_reply):
    """A staff-conduct escalation alice raised on dave's ticket (queue A) about her colleague's reply."""
    return escalation_raise(ticket=dave_ticket, category="staff_conduct", raised_by=alice,
                            note="The customer is upset about our reply.")


def scanned(version):
    """Run the gate's worker on the version as a scan worker would, and return it as decided."""
    return gate.reply_scan(version_id=version.pk)


# --- The cause ----------------------------------------------------------------------------------------------


def test_a_lead_points_at_our_reply_and_it_is_on_the_timeline(carol, conduct, bad_reply):
    escalation_cause_set(escalation=conduct, lead=carol, message=bad_reply)
    conduct.refresh_from_db()
    assert (conduct.caused_by_message, conduct.caused_by_url) == (bad_reply, "")
    entry = conduct.entries.get(kind=EntryKind.CAUSE)
    assert (entry.actor, entry.data) == (carol, {"message": bad_reply.pk})
    assert AuditEntry.objects.filter(action="escalation.cause", actor=carol).exists()


def test_a_public_post_needs_its_link_and_text(carol, conduct):
    with pytest.raises(ValidationError) as caught:
        escalation_cause_set(escalation=conduct, lead=carol, url="not a link", text="")
    assert set(caught.value.message_dict) == {"url", "text"}
    long_post = "Their support told me to read the manual. Wow. " + "Thread continues. " * 200  # ~3,650 chars
    escalation_cause_set(escalation=conduct, lead=carol, url="https://social.example/p/42", text=long_post)
    conduct.refresh_from_db()
    assert (conduct.caused_by_message, conduct.caused_by_url) == (None, "https://social.example/p/42")
    assert conduct.caused_by_text.startswith("Their support told me")


def test_only_a_published_staff_reply_on_the_same_ticket_can_be_the_cause(carol, conduct, dave_ticket, erin_ticket,
                                                                          bob):
    customer_message = dave_ticket.messages.get(kind=MessageKind.CUSTOMER)
    other = published_reply_message(ticket=erin_ticket, author=bob, body="Elsewhere.")
    for message in (customer_message, other):
        with pytest.raises(ValidationError, match="published staff replies on this ticket"):
            escalation_cause_set(escalation=conduct, lead=carol, message=message)


def test_a_lead_of_another_queue_and_an_agent_cannot_touch_it(lou, alice, conduct, bad_reply):
    for person in (lou, alice):
        with pytest.raises(PermissionDenied):
            escalation_cause_set(escalation=conduct, lead=person, message=bad_reply)
        with pytest.raises(PermissionDenied):
            escalation_correct(escalation=conduct, lead=person, body=CLEAN)


# --- The correction -----------------------------------------------------------------------------------------


def test_the_correction_starts_from_the_categorys_apology_template(carol, conduct):
    assert correction_prefill(escalation=conduct, lead=carol).startswith("Hi Dave, I'm sorry about our earlier")
    assert DEFAULT_APOLOGY.startswith("Hi {customer_first_name}")
    response_template_add(lead=carol, category="staff_conduct", kind="apology", title="Sorry", body=APOLOGY)
    text = correction_prefill(escalation=conduct, lead=carol)
    assert text.startswith("Hi Dave, I'm sorry for how we answered you on " + conduct.ticket.reference)
    assert text.endswith("North Star") and "Realname" not in text  # the lead's persona, never their name


def test_the_built_in_apology_is_in_the_customers_language(carol, conduct, dave):
    dave.customer.language = "de"
    dave.customer.save(update_fields=["language"])
    text = correction_prefill(escalation=conduct, lead=carol)
    assert text.startswith(f"Hallo Dave, unsere frühere Antwort zu {conduct.ticket.reference} tut mir leid.")
    assert text.endswith("— North Star") and "sorry" not in text


def test_the_built_in_apology_follows_the_language_the_customer_writes_in(carol, conduct, dave_ticket):
    MessageFactory(ticket=dave_ticket, body="Ich habe Ihnen schon zweimal geschrieben und bin sehr enttäuscht.")
    assert correction_prefill(escalation=conduct, lead=carol).startswith("Hallo Dave, unsere frühere Antwort")


def test_the_built_in_apology_is_not_in_the_leads_page_language(client, carol, conduct):
    """Carol reads her pages in German; Dave writes English and chose no language: the apology is English."""
    carol.staff.language = "de"
    carol.staff.save(update_fields=["language"])
    with translation.override("de"):
        assert correction_prefill(escalation=conduct, lead=carol).startswith("Hi Dave, I'm sorry about our earlier")
    client.force_login(carol)
    page = client.get(reverse("leads:escalation", args=[conduct.pk])).content.decode()
    assert "Hi Dave, I&#x27;m sorry about our earlier reply" in page and "Hallo Dave" not in page


def test_a_clean_correction_is_published_only_after_its_scan(carol, conduct, dave_ticket):
    version = escalation_correct(escalation=conduct, lead=carol, body=CLEAN)
    assert version.status == VersionStatus.PENDING
    assert correction_state(conduct) == ReplyState.PENDING
    assert not Message.objects.filter(ticket=dave_ticket, body=CLEAN).exists()  # nothing public before the scan
    assert scanned(version).status == VersionStatus.PUBLISHED
    conduct.refresh_from_db()
    assert correction_state(conduct) == ReplyState.PUBLISHED
    message = Message.objects.get(ticket=dave_ticket, body=CLEAN)
    assert (message.kind, message.author_alias) == (MessageKind.PUBLIC_REPLY, "North Star")
    entry = conduct.entries.get(kind=EntryKind.CORRECTION)
    assert entry.data == {"reply": conduct.correction_reply_id, "version": 1}
    with pytest.raises(ValidationError, match="published already"):
        escalation_correct(escalation=conduct, lead=carol, body=CLEAN)


def test_a_correction_that_leaks_is_held_then_sent_again_as_a_new_version(carol, conduct, dave_ticket):
    version = scanned(escalation_correct(escalation=conduct, lead=carol, body=LEAKY))
    assert version.status == VersionStatus.HELD
    conduct.refresh_from_db()
    assert correction_state(conduct) == ReplyState.HELD
    assert not Message.objects.filter(ticket=dave_ticket, kind=MessageKind.PUBLIC_REPLY, author_user=carol).exists()
    again = escalation_correct(escalation=conduct, lead=carol, body=CLEAN)
    assert (again.reply_id, again.number) == (conduct.correction_reply_id, 2)
    assert scanned(again).status == VersionStatus.PUBLISHED
    assert [e.data["version"] for e in conduct.entries.filter(kind=EntryKind.CORRECTION)] == [1, 2]


def test_the_leads_unsent_draft_is_never_overwritten(carol, conduct, dave_ticket):
    draft_save(ticket=dave_ticket, author=carol, body="Half-written answer about the invoice")
    with pytest.raises(ValidationError, match="unsent reply on this ticket"):
        escalation_correct(escalation=conduct, lead=carol, body=CLEAN)
    assert Escalation.objects.get(pk=conduct.pk).correction_reply_id is None


def test_a_dismissed_escalation_takes_no_correction(carol, conduct):
    escalation_dismiss(escalation=conduct, lead=carol, reason="not_this_category")
    with pytest.raises(ValidationError, match="dismissed"):
        escalation_correct(escalation=Escalation.objects.get(pk=conduct.pk), lead=carol, body=CLEAN)


# --- The page -----------------------------------------------------------------------------------------------


def page(escalation, name="leads:escalation"):
    return reverse(name, args=[escalation.pk])


def test_the_page_offers_the_cause_and_a_prefilled_correction(client, carol, conduct, bad_reply):
    response_template_add(lead=carol, category="staff_conduct", kind="apology", title="Sorry", body=APOLOGY)
    client.force_login(carol)
    html = client.get(page(conduct)).content.decode()
    assert "Damage control" in html and "Harbor Wren" in html  # the reply is listed by the persona it went out as
    assert "Hi Dave, I&#x27;m sorry for how we answered you on" in html
    response = client.post(page(conduct, "leads:cause"), {"cause-message": str(bad_reply.pk)})
    assert response.status_code == 302
    html = client.get(page(conduct)).content.decode()
    assert 'data-cause="reply"' in html and "Read the manual before writing to us." in html


def test_a_bad_cause_keeps_what_the_lead_typed(client, carol, conduct):
    client.force_login(carol)
    response = client.post(page(conduct, "leads:cause"), {"cause-url": "https://social.example/p/9", "cause-text": ""})
    html = response.content.decode()
    assert response.status_code == 400 and "posts get edited and deleted" in html
    assert 'value="https://social.example/p/9"' in html


def test_a_held_correction_is_shown_held_and_its_text_kept(client, carol, conduct, dave_ticket):
    client.force_login(carol)
    response = client.post(page(conduct, "leads:correct"), {"correction-body": LEAKY})
    assert response.status_code == 302
    scanned(Escalation.objects.get(pk=conduct.pk).correction_reply.latest_version)
    html = client.get(page(conduct)).content.decode()
    assert 'data-correction-state="held"' in html and "held by the reply gate" in html
    assert reverse("gate:composer", args=[dave_ticket.reference]) in html
    # The resolve form now suggests "corrected" as the outcome.
    assert '<option value="corrected" selected>' in html


def test_an_empty_correction_is_refused_on_the_page(client, carol, conduct):
    client.force_login(carol)
    response = client.post(page(conduct, "leads:correct"), {"correction-body": "  "})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert Escalation.objects.get(pk=conduct.pk).correction_reply_id is None


def test_a_correction_the_service_refuses_comes_back_on_the_page_with_its_text(client, carol, conduct, dave_ticket):
    draft_save(ticket=dave_ticket, author=carol, body="Half-written answer about the invoice")
    client.force_login(carol)
    response = client.post(page(conduct, "leads:correct"), {"correction-body": CLEAN})
    html = response.content.decode()
    assert response.status_code == 400 and "unsent reply on this ticket" in html
    assert "for our earlier reply. It was wrong of us" in html  # what the lead wrote stays in the form
    assert Escalation.objects.get(pk=conduct.pk).correction_reply_id is None


def test_other_queues_leads_get_404(client, lou, conduct):
    client.force_login(lou)
    assert client.post(page(conduct, "leads:correct"), {"correction-body": CLEAN}).status_code == 404
    assert client.post(page(conduct, "leads:cause"), {"cause-url": "https://x.example/1",
                                                      "cause-text": "x"}).status_code == 404


def test_the_cause_picker_dates_replies_in_the_viewers_language_and_time_zone(client, carol, conduct, bad_reply,
                                                                               settings):
    settings.TIME_ZONE = "Europe/Berlin"
    Message.objects.filter(pk=bad_reply.pk).update(created_at=datetime(2026, 3, 2, 10, 5, tzinfo=UTC))
    client.force_login(carol)
    html = client.get(page(conduct), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Harbor Wren · 2 Mär 2026, 11:05 · Read the manual" in html
    assert "02 Mar 2026" not in html
