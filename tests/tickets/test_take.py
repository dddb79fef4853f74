"""'Assign to me' on the ticket page and on inbox rows: through ticket_change, back where the agent was."""
from django.urls import reverse

from tests.pages import history_fragment
from tickets.models import TicketEvent


def test_assign_to_me_from_the_ticket_page(alice_client, alice, dave_ticket):
    page = reverse("ticket_detail", args=[dave_ticket.reference])
    assert "Assign to me" in alice_client.get(page).content.decode()
    response = alice_client.post(reverse("ticket_take", args=[dave_ticket.reference]))
    assert response.status_code == 302 and response["Location"] == page
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee == alice
    assert TicketEvent.objects.get(ticket=dave_ticket, kind="assignee").actor == alice
    html = alice_client.get(page).content.decode()
    assert "Assigned to Harbor Wren" in html and "Assign to me" not in html
    assert "<strong>Harbor Wren</strong> took the ticket" in history_fragment(alice_client, dave_ticket)


def test_assign_to_me_from_an_inbox_row_returns_to_the_same_view(alice_client, alice, dave_ticket):
    inbox = reverse("inbox") + "?view=unassigned"
    html = alice_client.get(inbox).content.decode()
    assert reverse("ticket_take", args=[dave_ticket.reference]) in html
    response = alice_client.post(reverse("ticket_take", args=[dave_ticket.reference]), {"next": inbox})
    assert response.status_code == 302 and response["Location"] == inbox
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee == alice


def test_next_never_leaves_the_site(alice_client, dave_ticket):
    response = alice_client.post(reverse("ticket_take", args=[dave_ticket.reference]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("ticket_detail", args=[dave_ticket.reference])


def test_someone_who_may_not_take_it_is_told_why(client, adam, dave_ticket):
    client.force_login(adam)  # an admin sees every queue but is no member of queue A
    response = client.post(reverse("ticket_take", args=[dave_ticket.reference]), follow=True)
    assert "The assignee must be staff in the ticket&#x27;s queue." in response.content.decode()
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee is None


def test_another_queues_ticket_is_not_found(client, bob, dave_ticket):
    client.force_login(bob)
    assert client.post(reverse("ticket_take", args=[dave_ticket.reference])).status_code == 404
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee is None
