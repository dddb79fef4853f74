"""The canary world and its drivers: staff whose real names, usernames and emails are marker strings, doing
everything staff do on a customer's ticket; then every customer-visible surface, read as the customer and as
an anonymous visitor. A marker anywhere in a body or header is a leak.

Every named route in the URLconf is either in `COVERED` (driven below), under a staff prefix, or listed in
`STAFF_ONLY`; `test_canary` fails on a route that is none of these (a new page nobody checked) or on a covered
route that was not actually driven.
"""
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import timezone

from agents.models import Role
from agents.services import persona_assign
from escalation.safety import safety_report_file, safety_warn
from redaction import services as gate
from tests.factories import MessageFactory, StaffFactory, TicketFactory, UserFactory
from tickets.models import Channel, Notification, Status
from tickets.notifications import notification_schedule_reminder
from tickets.satisfaction.services import survey_token
from tickets.services import call_log, customer_message_add, note_add, ticket_change

AGENT = {"username": "zqxv7username", "first_name": "Zqxv7Realfirst", "last_name": "Zqxv7Reallast",
         "email": "zqxv7@home.example"}
LEAD = {"username": "zqxv7leaduser", "first_name": "Zqxv7Leadfirst", "last_name": "Zqxv7Leadlast",
        "email": "zqxv7lead@home.example"}
MARKERS = [value for person in (AGENT, LEAD) for value in person.values()] + ["zqxv7"]

# Routes a customer or an anonymous visitor can reach, each driven below.
COVERED = {
    "home", "login", "logout", "health", "preferences", "set_language",
    "portal", "portal_new", "portal_ticket", "attachment_download",
    "api-token", "api-ticket-list", "api-ticket-detail", "api-ticket-messages",
    "api-customer-list", "api-customer-detail", "api-queue-list", "api-queue-detail",
    "schema", "api-docs",
    "agents:avatar",
    "api-auth-token-list", "api-auth-token-detail", "api-sign-out-everywhere",
    "public_thread", "public_inbound", "survey_rate",
}
# Everything under these prefixes is for staff (the avatar, in COVERED, is the one public exception; mail/ also
# holds the signed inbound door, for machines). Customers and visitors are still sent to each such route and must
# get nothing from it.
STAFF_PREFIXES = ("inbox/", "gate/", "leads/", "team/", "mail/", "webhooks/", "sla/")
# Customer-facing prefixes (/, /portal/, /api/, /login/) hold these staff-only routes; listed one by one.
STAFF_ONLY = {
    "api-ticket-replies", "api-reply", "api-approval-list", "api-approval-detail", "api-approval-approve",
    "api-approval-reject", "api-customer-merge", "api-customer-contact-change", "api-export-list",
    "api-export-download", "login_verify",
    "api-webhook-list", "api-webhook-detail", "api-webhook-rotate", "api-webhook-deliveries", "api-webhook-replay",
}
# Django's admin requires is_staff, which customers never have; its many routes are left out.
SKIPPED_NAMESPACES = {"admin"}


@dataclass
class World:
    agent: object
    lead: object
    customer_user: object
    ticket: object
    attachment: object
    seed: str
    report: object
    kwargs: dict = field(default_factory=dict)


def _staff(person: dict, role: str, alias: str, queue):
    user = UserFactory(**person)
    staff = StaffFactory(user=user, role=role)
    persona_assign(staff=staff, alias=alias, signature=f"{alias}, billing team")
    queue.members.add(user)
    return user


def _publish(ticket, author, body: str, lead) -> int:
    """Through the real reply gate: submit, scan, and (if the scanner holds it) a lead's override."""
    version = gate.reply_submit(ticket=ticket, author=author, body=body)
    version = gate.reply_scan(version_id=version.pk)
    if version.status != "published":
        gate.reply_override(version=version, lead=lead, reason="Customer asked us to confirm it")
    return version.pk


def build_world(*, queue, customer_user, ticket) -> World:
    agent = _staff(AGENT, Role.AGENT, "Meadow Finch", queue)
    lead = _staff(LEAD, Role.LEAD, "Silver Comet", queue)
    customer = customer_user.customer
    ticket_change(ticket=ticket, actor=lead, assignee=agent)
    upload = SimpleUploadedFile("receipt.txt", b"receipt for March", content_type="text/plain")
    first = customer_message_add(ticket=ticket, customer=customer, body="Here is my receipt.", files=[upload])
    note_add(ticket=ticket, author=agent, body="Zqxv7Realfirst (zqxv7@home.example) is handling this.")
    call_log(customer=customer, agent=agent, at=timezone.now(), duration_s=60, summary="Zqxv7Realfirst called",
             ticket=ticket)
    _publish(ticket, agent, "We refunded the second charge today.", lead)
    # Held (it repeats the customer's phone number), then published by the lead's override.
    version_id = _publish(ticket, agent, "We will call you on +1 415 555 0134 tomorrow.", lead)
    report = safety_report_file(reporter=agent, customer=customer, message=first, category="abusive")
    safety_warn(escalation=report, lead=lead, template="conduct")
    notification_schedule_reminder(ticket=ticket)  # as the closure sweep sends it to a customer owing details
    # A complaint the customer posted in public, answered through the gate: its page is the world's to read.
    public = TicketFactory(customer=customer, queue=queue, channel=Channel.SOCIAL, replies_public=True,
                           subject="Outage again?")
    MessageFactory(ticket=public, body="@support is it down again?", is_public_post=True)
    note_add(ticket=public, author=agent, body="Zqxv7Realfirst is on the outage call.")
    _publish(public, agent, "Sorry about that, it is back up now.", lead)
    # Solved: the customer is asked to rate the help (the survey email and its rating page).
    ticket_change(ticket=ticket, actor=lead, status=Status.SOLVED)
    return World(
        agent=agent, lead=lead, customer_user=customer_user, ticket=ticket,
        attachment=first.attachments.get(), seed=agent.staff.persona.avatar_seed, report=report,
        kwargs={"reference": ticket.reference, "pk": report.pk, "version_id": version_id,
                "public_reference": public.reference, "survey_token": survey_token(ticket.survey)},
    )


