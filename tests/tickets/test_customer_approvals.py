"""Merging customers, changing their emails, phones or login, and exporting their data: each only after a second
person approves, refused to the requester, refused once expired, run once, re-checked on the current data."""
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agents.approvals import approval_approve
from agents.models import AuditEntry, PendingAction
from agents.models_approvals import ApprovalStatus
from redaction.context import ticket_context
from tests.factories import CallLogFactory, CustomerFactory, MessageFactory, OrganizationFactory, TicketFactory
from tickets.access import customers_for
from tickets.approvals import PURGE_AFTER, customers_purge, deleted_customers_for
from tickets.exports import export_build, export_download, export_request, exports_sweep
from tickets.merges import customer_contact_change_request, customer_merge_request
from tickets.models import CallLog, Customer, CustomerExport, Message, Restriction, Ticket
from tickets.services import call_log

REASON = "The same person wrote in from two addresses."


@pytest.fixture
def duplicate(queue_a):
    customer = CustomerFactory(
        name="David Customer", handle="@dave_alt", emails=["d.customer@work.example"], phones=["+1 212 555 0199"],
        account_ids=["ACC-777"], ips=["203.0.113.9"], restriction=Restriction.SUSPENDED,
    )
    ticket = TicketFactory(customer=customer, queue=queue_a, subject="Second account")
    MessageFactory(ticket=ticket, body="My other address is d.customer@work.example.", author_customer=customer)
    CallLogFactory(customer=customer, ticket=ticket)
    return customer


def _merge(duplicate, dave_ticket, requester):
    return customer_merge_request(duplicate=duplicate, survivor=dave_ticket.customer, requested_by=requester,
                                  reason=REASON)


# --- Merging ---------------------------------------------------------------------------------------------------


def test_a_merge_waits_then_moves_everything_and_leaves_a_tombstone(duplicate, dave_ticket, alice, carol):
    action = _merge(duplicate, dave_ticket, alice)
    assert "Merge customer @dave_alt (1 ticket) into customer @davec" in action.summary
    assert Ticket.objects.filter(customer=duplicate).count() == 1  # nothing moved yet

    done = approval_approve(action=action, approver=carol)
    survivor = Customer.objects.get(pk=dave_ticket.customer_id)
    tombstone = Customer.objects.get(pk=duplicate.pk)
    assert tombstone.merged_into == survivor and tombstone.deleted_at is not None
    assert not Ticket.objects.filter(customer=duplicate).exists()
    assert Ticket.objects.filter(customer=survivor).count() == 2
    assert Message.objects.filter(author_customer=survivor).count() == 2 and not Message.objects.filter(
        author_customer=duplicate).exists()
    assert CallLog.objects.filter(customer=survivor).count() == 1
    assert survivor.emails == ["dave@mail.example", "d.customer@work.example"]
    assert survivor.phones == ["+1 415 555 0134", "+1 212 555 0199"]
    assert survivor.account_ids == ["ACC-100200", "ACC-777"] and survivor.ips == ["203.0.113.9"]
    assert survivor.restriction == Restriction.SUSPENDED  # the stricter one: a merge never lifts a suspension
    assert tombstone.emails == ["d.customer@work.example"]  # kept, to undo a mistaken merge by hand
    assert done.result["added"]["emails"] == ["d.customer@work.example"]
    assert survivor.merged_names == ["David Customer"]
    assert sorted(done.result["moved"]) == ["tickets.calllog.customer", "tickets.message.author_customer",
                                            "tickets.ticket.customer"]
    assert not customers_for(carol).filter(pk=duplicate.pk).exists()
    assert not deleted_customers_for(carol).filter(pk=duplicate.pk).exists()  # not "restorable" as a deletion
    assert AuditEntry.objects.filter(action="customer.merged_away", customer_id=duplicate.pk).exists()


def test_after_a_merge_the_scanner_context_holds_both_customers_details(duplicate, dave_ticket, alice, carol):
    approval_approve(action=_merge(duplicate, dave_ticket, alice), approver=carol)
    dave_ticket.refresh_from_db()
    context = ticket_context(ticket=Ticket.objects.select_related("customer").get(pk=dave_ticket.pk), author=alice)
    assert "d.customer@work.example" in context["customer"]["emails"]
    assert "+1 212 555 0199" in context["customer"]["phones"] and "ACC-777" in context["customer"]["account_ids"]
    assert "My other address is d.customer@work.example." in context["private_messages"]
    assert len(context["calls"]) == 1
    assert not any(c["name"] == "David Customer" for c in context["contacts"])  # private channel: their own name
    Ticket.objects.filter(pk=dave_ticket.pk).update(replies_public=True)
    public = ticket_context(ticket=Ticket.objects.select_related("customer").get(pk=dave_ticket.pk), author=alice)
    assert {"name": "David Customer", "email": "", "phone": "", "role": "merged customer record"} in public["contacts"]


