"""The customer panel asks for a merge, a contact change or an export; a refused form keeps what was typed; the
exports page hands the file to the requester once."""
import pytest
from django.urls import reverse

from agents.approvals import approval_approve
from agents.models import AuditEntry, PendingAction
from tests.factories import CustomerFactory, TicketFactory
from tickets.exports import export_build
from tickets.models import CustomerExport

REASON = "Same person: confirmed on the phone."


def test_the_panel_offers_the_three_and_contractors_see_no_export(client, alice, cora, dave_ticket):
    url = reverse("ticket_detail", args=[dave_ticket.reference])
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert "Ask to merge" in page and "Ask to change" in page and "Ask to export (JSON)" in page
    client.force_login(cora)
    page = client.get(url).content.decode()
    assert "Ask to merge" in page and "Ask to export" not in page


def test_a_merge_is_asked_by_the_other_tickets_reference(client, alice, dave_ticket, queue_a):
    other = CustomerFactory(name="Dave Twin", handle="@twin")
    twin_ticket = TicketFactory(customer=other, queue=queue_a)
    client.force_login(alice)
    response = client.post(reverse("customer_merge_request", args=[dave_ticket.reference]),
                           {"other": twin_ticket.reference.lower(), "keep": "this", "reason": REASON})
    assert response.status_code == 302 and response["Location"] == reverse("agents:approvals")
    action = PendingAction.objects.get(kind="customer_merge")
    assert action.target_id == str(other.pk) and action.data["customer_id"] == dave_ticket.customer_id


def test_a_refused_request_shows_the_form_again_with_what_was_typed(client, alice, erin_ticket, dave_ticket):
    client.force_login(alice)
    response = client.post(reverse("customer_merge_request", args=[dave_ticket.reference]),
                           {"other": erin_ticket.reference, "keep": "this", "reason": "A reason typed with care."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "No customer in your queues has that ticket reference or number." in html
    assert "A reason typed with care." in html and erin_ticket.reference in html
    response = client.post(reverse("customer_contact_change_request", args=[dave_ticket.reference]),
                           {"field": "emails", "values": "not-an-email", "reason": REASON})
    html = response.content.decode()
    assert response.status_code == 400 and "is not an email address" in html and "not-an-email" in html
    assert not PendingAction.objects.exists()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_requester_downloads_an_approved_export_once(client, media, alice, carol, dave_ticket):
    client.force_login(alice)
    client.post(reverse("customer_export_request", args=[dave_ticket.reference]), {"reason": REASON})
    action = PendingAction.objects.get(kind="customer_export")
    export = export_build(export_id=approval_approve(action=action, approver=carol).result["export"])
    page = client.get(reverse("exports")).content.decode()
    assert "Ready to download" in page and reverse("export_download", args=[export.pk]) in page

    client.force_login(carol)  # the approver is not the requester
    assert client.get(reverse("export_download", args=[export.pk])).status_code == 404

    client.force_login(alice)
    response = client.get(reverse("export_download", args=[export.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "attachment;" in response["Content-Disposition"] and b"ACC-100200" in response.content
    again = client.get(reverse("export_download", args=[export.pk]), follow=True)
    assert "This export is downloaded." in again.content.decode()
    assert CustomerExport.objects.get(pk=export.pk).state == CustomerExport.State.DOWNLOADED
    assert AuditEntry.objects.filter(action="export.download", actor=alice).count() == 1


def test_a_queue_export_is_asked_on_the_exports_page(client, carol, dave_ticket):
    client.force_login(carol)
    response = client.post(reverse("exports"), {"queue": dave_ticket.queue_id, "format": "csv", "reason": REASON})
    assert response.status_code == 302
    action = PendingAction.objects.get(kind="customer_export")
    assert action.data == {"queue_id": dave_ticket.queue_id, "scope": "queue", "format": "csv"}
