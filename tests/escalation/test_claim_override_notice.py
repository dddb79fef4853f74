"""A lead whose claim another lead closed over is told in the app (a badge in the navigation until they mark the
notice read, the notice on their triage page) and by one email through the outbox, never from the request; and
never about an item they can no longer open."""
import pytest
from django.core import mail
from django.urls import reverse

from escalation.claim_models import ClaimOverride
from escalation.claim_notices import CLAIM_OVERRIDE
from escalation.selectors import nav_counts
from escalation.services import escalation_claim, escalation_dismiss, escalation_raise, escalation_resolve
from tickets.models import Notification
from tickets.services import ticket_change
from tickets.tasks import send_notification

pytestmark = pytest.mark.django_db

PRIVATE = ("Realname", "Dave Customer", "dave@mail.example", "Could not wait.")
BADGE = "data-claims-closed-over"


@pytest.fixture
def held(dave_ticket, lena):
    """Claimed by Lena (persona Tide Pool, lead of queue A only)."""
    item = escalation_raise(ticket=dave_ticket, category="legal_regulatory", note="Letter from a lawyer")
    return escalation_claim(escalation=item, lead=lena)


def _close_over(client, carol, lena, held):
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[held.pk, "resolve"]), {
        "outcome": "referred", "note": "Could not wait.", "over_claim_of": lena.pk, "confirm_over_claim": "on",
    })
    assert response.status_code == 302
    return ClaimOverride.objects.get()


def _sent_to(address: str) -> mail.EmailMessage:
    [sent] = [email for email in mail.outbox if email.to == [address]]
    for private in PRIVATE:
        assert private not in sent.subject + sent.body
    return sent


def test_the_claimant_gets_one_email_through_the_outbox_not_from_the_request(client, carol, lena, held,
                                                                            dave_ticket):
    notice = _close_over(client, carol, lena, held)
    assert mail.outbox == []
    row = Notification.objects.get(kind=CLAIM_OVERRIDE)
    assert (row.recipient, row.about_id, row.state) == (lena, notice.pk, Notification.State.PENDING)

    send_notification(row.pk)
    sent = _sent_to("lena@home.example")
    assert sent.subject == f"[Escalation] Legal or regulatory on {dave_ticket.reference}: closed over your claim"
    assert "North Star resolved this escalation at" in sent.body and "which you had claimed: Referred" in sent.body
    assert reverse("leads:escalation", args=[held.pk]) in sent.body
    row.refresh_from_db()
    assert row.state == Notification.State.SENT
    send_notification(row.pk)
    assert len(mail.outbox) == 1


def test_the_email_is_in_the_claimants_language_and_says_a_dismissal(carol, lena, held, dave_ticket):
    lena.staff.language = "de"
    lena.staff.save(update_fields=["language"])
    escalation_dismiss(escalation=held, lead=carol, reason="harmless_sense", over_claim_of=lena.pk)
    send_notification(Notification.objects.get(kind=CLAIM_OVERRIDE).pk)
    sent = _sent_to("lena@home.example")
    assert sent.subject.startswith("[Eskalation] ") and "trotz Ihrer Übernahme abgeschlossen" in sent.subject
    assert "North Star hat diese Eskalation" in sent.body and "verworfen" in sent.body


def test_a_claimant_without_an_address_is_told_in_the_app_alone(client, carol, lena, held):
    lena.email = ""
    lena.save(update_fields=["email"])
    escalation_resolve(escalation=held, lead=carol, outcome="referred", over_claim_of=lena.pk)
    assert ClaimOverride.objects.filter(claimant=lena).exists()
    assert not Notification.objects.filter(kind=CLAIM_OVERRIDE).exists()
    client.force_login(lena)
    assert BADGE in client.get(reverse("inbox")).content.decode()