def test_a_merge_moves_the_portal_login_when_the_survivor_has_none(dave_ticket, alice, carol, queue_a):
    survivor = CustomerFactory(name="Dave Again")
    TicketFactory(customer=survivor, queue=queue_a)
    login = dave_ticket.customer.user_id
    action = customer_merge_request(duplicate=dave_ticket.customer, survivor=survivor, requested_by=alice,
                                    reason=REASON)
    approval_approve(action=action, approver=carol)
    assert Customer.objects.get(pk=survivor.pk).user_id == login
    assert Customer.objects.get(pk=dave_ticket.customer_id).user_id is None


def test_two_portal_logins_cannot_be_merged(dave_ticket, erin_ticket, adam):
    with pytest.raises(ValidationError, match="portal login"):
        customer_merge_request(duplicate=erin_ticket.customer, survivor=dave_ticket.customer, requested_by=adam,
                               reason=REASON)


def test_merging_needs_both_customers_in_the_askers_queues(dave_ticket, erin_ticket, alice):
    erin_ticket.customer.user = None
    erin_ticket.customer.save()
    with pytest.raises(PermissionDenied):
        customer_merge_request(duplicate=erin_ticket.customer, survivor=dave_ticket.customer, requested_by=alice,
                               reason=REASON)


def test_nobody_approves_their_own_merge_and_an_expired_one_is_refused(duplicate, dave_ticket, carol, adam):
    action = _merge(duplicate, dave_ticket, carol)
    with pytest.raises(PermissionDenied):
        approval_approve(action=action, approver=carol)
    PendingAction.objects.filter(pk=action.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="expired"):
        approval_approve(action=action, approver=adam)
    assert Customer.objects.get(pk=duplicate.pk).merged_into is None
    assert Ticket.objects.filter(customer=duplicate).count() == 1


def test_a_merge_runs_once_and_rechecks_the_current_data(duplicate, dave_ticket, alice, carol, adam):
    action = _merge(duplicate, dave_ticket, alice)
    approval_approve(action=action, approver=carol)
    with pytest.raises(ValidationError, match="already approved and done"):
        approval_approve(action=action, approver=adam)
    other = CustomerFactory(name="Third")
    TicketFactory(customer=other, queue=dave_ticket.queue)
    again = customer_merge_request(duplicate=other, survivor=dave_ticket.customer, requested_by=alice, reason=REASON)
    Customer.objects.filter(pk=other.pk).update(deleted_at=timezone.now())  # deleted another way meanwhile
    with pytest.raises(ValidationError, match="not be deleted or merged"):
        approval_approve(action=again, approver=carol)
    assert PendingAction.objects.get(pk=again.pk).status == ApprovalStatus.PENDING


def test_a_tombstone_is_purged_only_with_its_survivor(duplicate, dave_ticket, alice, carol):
    approval_approve(action=_merge(duplicate, dave_ticket, alice), approver=carol)
    later = timezone.now() + PURGE_AFTER + timedelta(minutes=1)
    assert customers_purge(now=later) == 0
    Customer.objects.filter(pk=dave_ticket.customer_id).update(deleted_at=timezone.now())
    assert customers_purge(now=later + PURGE_AFTER) == 2
    assert Customer.objects.get(pk=duplicate.pk).emails == []


# --- Changing emails, phones, login ----------------------------------------------------------------------------


def test_an_email_change_waits_keeps_the_old_values_and_moves_the_login_address(dave_ticket, alice, carol):
    customer = dave_ticket.customer
    action = customer_contact_change_request(customer=customer, field="emails", values=["New@Mail.example", ""],
                                             requested_by=alice, reason="Customer called from the new address.")
    assert action.summary == "Change the emails of customer @davec to: new@mail.example"
    assert Customer.objects.get(pk=customer.pk).emails == ["dave@mail.example"]
    done = approval_approve(action=action, approver=carol)
    assert Customer.objects.get(pk=customer.pk).emails == ["new@mail.example"]
    assert User.objects.get(pk=customer.user_id).email == "new@mail.example"
    assert done.result == {"field": "emails", "old": ["dave@mail.example"], "new": ["new@mail.example"]}
    entry = AuditEntry.objects.get(action="customer.contact_change")
    assert entry.data["old"] == ["dave@mail.example"] and entry.customer_id == customer.pk


