"""What reaches the audit trail: sign-ins, role and queue changes, and every look at a customer's private
details (the ticket page's side panel, the customer API). Overrides, reveals and safety actions are asserted
beside their services' own tests."""
import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from agents.audit import audit_record, current_request
from agents.audit_chain import audit_chain, audit_verify
from agents.models import AuditEntry, Role
from tests.factories import CustomerFactory, QueueFactory, TicketFactory


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_sign_in_and_sign_out_are_recorded_with_the_address(client, alice):
    client.post(reverse("login"), {"username": "alice", "password": "pw"}, REMOTE_ADDR="198.51.100.4")
    client.post(reverse("logout"), REMOTE_ADDR="198.51.100.4")
    [login], [logout] = _entries("auth.login"), _entries("auth.logout")
    assert (login.actor, login.ip) == (alice, "198.51.100.4")
    assert (logout.actor, logout.ip) == (alice, "198.51.100.4")


def test_failed_sign_in_names_whose_account_was_tried_but_never_the_password(client, alice):
    response = client.post(
        reverse("login"), {"username": "alice", "password": "wrong-secret"}, REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="10.1.1.1",
    )
    assert "Please enter a correct username and password" in response.content.decode()
    [failed] = _entries("auth.login_failed")
    assert failed.actor is None and failed.ip == "203.0.113.9"
    assert (failed.target_type, failed.target_id) == ("auth.user", str(alice.pk))
    assert failed.data == {"account": "staff", "by": "username"}
    assert "wrong-secret" not in str(AuditEntry.objects.values_list("data", flat=True)[::1])


def test_a_customer_account_tried_by_its_email_is_recorded_by_account_not_by_what_was_typed(client, dave):
    client.post(reverse("login"), {"username": " Dave@Mail.example", "password": "nope"}, REMOTE_ADDR="203.0.113.9")
    [failed] = _entries("auth.login_failed")
    assert (failed.target_id, failed.customer_id) == (str(dave.pk), dave.customer.pk)
    assert failed.data == {"account": "customer", "by": "email"}
    assert "mail.example" not in str(_row(failed))


def test_a_name_that_is_no_account_is_kept_as_a_keyed_hash_only(client, db, settings):
    """A real name or someone's address typed by mistake identifies a person: the trail keeps a keyed hash, the
    same for the same name in any case (a lead tells one name tried fifty times from fifty names), never the
    text; with another secret the hashes differ, so a guess cannot be tested without the key."""
    for typed in ("Priya Privatename", "priya  PRIVATENAME", "someone.else@elsewhere.example"):
        client.post(reverse("login"), {"username": typed, "password": "nope"}, REMOTE_ADDR="203.0.113.9")
    first, second, third = _entries("auth.login_failed")
    assert first.data["account"] == "unknown" and first.target_id == "" and first.customer_id is None
    assert first.data["tried"] == second.data["tried"] != third.data["tried"]
    assert len(first.data["tried"]) == 16
    for entry in (first, second, third):
        assert "privat" not in str(_row(entry)).lower() and "elsewhere" not in str(_row(entry))
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdef"
    client.post(reverse("login"), {"username": "Priya Privatename", "password": "nope"}, REMOTE_ADDR="203.0.113.9")
    assert _entries("auth.login_failed")[-1].data["tried"] != first.data["tried"]