def send_every_customer_email(world: World) -> None:
    """Every email type a customer can receive. Add new types here (and to `CUSTOMER_EMAIL_TEMPLATES`)."""
    from tickets.notifications import notification_send

    # Replies and warnings alike are outbox rows: about the ticket's messages, or addressed to the customer.
    rows = Notification.objects.filter(Q(message__ticket=world.ticket) | Q(customer=world.customer_user.customer))
    assert {row.kind for row in rows} == {"reply_published", "customer_warning", "info_reminder", "csat_request"}
    for notification in rows:
        notification_send(notification_id=notification.pk)


# Email templates a customer receives, by the type that sends them. A template not listed fails the canary.
CUSTOMER_EMAIL_TEMPLATES = {
    "email/reply_published.txt", "email/reply_published.html",
    "escalation/email/warning_conduct.txt", "escalation/email/warning_final.txt", "email/info_reminder.txt",
    "email/csat_request.txt",
}
STAFF_EMAIL_TEMPLATES = {
    "escalation/email/claim_override.txt",
    "escalation/email/lead_alert.txt",
    "tickets/email/unusual_views.txt",
}


@dataclass
class Seen:
    """Everything a client received, and which routes it reached."""

    texts: list[tuple[str, str]] = field(default_factory=list)
    routes: set[str] = field(default_factory=set)

    def add(self, label: str, response) -> None:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = "\n".join(f"{k}: {v}" for k, v in response.items())
        cookies = "\n".join(str(c) for c in response.cookies.values())
        self.texts.append((label, f"{headers}\n{cookies}\n{body.decode('utf-8', 'replace')}"))

    def leaks(self) -> list[str]:
        found = []
        for label, text in self.texts:
            lowered = text.lower()
            found += [f"{label}: {m!r}" for m in MARKERS if m.lower() in lowered]
        return found


def _route(path: str) -> str:
    match = resolve(path.split("?")[0])
    return match.view_name


def drive(client: Client, world: World, seen: Seen, *, as_customer: bool) -> None:
    """Every customer-facing route, GET and (where the customer can write) POST."""
    ref = world.ticket.reference
    gets = [
        "/", "/login/", "/healthz", "/preferences/", "/portal/", "/portal/new/", f"/portal/tickets/{ref}/",
        f"/portal/attachments/{world.attachment.pk}/", "/portal/tickets/T-NOPE0000/",
        "/api/tickets/", f"/api/tickets/{ref}/", f"/api/tickets/{ref}/messages/",
        "/api/customers/", f"/api/customers/{world.ticket.customer_id}/",
        "/api/queues/", f"/api/queues/{world.ticket.queue_id}/",
        "/api/schema/", "/api/docs/", f"/team/avatar/{world.seed}.svg", "/api/nothing-here/", "/no-such-page/",
        "/api/auth/tokens/", "/api/auth/tokens/1/",
        f"/p/{world.kwargs['public_reference']}/", f"/p/{ref}/",
        f"/rate/{world.kwargs['survey_token']}/?r=good",
    ]
    for path in gets:
        response = client.get(path, follow=True)
        seen.add(f"GET {path}", response)
        for hop, _status in response.redirect_chain:
            seen.routes.add(_route(hop))
        try:
            seen.routes.add(_route(path))
        except Exception:  # noqa: S110 - the deliberate 404s resolve to nothing
            pass
    posts = [
        (f"/portal/tickets/{ref}/", {"body": "Thanks, that helps."}),
        ("/portal/new/", {"subject": "Another question", "body": "Can I change my plan?"}),
        (f"/api/tickets/{ref}/messages/", {"body": "And one more thing."}),
        (f"/rate/{world.kwargs['survey_token']}/", {"rating": "good", "comment": "Thanks, Meadow Finch."}),
        ("/channels/public/inbound/nowhere/", {"post_id": "1"}),
        ("/preferences/language/", {"language": "en", "next": "/portal/"}),
        ("/api/auth/token/", {"username": "dave", "password": "pw"}),
        ("/api/auth/sign-out-everywhere/", {}),  # last: it ends this client's session
    ]
    for path, data in posts:
        response = client.post(path, data, follow=True)
        seen.add(f"POST {path}", response)
        seen.routes.add(_route(path))
    if as_customer:
        response = client.post("/logout/", follow=True)
        seen.add("POST /logout/", response)
        seen.routes.add(_route("/logout/"))


def drive_error_handlers(user, seen: Seen) -> None:
    """403 and 500 are rendered by the handlers in config.urls; no test URL raises them, so call them."""
    from config import views

    for path in ("/portal/", "/api/tickets/"):
        request = RequestFactory().get(path)
        request.user = user
        seen.add(f"403 {path}", views.permission_denied(request))
        seen.add(f"500 {path}", views.server_error(request))
        seen.add(f"400 {path}", views.bad_request(request))