def test_a_login_change_refuses_a_taken_login_and_renames_the_portal_user(dave_ticket, alice, carol):
    customer = dave_ticket.customer
    User.objects.create(username="taken.login")
    with pytest.raises(ValidationError, match="taken"):
        customer_contact_change_request(customer=customer, field="login", values=["Taken.Login"],
                                        requested_by=alice, reason="They want a different login.")
    action = customer_contact_change_request(customer=customer, field="login", values=["dave.new"],
                                             requested_by=alice, reason="They want a different login.")
    approval_approve(action=action, approver=carol)
    assert User.objects.get(pk=customer.user_id).username == "dave.new"


def test_a_contact_change_is_refused_when_the_details_changed_meanwhile(dave_ticket, alice, carol):
    action = customer_contact_change_request(customer=dave_ticket.customer, field="phones", values=["+1 415 555 0000"],
                                             requested_by=alice, reason="Customer has a new phone number.")
    Customer.objects.filter(pk=dave_ticket.customer_id).update(phones=["+44 20 7946 0000"])
    with pytest.raises(ValidationError, match="changed since"):
        approval_approve(action=action, approver=carol)
    assert Customer.objects.get(pk=dave_ticket.customer_id).phones == ["+44 20 7946 0000"]


def test_a_second_different_change_is_refused_not_joined(dave_ticket, alice, carol):
    customer_contact_change_request(customer=dave_ticket.customer, field="phones", values=["+1 415 555 0000"],
                                    requested_by=alice, reason="Customer has a new phone number.")
    with pytest.raises(ValidationError, match="already waiting"):
        customer_contact_change_request(customer=dave_ticket.customer, field="emails", values=["x@y.example"],
                                        requested_by=carol, reason="Customer has a new email address.")


def test_self_approval_and_expiry_refuse_a_contact_change(dave_ticket, carol, adam):
    action = customer_contact_change_request(customer=dave_ticket.customer, field="emails", values=["z@z.example"],
                                             requested_by=carol, reason="Customer has a new email address.")
    with pytest.raises(PermissionDenied):
        approval_approve(action=action, approver=carol)
    PendingAction.objects.filter(pk=action.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="expired"):
        approval_approve(action=action, approver=adam)
    assert Customer.objects.get(pk=dave_ticket.customer_id).emails == ["dave@mail.example"]


@pytest.mark.parametrize("field, values, message", [
    ("emails", ["not an email"], "not an email address"),
    ("phones", ["call me"], "not a phone number"),
    ("login", ["a", "b"], "exactly one"),
    ("name", ["x"], "Choose emails"),
    ("emails", ["dave@mail.example"], "already"),
])
def test_bad_values_are_refused_with_words(dave_ticket, alice, field, values, message):
    with pytest.raises(ValidationError, match=message):
        customer_contact_change_request(customer=dave_ticket.customer, field=field, values=values,
                                        requested_by=alice, reason="Customer asked for this change.")


# --- Exports ---------------------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_customer_export_is_approved_built_downloaded_once_by_the_requester(
    media, dave_ticket, alice, carol, eager_celery, django_capture_on_commit_callbacks
):
    MessageFactory(ticket=dave_ticket, kind="note", body="Internal: looks like fraud.", author_customer=None)
    action = export_request(customer=dave_ticket.customer, requested_by=alice, reason="Data-subject access request.")
    assert not CustomerExport.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = approval_approve(action=action, approver=carol)
    export = CustomerExport.objects.get(pk=done.result["export"])
    assert export.state == CustomerExport.State.READY and export.customers == 1
    with pytest.raises(PermissionDenied):
        export_download(export=export, user=carol)
    with django_capture_on_commit_callbacks(execute=True):
        content, name = export_download(export=export, user=alice)
    body = content.decode()
    assert name == f"customer-{dave_ticket.customer_id}.json"
    assert "ACC-100200" in body and "I was charged twice this month" in body
    assert "looks like fraud" not in body  # internal notes are the desk's
    assert not (media / export.file.name).exists()  # the file is gone once downloaded
    with pytest.raises(ValidationError, match="downloaded"):
        export_download(export=export, user=alice)
    entries = AuditEntry.objects.filter(target_type="tickets.customerexport").order_by("id")
    actions = list(entries.values_list("action", flat=True))
    assert actions == ["export.ready", "export.download"]


