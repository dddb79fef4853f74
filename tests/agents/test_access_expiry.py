"""Offboarding: staff whose access expired are signed out on their next request, with a message."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone


def test_expired_contractor_is_signed_out_and_told_why(client, cora, dave_ticket):
    client.force_login(cora)
    assert client.get(reverse("ticket_detail", args=[dave_ticket.reference])).status_code == 200
    cora.staff.access_expires_at = timezone.now() - timedelta(seconds=1)
    cora.staff.save()
    response = client.get(reverse("ticket_detail", args=[dave_ticket.reference]), follow=True)
    assert response.redirect_chain[0][0] == reverse("login")
    assert "Your access has expired" in response.content.decode()
    assert "_auth_user_id" not in client.session
