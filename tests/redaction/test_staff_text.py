"""Staff-written text reaches a customer only through the gate: staff-opened tickets, their subjects, signatures
and macros. Each test asserts on what the customer is shown (portal HTML, API JSON, the email)."""
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from redaction.models import Reply, ReplyVersion, VersionStatus
from tickets.models import CUSTOMER_SUBJECT_PLACEHOLDER, Macro, MessageKind, Ticket
from tickets.tasks import send_notification

pytestmark = pytest.mark.django_db

LEAKY_BODY = "Hi, Alicia Realname here from billing. Erin asked at erin@mail.example, write to alice@home.example."
CLEAN_BODY = "Thanks for calling us today. The duplicate charge is refunded and shows in 3-5 days."


def _as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _portal(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _open(alice, dave_ticket, *, subject="Your refund", body=CLEAN_BODY, **extra) -> Ticket:
    """alice opens a ticket for dave after a phone call, through the API."""
    data = {"subject": subject, "body": body, "customer": dave_ticket.customer_id, "queue": "billing", **extra}
    response = _as(alice).post("/api/tickets/", data, format="json")
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(reference=response.json()["reference"])
    opening = Reply.objects.filter(ticket=ticket).values_list("pk", flat=True).first()
    assert response.json()["opening_reply"] == opening
    return ticket


def _opening_version(ticket) -> ReplyVersion:
    return Reply.objects.get(ticket=ticket).latest_version


def _customer_sees(dave, ticket) -> str:
    """Everything dave is shown of the ticket: portal list and page, and the API's ticket and thread."""
    portal = _portal(dave)
    api = _as(dave)
    return "\n".join([
        portal.get(reverse("portal")).content.decode(),
        portal.get(reverse("portal_ticket", args=[ticket.reference])).content.decode(),
        api.get(f"/api/tickets/{ticket.reference}/").content.decode(),
        api.get(f"/api/tickets/{ticket.reference}/messages/").content.decode(),
    ])


def test_staff_opening_is_a_gated_reply_not_the_customers_message(alice, dave, dave_ticket, worker):
    ticket = _open(alice, dave_ticket, subject="Call with Alicia Realname", body=LEAKY_BODY)
    assert not ticket.messages.filter(kind=MessageKind.CUSTOMER).exists()
    version = _opening_version(ticket)
    assert (version.reply.author, version.status, version.subject) == (
        alice, VersionStatus.PENDING, "Call with Alicia Realname"
    )
    shown = _customer_sees(dave, ticket)
    assert str(CUSTOMER_SUBJECT_PLACEHOLDER) in shown
    for private in ("Alicia", "alice@home.example", "erin@mail.example", "Erin", "billing"):
        assert private not in shown.replace("/portal/", "")
    assert worker(version).status == VersionStatus.HELD
    kinds = {(f["kind"], f.get("part", "body")) for f in version.latest_scan().findings}
    assert {("person", "subject"), ("person", "body"), ("email", "body")} <= kinds
    shown = _customer_sees(dave, ticket)
    assert "Alicia" not in shown and "erin@mail.example" not in shown
    assert not mail.outbox


def test_clean_staff_opening_is_published_under_the_persona_with_its_subject(alice, dave, dave_ticket, worker):
    ticket = _open(alice, dave_ticket, subject="Your refund after our call")
    assert worker(_opening_version(ticket)).status == VersionStatus.PUBLISHED
    shown = _customer_sees(dave, ticket)
    assert "Your refund after our call" in shown
    assert str(CUSTOMER_SUBJECT_PLACEHOLDER) not in shown
    assert "Harbor Wren" in shown and CLEAN_BODY in shown
    assert "Alicia" not in shown
    reply = ticket.messages.get()
    assert (reply.kind, reply.author_alias) == (MessageKind.PUBLIC_REPLY, "Harbor Wren")
    send_notification(reply.notifications.get().pk)
    [email] = mail.outbox
    assert email.subject == f"[{ticket.reference}] Your refund after our call"
    assert "Alicia" not in email.body + email.from_email


def test_a_leaky_subject_is_held_until_the_agent_corrects_it(alice, dave, dave_ticket, worker):
    ticket = _open(alice, dave_ticket, subject="Erin Customer's refund, erin@mail.example")
    version = worker(_opening_version(ticket))
    assert version.status == VersionStatus.HELD
    assert {f.get("part") for f in version.latest_scan().findings} == {"subject"}
    assert "erin@mail.example" not in _customer_sees(dave, ticket)
    page = _portal(alice).get(reverse("gate:composer", args=[ticket.reference])).content.decode()
    assert "In the subject the customer will see" in page and 'name="subject"' in page
    send = _portal(alice).post(
        reverse("gate:send", args=[ticket.reference]), {"body": CLEAN_BODY, "subject": "Your refund"}
    )
    assert send.status_code == 302
    version = worker(_opening_version(ticket))
    assert version.number == 2
    assert version.status == VersionStatus.PUBLISHED
    ticket.refresh_from_db()
    assert (ticket.subject, ticket.subject_public) == ("Your refund", True)
    shown = _customer_sees(dave, ticket)
    assert "Your refund" in shown and "erin@mail.example" not in shown


def test_a_note_only_opening_shows_the_customer_nothing_staff_wrote(alice, dave, dave_ticket, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = _open(alice, dave_ticket, subject="Alicia Realname took a call", body="", note="Erin's case, see ACC-1")
    assert ticket.messages.get().kind == MessageKind.INTERNAL_NOTE
    assert not Reply.objects.filter(ticket=ticket).exists()
    shown = _customer_sees(dave, ticket)
    assert "Alicia" not in shown and "Erin's case" not in shown
    assert str(CUSTOMER_SUBJECT_PLACEHOLDER) in shown


def test_staff_must_write_a_reply_or_a_note(alice, dave_ticket):
    response = _as(alice).post(
        "/api/tickets/",
        {"subject": "s", "body": " ", "customer": dave_ticket.customer_id, "queue": "billing"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "body": ["Write the first reply to the customer, an internal note, or both."]
    }


def test_customers_cannot_write_notes(dave, queue_a):
    response = _as(dave).post("/api/tickets/", {"subject": "s", "body": "b", "note": "n"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"note": ["Only staff can set this."]}


# --- The signature is frozen with the reply and scanned with it --------------------------------------------


def _persona_signature(user, signature: str) -> None:
    persona = user.staff.persona
    persona.signature = signature
    persona.save(update_fields=["signature"])


def test_a_leaky_signature_holds_the_reply(alice, dave, dave_ticket, submit, worker):
    _persona_signature(alice, "Harbor Wren · direct line alice@home.example")
    version = worker(submit(dave_ticket, alice, CLEAN_BODY))
    assert version.status == VersionStatus.HELD
    [finding] = version.latest_scan().findings
    assert (finding["kind"], finding["part"]) == ("email", "signature")
    assert CLEAN_BODY not in _customer_sees(dave, dave_ticket)
    page = _portal(alice).get(reverse("gate:composer", args=[dave_ticket.reference])).content.decode()
    assert "In your persona&#x27;s signature" in page or "In your persona's signature" in page


def test_the_email_shows_the_published_signature_as_the_portal_does(alice, dave, dave_ticket, submit, worker):
    _persona_signature(alice, "Harbor Wren, Billing team")
    version = worker(submit(dave_ticket, alice, CLEAN_BODY))
    assert version.status == VersionStatus.PUBLISHED
    message = dave_ticket.messages.get(kind=MessageKind.PUBLIC_REPLY)
    assert message.author_signature == "Harbor Wren, Billing team"
    # A signature changed after publication (never scanned with this reply) must not reach the customer.
    _persona_signature(alice, "Alicia Realname, alice@home.example")
    send_notification(message.notifications.get().pk)
    [email] = mail.outbox
    for text in (email.body, email.alternatives[0][0]):
        assert "Harbor Wren, Billing team" in text
        assert "Alicia" not in text and "alice@home.example" not in text
    portal = _portal(dave).get(reverse("portal_ticket", args=[dave_ticket.reference])).content.decode()
    assert "Harbor Wren, Billing team" in portal and "Alicia" not in portal
    api = _as(dave).get(f"/api/tickets/{dave_ticket.reference}/messages/").json()["results"]
    assert [m["signature"] for m in api if m["kind"] == "reply"] == ["Harbor Wren, Billing team"]


# --- The alias (and avatar) go out as frozen at Send, the alias scanned with the reply -----------------------


def _colleague_of(dave, name: str = "Priya Okonkwo"):
    """A person at dave's organization: private to dave's tickets (the scanner's contacts)."""
    from tests.factories import ContactFactory, OrganizationFactory

    organization = OrganizationFactory(name="Okapi Freight")
    ContactFactory(organization=organization, name=name, email="priya@okapi.example")
    dave.customer.organization = organization
    dave.customer.save(update_fields=["organization"])
    return name


def _rename(user, alias: str, *, new_avatar: bool = False) -> None:
    from agents.services import persona_update

    persona_update(persona=user.staff.persona, actor=user, alias=alias, new_avatar=new_avatar)


def test_a_persona_changed_after_send_does_not_change_the_published_reply(alice, dave, dave_ticket, submit, worker):
    colleague = _colleague_of(dave)
    seed = alice.staff.persona.avatar_seed
    version = submit(dave_ticket, alice, CLEAN_BODY)
    assert (version.alias, version.avatar_seed) == ("Harbor Wren", seed)
    # Renamed (to a name the scanner would hold) and a new avatar drawn while the reply waits for its scan.
    _rename(alice, colleague, new_avatar=True)
    assert _as(alice).get(f"/api/replies/{version.reply_id}/").json()["version"]["alias"] == "Harbor Wren"
    assert worker(version).status == VersionStatus.PUBLISHED
    message = dave_ticket.messages.get(kind=MessageKind.PUBLIC_REPLY)
    assert (message.author_alias, message.author_avatar_seed) == ("Harbor Wren", seed)
    shown = _customer_sees(dave, dave_ticket)
    assert "Harbor Wren" in shown and f"/team/avatar/{seed}.svg" in shown
    assert "Priya" not in shown and alice.staff.persona.avatar_seed not in shown
    api = _as(dave).get(f"/api/tickets/{dave_ticket.reference}/messages/").json()["results"]
    assert [m["author"]["name"] for m in api if m["kind"] == "reply"] == ["Harbor Wren"]
    send_notification(message.notifications.get().pk)
    [email] = mail.outbox
    assert email.from_email.startswith('"Harbor Wren via') or email.from_email.startswith("Harbor Wren via")
    for text in (email.body, email.alternatives[0][0], email.from_email):
        assert "Priya" not in text


def test_an_override_publishes_the_alias_frozen_at_send(alice, carol, dave, dave_ticket, submit, worker):
    from redaction.services import reply_override

    version = worker(submit(dave_ticket, alice, LEAKY_BODY))
    assert version.status == VersionStatus.HELD
    _rename(alice, "Quiet Heron")
    message = reply_override(version=version, lead=carol, reason="Checked with the customer on the phone.")
    assert message.author_alias == "Harbor Wren"
    assert "Quiet Heron" not in _customer_sees(dave, dave_ticket)


def test_an_alias_naming_the_customers_colleague_holds_the_reply(alice, dave, dave_ticket, submit, worker):
    colleague = _colleague_of(dave)
    _rename(alice, colleague)
    version = worker(submit(dave_ticket, alice, CLEAN_BODY))
    assert version.status == VersionStatus.HELD
    [finding] = version.latest_scan().findings
    assert (finding["kind"], finding["part"], finding["owner"]) == ("person", "alias", "contact")
    assert version.alias[finding["start"]:finding["end"]] == colleague
    shown = _customer_sees(dave, dave_ticket)
    assert CLEAN_BODY not in shown and "Priya" not in shown
    assert not mail.outbox
    page = _portal(alice).get(reverse("gate:composer", args=[dave_ticket.reference])).content.decode()
    assert "In your persona's alias, “Priya Okonkwo”" in page and "Change the alias" in page
    # Renamed and sent again: the new version carries the new alias and goes out under it.
    _rename(alice, "Quiet Heron")
    version = worker(submit(dave_ticket, alice, CLEAN_BODY))
    assert (version.status, version.alias) == (VersionStatus.PUBLISHED, "Quiet Heron")
    assert dave_ticket.messages.get(kind=MessageKind.PUBLIC_REPLY).author_alias == "Quiet Heron"


def test_a_body_is_scanned_under_the_alias_frozen_with_it(alice, dave, dave_ticket, submit, worker):
    """A word of the alias the reply goes out under is the agent's own, even when a colleague of the customer's
    shares it; after a rename the body is still judged under that alias, not the new one."""
    _colleague_of(dave, "Wren Adeyemi")
    version = submit(dave_ticket, alice, f"{CLEAN_BODY} Wren will call you if anything is missing.")
    _rename(alice, "Quiet Heron")
    assert worker(version).status == VersionStatus.PUBLISHED


# --- Macros -------------------------------------------------------------------------------------------------


def test_macro_output_is_scanned_when_sent(alice, dave, dave_ticket, submit, worker):
    macro = Macro.objects.create(name="Escalate", body="I asked Alicia Realname ({agent_alias}) to look at it.")
    text = _portal(alice).get(
        reverse("ticket_macro", args=[dave_ticket.reference]), {"macro": macro.pk}
    ).content.decode()
    assert text == "I asked Alicia Realname (Harbor Wren) to look at it."
    version = worker(submit(dave_ticket, alice, text))
    assert version.status == VersionStatus.HELD
    assert [f["kind"] for f in version.latest_scan().findings] == ["person"]
    assert "Alicia" not in _customer_sees(dave, dave_ticket)


def test_the_replies_api_corrects_a_held_subject(alice, dave, dave_ticket, worker):
    ticket = _open(alice, dave_ticket, subject="Refund for erin@mail.example too")
    worker(_opening_version(ticket))
    reply_id = Reply.objects.get(ticket=ticket).pk
    followed = _as(alice).get(f"/api/replies/{reply_id}/").json()
    assert (followed["state"], followed["scan"]["findings"][0]["part"]) == ("held", "subject")
    response = _as(alice).post(
        f"/api/tickets/{ticket.reference}/replies/", {"body": CLEAN_BODY, "subject": "Your refund"}, format="json"
    )
    assert response.status_code == 202, response.content
    assert response.json()["version"]["subject"] == "Your refund"
    assert worker(_opening_version(ticket)).status == VersionStatus.PUBLISHED
    assert _as(dave).get(f"/api/tickets/{ticket.reference}/").json()["subject"] == "Your refund"


# --- The database guards the frozen subject, signature and persona like the body (both databases) ----------


def _raw(sql: str, params: list) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_cannot_change_a_published_signature_subject_or_persona(alice, dave_ticket, submit, worker):
    from django.db import DatabaseError

    _persona_signature(alice, "Harbor Wren, Billing team")
    version = worker(submit(dave_ticket, alice, CLEAN_BODY))
    message = dave_ticket.messages.get(kind=MessageKind.PUBLIC_REPLY)
    for statement in (
        "UPDATE redaction_replyversion SET signature = 'alice@home.example' WHERE id = %s",
        "UPDATE redaction_replyversion SET subject = 'alice@home.example' WHERE id = %s",
        "UPDATE redaction_replyversion SET alias = 'Alicia Realname' WHERE id = %s",
        "UPDATE redaction_replyversion SET avatar_seed = 'team' WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="cannot change"):
            _raw(statement, [version.pk])
    for column in ("author_signature", "author_alias", "author_avatar_seed"):
        with pytest.raises(DatabaseError, match="cannot change its text"):
            _raw(f"UPDATE tickets_message SET {column} = 'alice@home.example' WHERE id = %s", [message.pk])  # noqa: S608


def test_raw_sql_cannot_publish_a_version_whose_signature_or_persona_changed_after_its_scan(alice, dave_ticket, submit):
    from django.db import DatabaseError

    from redaction.models import ReplyScan, body_sha256

    version = submit(dave_ticket, alice, CLEAN_BODY)
    ReplyScan.objects.create(version=version, sha256=body_sha256(CLEAN_BODY), scanner_version="t", policy_digest="-")
    for column in ("signature", "alias", "avatar_seed"):
        with pytest.raises(DatabaseError, match="does not match"):
            _raw(
                f"UPDATE redaction_replyversion SET status = 'published', {column} = 'Alicia' WHERE id = %s",  # noqa: S608
                [version.pk],
            )


def test_customers_cannot_find_a_held_subject_by_searching(alice, dave, dave_ticket):
    ticket = _open(alice, dave_ticket, subject="Call with Alicia Realname")
    found = _as(dave).get("/api/tickets/", {"q": "Alicia"}).json()["results"]
    assert found == []
    by_reference = _as(dave).get("/api/tickets/", {"q": ticket.reference}).json()["results"]
    assert [t["subject"] for t in by_reference] == [CUSTOMER_SUBJECT_PLACEHOLDER]
    assert [t["reference"] for t in _as(alice).get("/api/tickets/", {"q": "Alicia"}).json()["results"]] == [
        ticket.reference
    ]