def test_a_customer_export_holds_no_staff_written_text_the_gate_did_not_pass(media, dave_ticket, alice, carol):
    """The file answers a data-subject request: it goes to the customer. A call's summary is the agent's note
    of it, never scanned (it may name the agent or a colleague): the call is listed, its summary is not."""
    call_log(customer=dave_ticket.customer, agent=alice, at=timezone.now(), duration_s=120, ticket=dave_ticket,
             summary="Alicia Realname took it; Robert Realname to call back.")
    action = export_request(customer=dave_ticket.customer, requested_by=alice, reason="Data-subject access request.")
    export = export_build(export_id=approval_approve(action=action, approver=carol).result["export"])
    content, _name = export_download(export=export, user=alice)
    document = json.loads(content)
    assert [call["duration_s"] for call in document["calls"]] == [120]
    assert "Realname" not in content.decode()


def test_a_customer_export_withholds_a_name_the_name_check_refuses(media, dave_ticket, alice, carol):
    organization = OrganizationFactory(name="Acme (Alicia Realname, +44 20 7946 0958)")
    Customer.objects.filter(pk=dave_ticket.customer_id).update(organization=organization)
    action = export_request(customer=dave_ticket.customer, requested_by=alice, reason="Data-subject access request.")
    export = export_build(export_id=approval_approve(action=action, approver=carol).result["export"])
    content, _name = export_download(export=export, user=alice)
    profile = json.loads(content)["customer"]
    assert (profile["name"], profile["organization"]) == ("Dave Customer", "")
    assert "Realname" not in content.decode() and "7946" not in content.decode()


def test_a_customer_export_gives_a_customer_named_by_their_own_email_their_name(media, dave_ticket, alice, carol):
    """The file goes to the customer: their own email as their name is theirs; a colleague's email is not."""
    Customer.objects.filter(pk=dave_ticket.customer_id).update(name="dave@mail.example")
    action = export_request(customer=dave_ticket.customer, requested_by=alice, reason="Data-subject access request.")
    export = export_build(export_id=approval_approve(action=action, approver=carol).result["export"])
    assert json.loads(export_download(export=export, user=alice)[0])["customer"]["name"] == "dave@mail.example"
    Customer.objects.filter(pk=dave_ticket.customer_id).update(name="Dave (alice@home.example)")
    action = export_request(customer=dave_ticket.customer, requested_by=alice, reason="Data-subject access request.")
    export = export_build(export_id=approval_approve(action=action, approver=carol).result["export"])
    content, _name = export_download(export=export, user=alice)
    assert json.loads(content)["customer"]["name"] == "" and "alice@home.example" not in content.decode()


def test_a_queue_export_as_csv_holds_only_that_queues_customers(media, dave_ticket, erin_ticket, carol, adam):
    action = export_request(queue=dave_ticket.queue, format="csv", requested_by=carol, reason="Quarterly data audit.")
    assert "Export the 1 customer of the Billing queue (CSV)" in action.summary
    export = CustomerExport.objects.get(pk=approval_approve(action=action, approver=adam).result["export"])
    export_build(export_id=export.pk)
    content, name = export_download(export=CustomerExport.objects.get(pk=export.pk), user=carol)
    text = content.decode()
    assert name == "queue-billing-customers.csv" and text.startswith("id,name,handle,emails")
    assert "Dave Customer" in text and "Erin Customer" not in text


def test_contractors_cannot_ask_for_exports_and_nobody_approves_their_own(dave_ticket, cora, carol):
    with pytest.raises(PermissionDenied):
        export_request(customer=dave_ticket.customer, requested_by=cora, reason="Data-subject access request.")
    action = export_request(customer=dave_ticket.customer, requested_by=carol, reason="Data-subject access request.")
    with pytest.raises(PermissionDenied):
        approval_approve(action=action, approver=carol)


def test_an_export_nobody_downloads_expires_and_its_file_goes(media, dave_ticket, alice, carol):
    action = export_request(customer=dave_ticket.customer, requested_by=alice, reason="Data-subject access request.")
    export = export_build(export_id=approval_approve(action=action, approver=carol).result["export"])
    assert export_build(export_id=export.pk) is None  # a second run builds nothing
    assert (media / export.file.name).exists()
    assert exports_sweep(now=timezone.now() + timedelta(hours=25))["expired"] == 1
    assert CustomerExport.objects.get(pk=export.pk).state == CustomerExport.State.EXPIRED
    with pytest.raises(ValidationError, match="expired"):
        export_download(export=CustomerExport.objects.get(pk=export.pk), user=alice)
