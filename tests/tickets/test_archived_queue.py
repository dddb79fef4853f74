"""An archived queue takes no new tickets by any door (the API, mail to its address, a public source routed to
it), while its tickets stay readable and answerable."""
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from mailroom.models import Source
from mailroom.services import email_ingest
from tests.mailroom.conftest import compose
from tickets.intake import ticket_open
from tickets.models import Channel
from tickets.public.inbound import InboundPost, public_post_ingest
from tickets.public.models import PublicSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived(queue_a):
    queue_a.archived_at = timezone.now()
    queue_a.save(update_fields=["archived_at"])
    return queue_a


def test_staff_cannot_open_a_ticket_in_an_archived_queue_through_the_api(carol, dave, dave_ticket, archived, queue_b):
    client = APIClient()
    client.force_authenticate(carol)
    response = client.post("/api/tickets/", {"subject": "Call back", "note": "Called about March.",
                                             "customer": dave.customer.pk, "queue": archived.slug}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["queue"] == ["This queue is archived: open the ticket in another one."]
    ok = client.post("/api/tickets/", {"subject": "Call back", "note": "Called about March.",
                                       "customer": dave.customer.pk, "queue": queue_b.slug}, format="json")
    assert ok.status_code == 201, ok.json()


def test_mail_to_an_archived_queues_address_lands_by_the_usual_routing(archived, queue_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = email_ingest(raw=compose(to=archived.email, subject="Refund"), source=Source.FILE)
    assert result.inbound.ticket.queue == queue_b


def test_a_public_source_routed_to_an_archived_queue_uses_the_usual_routing(archived, queue_b):
    source = PublicSource.objects.create(slug="masto", network="mastodon.social", secret="s" * 30, queue=archived)
    post = InboundPost(post_id="1", thread_id="1", handle="@priya_p", name="Priya", text="your app ate my playlist")
    ticket = public_post_ingest(source=source, post=post).post.ticket
    assert ticket.queue == queue_b and ticket.channel == Channel.SOCIAL


def test_an_inbound_message_for_an_archived_queue_uses_the_usual_routing(archived, dave, queue_b):
    ticket = ticket_open(subject="Refund", body="Please refund March.", customer=dave.customer, queue=archived,
                         channel=Channel.EMAIL)
    assert ticket.queue == queue_b


def test_an_archived_queues_tickets_stay_answerable(alice, archived, dave_ticket, client):
    client.force_login(alice)
    page = client.get(f"/inbox/t/{dave_ticket.reference}/")
    assert page.status_code == 200 and dave_ticket.subject in page.content.decode()


def test_no_ticket_moves_into_an_archived_queue_through_the_api(carol, dave_ticket, queue_a, queue_b):
    queue_b.archived_at = timezone.now()
    queue_b.save(update_fields=["archived_at"])
    client = APIClient()
    client.force_authenticate(carol)
    response = client.patch(f"/api/tickets/{dave_ticket.reference}/", {"queue": queue_b.slug}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["queue"] == ["This queue is archived: move the ticket to another one."]
    dave_ticket.refresh_from_db()
    assert dave_ticket.queue == queue_a