@pytest.mark.parametrize(
    ("typed", "lookups", "account"),
    [("alice", 1, "staff"), ("Dave@Mail.example", 2, "customer"), ("Priya Privatename", 1, "unknown")],
)
def test_a_failed_sign_in_looks_the_account_tried_up_once(client, alice, dave, typed, lookups, account,
                                                          django_assert_num_queries):
    """django-axes asks for the name it counts under three times a failed sign-in and the audit entry once
    more: the account tried is looked up once a request (by username, then by email for an address), beside
    the one query of the password check; the rest are axes' counts, its attempt row and the audit entry."""
    with django_assert_num_queries(13 + lookups) as captured:
        client.post(reverse("login"), {"username": typed, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    users = [query for query in captured.captured_queries if 'FROM "auth_user"' in query["sql"]]
    assert len(users) == lookups + 1
    assert _entries("auth.login_failed")[-1].data["account"] == account


def test_failed_sign_ins_old_and_new_keep_the_chain_whole(client, alice, carol):
    """The shown data is computed when read; nothing recorded is rewritten, so the chain over an entry recorded
    with the name as typed and the new ones still verifies, and the old entry still holds the text it held."""
    legacy = audit_record(actor=None, action="auth.login_failed", data={"username": "mallory"})
    client.post(reverse("login"), {"username": "alice", "password": "nope"}, REMOTE_ADDR="203.0.113.9")
    client.post(reverse("login"), {"username": "mallory", "password": "nope"}, REMOTE_ADDR="203.0.113.9")
    client.force_login(carol)
    client.get(reverse("agents:audit"), {"action": "auth.login_failed"})
    audit_chain(batch=100)
    report = audit_verify()
    assert report.broken is None and report.checked == AuditEntry.objects.count()
    assert AuditEntry.objects.get(pk=legacy.pk).data == {"username": "mallory"}


def _row(entry: AuditEntry) -> dict:
    return AuditEntry.objects.filter(pk=entry.pk).values().get()


def test_role_and_expiry_changes_name_old_and_new(alice, carol, rf):
    profile = alice.staff
    request = rf.post("/admin/", REMOTE_ADDR="192.0.2.50")
    request.user = carol
    token = current_request.set(request)
    try:
        profile.role = Role.LEAD
        profile.save()
    finally:
        current_request.reset(token)
    [change] = [e for e in _entries("role.change") if e.target_id == str(alice.pk) and e.actor_id]
    assert (change.actor, change.ip, change.target_type) == (carol, "192.0.2.50", "auth.user")
    assert change.data == {"role": {"old": "agent", "new": "lead"}}
    profile.save()  # nothing changed: nothing recorded
    assert len([e for e in _entries("role.change") if e.target_id == str(alice.pk)]) == 2  # creation + change


def test_queue_membership_changes_from_either_side(alice, bob, queue_a, queue_b):
    before = AuditEntry.objects.count()
    queue_b.members.add(alice)
    bob.queues.add(queue_a)
    queue_b.members.remove(alice)
    queue_a.members.clear()
    rows = list(AuditEntry.objects.filter(pk__gt=0).order_by("id")[before:].values_list("action", "target_id", "data"))
    assert rows == [
        ("queue.member_add", str(queue_b.pk), {"users": [alice.pk]}),
        ("queue.member_add", str(queue_a.pk), {"users": [bob.pk]}),
        ("queue.member_remove", str(queue_b.pk), {"users": [alice.pk]}),
        ("queue.member_remove", str(queue_a.pk), {"users": sorted([alice.pk, bob.pk])}),
    ]


def test_ticket_page_records_the_look_at_the_customer(client, alice, dave_ticket):
    client.force_login(alice)
    response = client.get(reverse("ticket_detail", args=[dave_ticket.reference]), REMOTE_ADDR="198.51.100.77")
    assert "dave@mail.example" in response.content.decode()  # the side panel shows private details
    [view] = _entries("customer.view")
    assert (view.actor, view.ip, view.ticket_id, view.customer_id) == (
        alice, "198.51.100.77", dave_ticket.pk, dave_ticket.customer_id
    )
    assert view.data == {"via": "ticket page"}


def test_no_look_is_recorded_for_a_ticket_out_of_scope(client, bob, dave_ticket):
    client.force_login(bob)
    assert client.get(reverse("ticket_detail", args=[dave_ticket.reference])).status_code == 404
    assert not _entries("customer.view")


@pytest.fixture
def api(db):
    def make(user):
        client = APIClient(REMOTE_ADDR="198.51.100.8")
        client.force_authenticate(user)
        return client

    return make


def test_customer_api_records_each_customer_a_staff_member_reads(api, alice, dave, queue_a):
    other = CustomerFactory(name="Zed Other")
    TicketFactory(customer=other, queue=queue_a)
    TicketFactory(customer=dave.customer, queue=queue_a)
    listed = api(alice).get("/api/customers/").json()["results"]
    assert {row["id"] for row in listed} == {dave.customer.pk, other.pk}
    assert sorted(e.customer_id for e in _entries("customer.view")) == sorted([dave.customer.pk, other.pk])
    api(alice).get(f"/api/customers/{dave.customer.pk}/")
    views = _entries("customer.view")
    assert len(views) == 3 and views[-1].customer_id == dave.customer.pk
    assert {(e.actor_id, e.ip, e.data["via"]) for e in views} == {(alice.pk, "198.51.100.8", "api")}


def test_a_customer_reading_their_own_record_is_not_a_staff_look(api, dave, dave_ticket):
    assert api(dave).get(f"/api/customers/{dave.customer.pk}/").status_code == 200
    assert not _entries("customer.view")


@override_settings(TACT_AUDIT={"RING_INTERVAL_S": 60})
def test_queue_created_and_staff_added_in_a_shell_have_no_actor(alice):
    queue = QueueFactory(name="Shell", slug="shell", email="shell@support.example")
    queue.members.add(alice)
    [entry] = [e for e in _entries("queue.member_add") if e.target_id == str(queue.pk)]
    assert entry.actor is None and entry.ip == ""
