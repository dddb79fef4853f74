"""Approvals over the API: what waits for me, asking for the customer actions, approving and rejecting, with the
API's JSON errors (403 own request or role, 404 outside one's queues, 409 no longer possible)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from agents.models import PendingAction
from tests.factories import CustomerFactory, TicketFactory
from tickets.approvals import customer_delete_request
from tickets.exports import export_build
from tickets.models import Customer, CustomerExport

REASON = "Customer asked us to close their account."


@pytest.fixture
def asked(alice, dave_ticket):
    return customer_delete_request(customer=dave_ticket.customer, requested_by=alice, reason=REASON)


def test_a_lead_lists_what_waits_and_the_requester_lists_their_own(api_as, asked, carol, alice, bob):
    rows = api_as(carol).get("/api/approvals/").json()["results"]
    assert [r["id"] for r in rows] == [asked.pk]
    assert rows[0]["summary"] == asked.summary and rows[0]["reason"] == REASON
    assert rows[0]["requested_by"] == "Harbor Wren" and rows[0]["label"] == "Delete a customer"  # persona only
    assert "Alicia" not in str(rows)
    assert api_as(alice).get("/api/approvals/").json()["results"] == []  # agents decide nothing
    assert [r["id"] for r in api_as(alice).get("/api/approvals/?mine=true").json()["results"]] == [asked.pk]
    assert api_as(bob).get(f"/api/approvals/{asked.pk}/").status_code == 404


def test_approving_runs_it_and_a_second_approval_is_a_409(api_as, asked, carol, adam):
    response = api_as(carol).post(f"/api/approvals/{asked.pk}/approve/")
    assert response.status_code == 200 and response.json()["status"] == "executed"
    assert response.json()["decided_by"] == "North Star"
    assert Customer.objects.get(pk=asked.target_id).deleted_at is not None
    again = api_as(adam).post(f"/api/approvals/{asked.pk}/approve/")
    assert again.status_code == 409
    assert again.json() == {"error": {"code": "conflict",
                                      "message": "This request is already approved and done, by North Star.",
                                      "fields": {}}}


def test_the_requester_gets_a_403_and_nobody_outside_gets_anything_but_404(api_as, carol, adam, bob, dave_ticket):
    own = customer_delete_request(customer=dave_ticket.customer, requested_by=carol, reason=REASON)
    response = api_as(carol).post(f"/api/approvals/{own.pk}/approve/")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Someone else must approve what you asked for."
    assert api_as(bob).post(f"/api/approvals/{own.pk}/approve/").status_code == 404
    assert api_as(adam).post("/api/approvals/999999/approve/").status_code == 404
    assert PendingAction.objects.get(pk=own.pk).status == "pending"


def test_an_expired_request_is_a_409_saying_so(api_as, asked, carol):
    PendingAction.objects.filter(pk=asked.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api_as(carol).post(f"/api/approvals/{asked.pk}/approve/")
    assert response.status_code == 409 and "expired" in response.json()["error"]["message"]
    assert PendingAction.objects.get(pk=asked.pk).status == "expired"


def test_a_rejection_carries_its_note(api_as, asked, carol):
    response = api_as(carol).post(f"/api/approvals/{asked.pk}/reject/", {"note": "Legal hold."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected" and response.json()["note"] == "Legal hold."


def test_customers_and_auditors_are_refused_with_a_body(api_as, dave, audrey):
    for user in (dave, audrey):
        response = api_as(user).get("/api/approvals/")
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_asking_to_merge_and_to_change_contact_details(api_as, alice, dave_ticket, queue_a):
    other = CustomerFactory(name="Dave Twin")
    TicketFactory(customer=other, queue=queue_a)
    client = api_as(alice)
    response = client.post(f"/api/customers/{other.pk}/merge/", {"into": dave_ticket.customer_id, "reason": REASON},
                           format="json")
    assert response.status_code == 202 and response.json()["kind"] == "customer_merge"
    assert response.json()["status"] == "pending" and response.json()["mine"] is True
    response = client.post(f"/api/customers/{dave_ticket.customer_id}/contact-change/",
                           {"field": "phones", "values": ["+1 415 555 0000"], "reason": REASON}, format="json")
    assert response.status_code == 202
    assert PendingAction.objects.get(kind="customer_contact_change").data["old"] == ["+1 415 555 0134"]
    bad = client.post(f"/api/customers/{dave_ticket.customer_id}/contact-change/",
                      {"field": "phones", "values": ["x"], "reason": "short"}, format="json")
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"reason"}


def test_a_contractor_reads_no_account_ids_cards_or_ips_in_their_merges_result(api_as, cora, carol, dave_ticket,
                                                                                 queue_a):
    """A merge's result lists the values it added to the survivor, to reverse it by hand. Account ids, card digits
    and IP addresses among them are `customer_private`: a contractor who asked for the merge reads the rest."""
    twin = CustomerFactory(name="Dave Twin", emails=["twin@mail.example"], account_ids=["ACC-777111"],
                           card_last4=["9931"], ips=["203.0.113.77"])
    TicketFactory(customer=twin, queue=queue_a)
    asked = api_as(cora).post(f"/api/customers/{twin.pk}/merge/", {"into": dave_ticket.customer_id, "reason": REASON},
                              format="json")
    assert asked.status_code == 202
    done = api_as(carol).post(f"/api/approvals/{asked.json()['id']}/approve/").json()
    assert done["result"]["added"]["account_ids"] == ["ACC-777111"]  # the lead has customer_private
    for path in (f"/api/approvals/{asked.json()['id']}/", "/api/approvals/?mine=true"):
        text = api_as(cora).get(path).content.decode()
        assert "twin@mail.example" in text
        assert "ACC-777111" not in text and "9931" not in text and "203.0.113.77" not in text


def test_merging_into_a_customer_outside_ones_queues_is_a_400_not_a_hint(api_as, alice, erin_ticket, dave_ticket):
    response = api_as(alice).post(f"/api/customers/{dave_ticket.customer_id}/merge/",
                                  {"into": erin_ticket.customer_id, "reason": REASON}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"into": ["No customer in your queues has that number."]}


def test_an_export_is_asked_approved_and_downloaded_once(api_as, settings, tmp_path, alice, carol, cora, dave_ticket):
    settings.MEDIA_ROOT = tmp_path
    assert api_as(cora).post("/api/exports/", {"customer": dave_ticket.customer_id, "reason": REASON},
                             format="json").status_code == 403
    asked = api_as(alice).post("/api/exports/", {"customer": dave_ticket.customer_id, "reason": REASON},
                               format="json")
    assert asked.status_code == 202
    done = api_as(carol).post(f"/api/approvals/{asked.json()['id']}/approve/").json()
    export_build(export_id=done["result"]["export"])
    listed = api_as(alice).get("/api/exports/").json()["results"]
    assert listed[0]["state"] == "ready" and listed[0]["customer"] == dave_ticket.customer_id
    url = f"/api/exports/{done['result']['export']}/download/"
    assert api_as(carol).get(url).status_code == 404
    response = api_as(alice).get(url)
    assert response.status_code == 200 and b"ACC-100200" in response.content
    second = api_as(alice).get(url)
    assert second.status_code == 409 and second.json()["error"]["message"] == "This export is downloaded."
    assert CustomerExport.objects.get().state == "downloaded"
