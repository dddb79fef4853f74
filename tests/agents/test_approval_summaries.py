"""A request for a second person's approval is read in the reader's language: it keeps a sentence's key and
parameters, not English words (agents/approval_summaries.py), and migration 0010 reads the keys back from the
English sentences of requests made before."""
import importlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from agents.approval_summaries import SUMMARIES, summary_render
from agents.grants import role_grant_request
from agents.models import PendingAction, StaffProfile
from agents.models import PendingAction as PendingActionNow
from tests.factories import TicketFactory
from tests.migrations import migrate_to, old_world_at
from tickets.approvals import customer_delete_request, elevation_request, ticket_delete_request
from tickets.merges import customer_contact_change_request

REASON = "The customer asked us to remove it."


def _german(user) -> None:
    StaffProfile.objects.filter(user=user).update(language="de")


@pytest.mark.django_db
def test_a_german_lead_reads_a_request_in_german_and_an_english_one_in_english(client, carol, alice, dave_ticket):
    action = ticket_delete_request(ticket=dave_ticket, requested_by=alice, reason=REASON)
    assert (action.summary_key, action.summary_params) == ("ticket_delete", {"reference": dave_ticket.reference})
    _german(carol)
    client.force_login(carol)
    page = client.get(reverse("agents:approvals")).content.decode()
    assert f"Ticket {dave_ticket.reference} löschen (30 Tage lang wiederherstellbar)" in page
    assert "restorable for 30 days" not in page
    client.force_login(alice)  # the asker, in English, reads their own request in English
    assert f"Delete ticket {dave_ticket.reference} (restorable for 30 days)" in client.get(
        reverse("agents:approvals")).content.decode()


@pytest.mark.django_db
def test_counts_choose_the_plural_and_codes_become_words_in_the_readers_language(carol, alice, adam, dave_ticket):
    TicketFactory(customer=dave_ticket.customer, queue=dave_ticket.queue)
    deleting = customer_delete_request(customer=dave_ticket.customer, requested_by=alice, reason=REASON)
    changing = customer_contact_change_request(customer=dave_ticket.customer, field="phones", values=[],
                                               requested_by=alice, reason=REASON)
    lending = elevation_request(user=alice, reason=REASON, hours=1, queue=dave_ticket.queue)
    grant = role_grant_request(staff=alice.staff, role="lead", requested_by=adam, reason=REASON)
    assert grant.summary_params["role"] == "lead"  # the code, not a label frozen in the asker's language
    with translation.override("de"):
        assert "und ihre 2 Tickets" in deleting.summary
        assert changing.summary == "Telefonnummern von Kunde @davec ändern in: nichts"
        assert "für 1 Stunde" in lending.summary
        assert "Teamleitung" in grant.summary and "Team lead" not in grant.summary
    with translation.override("en"):
        assert "and their 2 tickets" in deleting.summary
        assert changing.summary == "Change the phones of customer @davec to: nothing"
        assert grant.summary == "Make Harbor Wren Team lead (now Agent)" == grant.summary_asked


@pytest.mark.django_db
def test_an_unknown_key_shows_the_sentence_as_asked(alice, dave_ticket):
    action = ticket_delete_request(ticket=dave_ticket, requested_by=alice, reason=REASON)
    PendingAction.objects.filter(pk=action.pk).update(summary_key="gone_kind")
    action.refresh_from_db()
    with translation.override("de"):
        assert action.summary == f"Delete ticket {dave_ticket.reference} (restorable for 30 days)"


def test_every_sentence_is_read_back_by_the_migration_and_has_its_german_words():
    sentences = importlib.import_module("agents.migrations.0010_approval_summary_keys").SENTENCES
    assert {key for _kind, key, _pattern in sentences} == set(SUMMARIES)
    for _kind, key, pattern in sentences:
        params = {name: 2 if name in ("count", "escalation") else "X" for name in re.findall(r"\(\?P<(\w+)>", pattern)}
        params.update({"role": "lead", "was": "agent"} if key == "role_grant" else {})
        params.update({"field": "login"} if key == "customer_contact_change" else {})
        with translation.override("en"):
            english = summary_render(key, params)
        with translation.override("de"):
            german = summary_render(key, params)
        assert english and german and german != english, key


BEFORE = [("agents", "0009_viewer_locale")]


@pytest.fixture
def old_world(transactional_db):
    yield from old_world_at(BEFORE)


def test_requests_made_before_get_their_keys_from_the_english_sentence(old_world):
    apps = old_world
    User = apps.get_model("auth", "User")
    PendingAction = apps.get_model("agents", "PendingAction")
    asker = User.objects.create(username="asker")
    soon = timezone.now() + timedelta(hours=1)
    sentences = {
        "customer_delete": "Delete customer @davec and their 1 ticket (restorable for 30 days)",
        "role_grant": "Make Harbor Wren Team lead (now Agent)",
        "customer_contact_change": "Change the portal login of customer @davec to: nothing",
        "elevation": "Give Harbor Wren permission “customer_private” for 4 hours",
        "customer_merge": ("Merge customer @alt (2 tickets) into customer @davec; @alt stays only as a pointer to "
                           "@davec"),
        "customer_suspend": "Suspend customer @davec (escalation #12)",
        "reply_override_own": "Publish the held reply on T-0001 that its author, a lead, wrote",
        "queue_grant": "Hand-edited: add Harbor Wren",
    }
    for n, (kind, summary) in enumerate(sentences.items()):
        PendingAction.objects.create(kind=kind, target_type="x", target_id=str(n), summary=summary, reason=REASON,
                                     requested_by=asker, expires_at=soon)
    apps = migrate_to(None)
    rows = {a.kind: a for a in apps.get_model("agents", "PendingAction").objects.all()}
    assert (rows["customer_delete"].summary_key, rows["customer_delete"].summary_params) == (
        "customer_delete", {"customer": "@davec", "count": 1})
    assert rows["role_grant"].summary_params == {"name": "Harbor Wren", "role": "lead", "was": "agent"}
    assert rows["customer_contact_change"].summary_params == {"field": "login", "customer": "@davec", "values": ""}
    assert (rows["elevation"].summary_key, rows["elevation"].summary_params) == (
        "elevation_permission", {"name": "Harbor Wren", "permission": "customer_private", "count": 4})
    assert rows["customer_merge"].summary_params == {"duplicate": "@alt", "count": 2, "survivor": "@davec"}
    assert rows["customer_suspend"].summary_params == {"customer": "@davec", "escalation": 12}
    assert rows["reply_override_own"].summary_params == {"reference": "T-0001"}
    assert rows["queue_grant"].summary_key == ""  # matches no sentence: shown as asked
    with translation.override("de"):
        shown = {a.kind: a.summary for a in PendingActionNow.objects.all()}
    assert "Teamleitung" in shown["role_grant"] and "löschen" in shown["customer_delete"]
    assert shown["queue_grant"] == "Hand-edited: add Harbor Wren"