def test_the_navigation_counts_the_notice_on_every_page_until_it_is_marked_read(client, carol, lena, held):
    notice = _close_over(client, carol, lena, held)
    assert BADGE not in client.get(reverse("inbox")).content.decode()  # Carol closed it: nothing to tell her
    client.force_login(lena)
    inbox = client.get(reverse("inbox")).content.decode()
    assert BADGE in inbox and "1 escalation closed over your claim, not yet read" in inbox
    polled = client.get(reverse("leads:nav_count")).content.decode()
    assert '<span id="claims-closed-over" hx-swap-oob="true">' in polled and BADGE in polled

    assert client.post(reverse("leads:claim_override_seen", args=[notice.pk])).status_code == 302
    assert BADGE not in client.get(reverse("inbox")).content.decode()
    polled = client.get(reverse("leads:nav_count")).content.decode()
    assert '<span id="claims-closed-over" hx-swap-oob="true"></span>' in polled
    assert client.post(reverse("leads:claim_override_seen", args=[notice.pk])).status_code == 404


def test_an_item_that_left_the_claimants_queues_is_shown_and_sent_nowhere(client, carol, lena, held, queue_a,
                                                                         queue_b, dave_ticket):
    notice = _close_over(client, carol, lena, held)
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)  # Lena leads queue A only

    client.force_login(lena)
    assert BADGE not in client.get(reverse("inbox")).content.decode()
    assert BADGE not in client.get(reverse("leads:nav_count")).content.decode()
    triage = client.get(reverse("leads:dashboard")).content.decode()
    assert "Closed over your claim" not in triage and reverse("leads:escalation", args=[held.pk]) not in triage
    assert client.post(reverse("leads:claim_override_seen", args=[notice.pk])).status_code == 404

    row = Notification.objects.get(kind=CLAIM_OVERRIDE)
    send_notification(row.pk)
    row.refresh_from_db()
    assert row.state == Notification.State.FAILED and mail.outbox == []

    # Back in her queue, the unread notice is hers to see again.
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_a)
    assert "Closed over your claim" in client.get(reverse("leads:dashboard")).content.decode()
    assert BADGE in client.get(reverse("inbox")).content.decode()


def test_the_navigations_two_counts_are_one_query(client, carol, lena, held, dave_ticket, erin_ticket,
                                                 django_assert_num_queries):
    """Open items and unread notices in one query, each counted as its own selector would: an unread notice
    of a closed item counts, a read one, one for another lead, or one about an item in a queue the lead does
    not lead does not; an open item counts, an acknowledged or closed one does not."""
    notice = _close_over(client, carol, lena, held)
    open_item = escalation_raise(ticket=dave_ticket, category="self_harm", note="Said goodbye")
    elsewhere = escalation_raise(ticket=erin_ticket, category="legal_regulatory", note="Lawyer")
    second = escalation_raise(ticket=dave_ticket, category="threat_violence", note="Threat")
    escalation_claim(escalation=second, lead=lena)
    escalation_resolve(escalation=second, lead=carol, outcome="referred", over_claim_of=lena.pk)
    ClaimOverride.objects.create(escalation=elsewhere, claimant=lena, closed_by=carol)  # not in Lena's queues
    ClaimOverride.objects.create(escalation=open_item, claimant=carol, closed_by=lena)  # Carol's, not Lena's
    seen = ClaimOverride.objects.create(escalation=held, claimant=lena, closed_by=carol, seen_at=notice.created_at)

    with django_assert_num_queries(1):
        assert nav_counts(lena) == {"escalations_open": 1, "claims_closed_over": 2}
    with django_assert_num_queries(1):
        assert nav_counts(carol) == {"escalations_open": 2, "claims_closed_over": 1}
    seen.delete()
    client.force_login(lena)
    with django_assert_num_queries(6):  # session, account, second factor, staff profile, elevations, counts
        polled = client.get(reverse("leads:nav_count")).content.decode()
    assert ">1</span>" in polled and "2 escalations closed over your claim, not yet read" in polled
