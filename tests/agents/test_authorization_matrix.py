"""Every URL route and API operation × every persona × own queue / other queue / other customer.

The expectations below are written out by hand (roles and queues, not by asking `agents.permissions`), so a
change to the permission module that opens or closes a route shows up here. A route without an entry fails
`test_every_route_has_an_entry`: add one when you add a route.
"""
import re
from dataclasses import dataclass
from datetime import time, timedelta

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from agents.tokens import api_token_create
from escalation.claim_models import ClaimOverride
from escalation.responses import response_template_add
from escalation.safety import safety_report_file
from escalation.schedule import duty_shifts_add
from mailroom.models import InboundEmail
from redaction.models import Reply, ReplyFile, ReplyVersion, VersionStatus, body_sha256
from tests.factories import CustomerFactory, TicketFactory
from tickets.approvals import customer_delete_request
from tickets.models import Attachment, Customer, CustomerExport, Macro, MessageKind
from tickets.public.models import PublicSource
from tickets.sla.models import BusinessCalendar, SlaPolicy
from tickets.webhooks.models import WebhookDelivery, WebhookSubscription

WORK = {"agent", "contractor", "lead", "admin"}
LEADS = {"lead", "admin"}
PRIVATE = WORK - {"contractor"}  # customer_private: account ids, card digits, IPs, exports
STAFF = WORK | {"auditor"}
CUSTOMERS = {"customer"}
EVERYONE = STAFF | CUSTOMERS | {None}

ROLE = {
    "alice": "agent", "bob": "agent", "carol": "lead", "cora": "contractor", "adam": "admin",
    "audrey": "auditor", "dave": "customer", "erin": "customer", "anonymous": None,
}
# Which side's objects each persona may reach: A is queue A with dave's ticket, B queue B with erin's.
SIDES = {
    "alice": {"A"}, "bob": {"B"}, "carol": {"A", "B"}, "cora": {"A"}, "adam": {"A", "B"}, "audrey": set(),
    "dave": {"A"}, "erin": {"B"}, "anonymous": set(),
}
DENIED = {401, 403, 404, 405}


@dataclass(frozen=True)
class Route:
    """`roles` may use the route; `target` names the object in its URL (reached only on the persona's sides);
    `kind`: "object" or "page" (status decides), "list" (the other side's marker must not show), "customer"
    (staff are sent elsewhere), "public"."""

    roles: frozenset
    methods: tuple = ("GET",)
    target: str | None = None
    kind: str = "object"
    marker: str = "subject"
    only_author: bool = False
    owned: bool = False  # the target is the side author's own (an API token): theirs, and admins', to reach
    also_author: bool = False  # the object's author may use it too, whatever `roles` says (their own request)
    in_url: bool = True  # False: the target goes in the form, not the URL


def r(roles, *methods, **kw) -> Route:
    return Route(roles=frozenset(roles), methods=methods or ("GET",), **kw)


ROUTES: dict[str, Route] = {
    "home": r(EVERYONE, kind="public"),
    "login": r(EVERYONE, kind="public"),
    "login_verify": r(EVERYONE, "GET", "POST", kind="public"),
    "logout": r(EVERYONE, "POST", kind="public"),
    "health": r(EVERYONE, kind="public"),
    "preferences": r(STAFF | CUSTOMERS, "GET", "POST", kind="page"),
    "set_language": r(EVERYONE, "POST", kind="public"),
    "agents:avatar": r(EVERYONE, kind="public", target="seed"),
    "schema": r(EVERYONE, kind="public"),
    "api-docs": r(EVERYONE, kind="public"),
    "api-token": r(EVERYONE, "POST", kind="public"),
    # The inbox and the ticket page
    "inbox": r(WORK, kind="list"),
    "ticket_new": r(WORK, "GET", "POST", kind="page"),
    "ticket_detail": r(WORK, target="ticket"),
    "ticket_update": r(WORK, "POST", target="ticket"),
    "ticket_take": r(WORK, "POST", target="ticket"),
    "ticket_call_log": r(WORK, "POST", target="ticket"),
    "ticket_note_add": r(WORK, "POST", target="ticket"),
    "ticket_macro": r(WORK, target="ticket"),
    # The portal
    "portal": r(CUSTOMERS, kind="customer"),
    "portal_new": r(CUSTOMERS, "GET", "POST", kind="customer"),
    "portal_ticket": r(CUSTOMERS, target="ticket", kind="customer"),
    "attachment_download": r(WORK | CUSTOMERS, target="attachment"),
    # The reply gate
    "gate:held": r(WORK, kind="list", marker="reference"),
    "gate:composer": r(WORK, target="ticket"),
    "gate:draft": r(WORK, "POST", target="ticket"),
    "gate:send": r(WORK, "POST", target="ticket"),
    "gate:version": r(WORK, target="version"),
    "gate:status": r(WORK, target="version"),
    "gate:redact": r(WORK, "POST", target="version", only_author=True),
    "gate:override": r(LEADS, "POST", target="version"),
    "gate:file": r(WORK, target="reply_file"),
    "gate:audit": r(LEADS, kind="page"),
    "gate:audit_run": r(LEADS, "POST", kind="page"),
    # The team
    "agents:persona": r(STAFF, "GET", "POST", kind="page"),
    "agents:reveal": r({"admin"}, "GET", "POST", kind="page"),
    "agents:staff": r({"admin"}, "GET", "POST", kind="page"),
    "agents:security": r(STAFF, "GET", "POST", kind="page"),
    "agents:security_qr": r(STAFF, kind="page"),
    "agents:security_codes": r(STAFF, "POST", kind="page"),
    "agents:security_remove": r(STAFF, "POST", kind="page"),
    "agents:security_reset": r({"admin"}, "GET", "POST", kind="page"),
    "agents:audit": r(LEADS | {"auditor"}, kind="page"),
    "agents:approvals": r(WORK, kind="page"),
    "agents:approval_decide": r(LEADS, "POST", target="approval"),
    "agents:approval_withdraw": r(WORK, "POST", target="approval", only_author=True),
    "ticket_delete_request": r(WORK, "POST", target="ticket"),
    "customer_delete_request": r(WORK, "POST", target="ticket"),
    "customer_merge_request": r(WORK, "POST", target="ticket"),
    "customer_contact_change_request": r(WORK, "POST", target="ticket"),
    "customer_export_request": r(PRIVATE, "POST", target="ticket"),
    "exports": r(PRIVATE, "GET", "POST", kind="page"),
    "export_download": r(PRIVATE, target="export", only_author=True),
    "elevation": r(WORK, "GET", "POST", kind="page"),
    "grants": r(LEADS, "GET", "POST", kind="page"),
    "deleted_customers": r(LEADS, kind="list", marker="deleted_name"),
    "customer_restore": r(LEADS, "POST", target="deleted"),
    "agents:audit_export": r(LEADS | {"auditor"}, kind="page"),
    "agents:tokens": r(STAFF, "GET", "POST", kind="page"),
    "agents:token_revoke": r(STAFF, "POST", target="token", owned=True),
    "agents:sign_out_everywhere": r(STAFF, "POST", kind="page"),
    # Leads
    "leads:dashboard": r(LEADS, kind="list", marker="reference"),
    "leads:triage_list": r(LEADS, kind="list", marker="reference"),
    "leads:nav_count": r(LEADS, kind="page"),
    # Only the claimant marks "closed over your claim" read (the world's notices belong to the agents: nobody).
    "leads:claim_override_seen": r(LEADS, "POST", target="claim_override", only_author=True),
    "leads:duty": r(LEADS, "POST", kind="page"),
    "leads:schedules": r(LEADS, kind="list", marker="queue_name"),
    "leads:schedule": r(LEADS, "GET", "POST", target="queue"),
    "leads:shift_remove": r(LEADS, "POST", target="duty_shift"),
    "leads:figures": r(LEADS, kind="list", marker="queue_name"),
    "leads:satisfaction": r(LEADS, kind="list", marker="queue_name"),
    "leads:escalation": r(LEADS, target="escalation"),
    "leads:move": r(LEADS, "POST", target="move"),
    "leads:safety_action": r(LEADS, "POST", target="escalation"),
    "leads:cause": r(LEADS, "POST", target="escalation"),
    "leads:correct": r(LEADS, "POST", target="escalation"),
    "leads:raise": r(WORK, "POST", target="ticket", in_url=False),
    "leads:report_file": r(WORK, "POST", target="customer", in_url=False),
    "leads:report_message": r(WORK, target="message"),
    "leads:suspended": r(LEADS, kind="page"),
    "leads:urgency_rules": r(LEADS, "GET", "POST", kind="page"),
    "leads:urgency_rule_toggle": r(LEADS, "POST", kind="page"),
    "leads:reply_check": r(WORK, "POST", target="ticket"),
    "leads:response_templates": r(LEADS, "GET", "POST", kind="page"),
    "leads:response_template_toggle": r(LEADS, "POST", kind="page"),
    "leads:response_template_edit": r(LEADS, "GET", "POST", target="template"),
    "leads:response_template_use": r(WORK, "POST", target="ticket"),
    # Inbound email: the signed door answers everyone (401 without the signature); the quarantine is admins'
    "mailroom:inbound": r(EVERYONE, "POST", kind="public"),
    "mailroom:quarantine": r({"admin"}, kind="page"),
    # Public channels: a public thread's page is anyone's (a private ticket's reference is 404 to all); the
    # signed inbound webhook answers everyone (401 without the signature, 404 for an unknown source)
    "public_thread": r(EVERYONE, kind="public", target="ticket"),
    "public_inbound": r(EVERYONE, "POST", kind="public", target="source"),
    # A satisfaction survey's rating page: the signed link is the key (a bad token is 404 to everyone)
    "survey_rate": r(EVERYONE, "GET", "POST", kind="public", target="survey"),
    "mailroom:quarantine_retry": r({"admin"}, "POST", target="inbound"),
    # Webhooks (administrators only)
    "webhooks:subscriptions": r({"admin"}, "GET", "POST", kind="page"),
    "webhooks:subscription": r({"admin"}, "GET", "POST", target="webhook"),
    "webhooks:rotate": r({"admin"}, "POST", target="webhook"),
    "webhooks:delete": r({"admin"}, "POST", target="webhook"),
    "webhooks:delivery": r({"admin"}, target="delivery"),
    "webhooks:replay": r({"admin"}, "POST", target="delivery"),
    # SLA calendars and policies: leads read, admins change (one set for the whole desk)
    "sla:index": r(LEADS, kind="page"),
    "sla:calendar_new": r({"admin"}, "GET", "POST", kind="page"),
    "sla:calendar_edit": r({"admin"}, "GET", "POST", target="calendar"),
    "sla:policy_new": r({"admin"}, "GET", "POST", kind="page"),
    "sla:policy_edit": r({"admin"}, "GET", "POST", target="policy"),
    "sla:policy_delete": r({"admin"}, "POST", target="policy"),
    # Queues and macros: leads manage those of the queues they lead, admins every one; public sources: admins
    "queues": r(LEADS, kind="list", marker="queue_email"),
    "queue_detail": r(LEADS, "GET", "POST", target="queue"),
    "queue_archive": r({"admin"}, "POST", target="queue"),
    "queue_member_remove": r(LEADS, "POST", target="queue_member"),
    "macros": r(LEADS, "GET", "POST", kind="list", marker="macro_name"),
    "macro_edit": r(LEADS, "GET", "POST", target="macro"),
    "public_sources": r({"admin"}, "GET", "POST", kind="page"),
    "public_source": r({"admin"}, "GET", "POST", target="public_source"),
    "public_source_rotate": r({"admin"}, "POST", target="public_source"),
    # The API
    "api-webhook-list": r({"admin"}, "GET", "POST", kind="page"),
    "api-webhook-detail": r({"admin"}, "GET", "PATCH", "DELETE", target="webhook"),
    "api-webhook-rotate": r({"admin"}, "POST", target="webhook"),
    "api-webhook-deliveries": r({"admin"}, target="webhook"),
    "api-webhook-replay": r({"admin"}, "POST", target="delivery"),
    "api-ticket-list": r(WORK | CUSTOMERS, "GET", kind="list"),
    "api-ticket-detail": r(WORK | CUSTOMERS, "GET", target="ticket"),
    "api-ticket-messages": r(WORK | CUSTOMERS, "GET", "POST", target="ticket"),
    "api-customer-list": r(WORK | CUSTOMERS, kind="list", marker="name"),
    "api-customer-detail": r(WORK | CUSTOMERS, target="customer"),
    "api-queue-list": r(WORK, kind="list", marker="queue_email"),
    "api-queue-detail": r(WORK, target="queue"),
    "api-ticket-replies": r(WORK, "POST", target="ticket"),
    "api-reply": r(WORK, target="reply"),
    "api-auth-token-list": r(STAFF | CUSTOMERS, kind="list", marker="token_name", owned=True),
    "api-auth-token-detail": r(STAFF | CUSTOMERS, "DELETE", target="token", owned=True),
    "api-sign-out-everywhere": r(STAFF | CUSTOMERS, "POST", kind="page"),
    "api-approval-list": r(WORK, kind="page"),
    "api-approval-detail": r(LEADS, target="approval", also_author=True),
    "api-approval-approve": r(LEADS, "POST", target="approval"),
    "api-approval-reject": r(LEADS, "POST", target="approval"),
    "api-customer-merge": r(WORK, "POST", target="customer"),
    "api-customer-contact-change": r(WORK, "POST", target="customer"),
    "api-export-list": r(PRIVATE, "GET", "POST", kind="page"),
    "api-export-download": r(PRIVATE, target="export", only_author=True),
}
# Operations on a route that some roles may not use at all (answered 405 or 403, as the route says).
EXTRA = {
    ("api-ticket-list", "POST"): r(WORK | CUSTOMERS, "POST", kind="page"),
    ("api-ticket-detail", "PATCH"): r(WORK, "PATCH", target="ticket"),
    ("queues", "POST"): r({"admin"}, "POST", kind="page"),
}


def _routes(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin is walked model by model in test_the_admin_is_for_admins_only
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_route_has_an_entry():
    missing = sorted(set(_routes()) - set(ROUTES))
    assert not missing, f"routes without an authorization entry (add them to ROUTES): {missing}"


def test_every_api_operation_has_an_entry():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        name = resolve(re.sub(r"\{[^}]+\}", "1", path)).url_name
        for method in operations:
            method = method.upper()
            covered = method in ROUTES[name].methods or (name, method) in EXTRA
            assert covered, f"{method} {path} has no authorization entry"


@pytest.fixture
def world(alice, bob, carol, cora, adam, audrey, dave, erin, dave_ticket, erin_ticket, settings, tmp_path):
    """Two of everything, one per side: tickets, held replies, attachments, safety reports."""
    settings.MEDIA_ROOT = tmp_path
    objects = {}
    for side, ticket, author in (("A", dave_ticket, alice), ("B", erin_ticket, bob)):
        reply = Reply.objects.create(ticket=ticket, author=author, state=VersionStatus.PENDING)
        body = f"Held reply on side {side}."
        version = ReplyVersion.objects.create(
            reply=reply, number=1, body=body, sha256=body_sha256(body), status=VersionStatus.PENDING
        )
        reply_file = ReplyFile.objects.create(  # before the version is held: a sent version's files are frozen
            version=version, file=ContentFile(b"steps", name="steps.txt"), filename="steps.txt", size=5,
            content_type="text/plain", sha256="0" * 64, text="steps",
        )
        ReplyVersion.objects.filter(pk=version.pk).update(status=VersionStatus.HELD)
        Reply.objects.filter(pk=reply.pk).update(latest_version=version, state=VersionStatus.HELD)
        message = ticket.messages.get(kind=MessageKind.CUSTOMER)
        attachment = Attachment.objects.create(
            message=message, file=ContentFile(b"receipt", name="receipt.txt"), filename="receipt.txt", size=7,
            content_type="text/plain",
        )
        report = safety_report_file(reporter=author, customer=ticket.customer, ticket=ticket, category="abusive")
        notice = ClaimOverride.objects.create(escalation=report, claimant=author, closed_by=carol)
        customer = ticket.customer
        action = customer_delete_request(customer=customer, requested_by=author, reason="Asked to be forgotten.")
        token = api_token_create(user=author, name=f"Token of side {side}").token
        unreadable = InboundEmail.objects.create(
            dedupe_key=f"sha256:side-{side}", source="http", outcome="quarantined", size=9, raw=b"not mail",
            error="MailParseError: no sender address in From",
        )
        export = CustomerExport.objects.create(
            action=action, requested_by=author, scope=CustomerExport.Scope.CUSTOMER, customer=customer,
            state=CustomerExport.State.READY, file=ContentFile(b"{}", name="customer.json"), customers=1,
            expires_at=timezone.now() + timedelta(hours=1),
        )
        template = response_template_add(
            lead=carol, category="press_media", title=f"Side {side}",
            body="Sorry about this! Could you tell me more? We'll look into it.",
        )
        gone = CustomerFactory(name=f"Gone Customer {side}", deleted_at=timezone.now())
        hook = WebhookSubscription.objects.create(name=f"Hook {side}", url="https://hooks.example/in",
                                                  events=["ticket.created"])
        delivery = WebhookDelivery.objects.create(subscription=hook, event="ticket.created",
                                                  event_key=f"ticket.created:{ticket.pk}", body="{}")
        TicketFactory(customer=gone, queue=ticket.queue, deleted_at=gone.deleted_at)
        macro = Macro.objects.create(name=f"Macro of side {side}", body="Hello", queue=ticket.queue)
        (shift,) = duty_shifts_add(actor=carol, queue=ticket.queue, lead=carol, weekdays=[0], start=time(9),
                                   end=time(17))
        source = PublicSource.objects.create(slug=f"src-{side.lower()}", network="forum.example", secret="s" * 30)
        objects[side] = {
            "approval": {"pk": action.pk}, "deleted": {"pk": gone.pk}, "export": {"pk": export.pk},
            "ticket": {"reference": ticket.reference}, "version": {"version_id": version.pk},
            "reply": {"pk": reply.pk}, "attachment": {"pk": attachment.pk}, "escalation": {"pk": report.pk},
            "reply_file": {"file_id": reply_file.pk},
            "template": {"pk": template.pk}, "message": {"pk": message.pk},
            "move": {"pk": report.pk, "move": "note"}, "claim_override": {"pk": notice.pk},
            "customer": {"pk": customer.pk}, "queue": {"slug": ticket.queue.slug}, "token": {"pk": token.pk},
            "seed": {"seed": "team"}, "inbound": {"pk": unreadable.pk}, "webhook": {"pk": hook.pk},
            "delivery": {"pk": delivery.pk}, "macro": {"pk": macro.pk}, "public_source": {"slug": source.slug},
            "queue_member": {"slug": ticket.queue.slug, "user_id": author.pk},
            "duty_shift": {"slug": ticket.queue.slug, "pk": shift.pk},
            "source": {"source": f"side-{side.lower()}"},
            "survey": {"token": f"not-a-survey-{side}"},
            "calendar": {"pk": BusinessCalendar.objects.get().pk},
            "policy": {"pk": SlaPolicy.objects.get(queue=None, priority=0, channel="").pk},
            "markers": {"subject": ticket.subject, "reference": ticket.reference, "handle": customer.handle,
                        "name": customer.name, "queue_email": ticket.queue.email, "deleted_name": gone.name,
                        "queue_name": ticket.queue.name, "token_name": token.name,
                        "macro_name": macro.name},
            "form": {"customer": customer.pk, "ticket": ticket.pk, "category": "abusive"},
            "author": author.username,
        }
    users = {"alice": alice, "bob": bob, "carol": carol, "cora": cora, "adam": adam, "audrey": audrey,
             "dave": dave, "erin": erin}
    return objects, users


def _url(name: str, route: Route, side: dict) -> str:
    kwargs = side[route.target] if route.target and route.in_url else {}
    if name == "api-customer-detail":
        kwargs = {"pk": kwargs["pk"]}
    return reverse(name, kwargs=kwargs)


def _client(persona: str, users: dict) -> APIClient:
    client = APIClient(enforce_csrf_checks=False)
    if persona != "anonymous":
        client.force_login(users[persona])
    return client


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "login" in response.get("Location", "")


def _check(name: str, route: Route, method: str, world) -> list[str]:
    objects, users = world
    problems = []
    for persona, role in ROLE.items():
        client = _client(persona, users)
        for side_name, side in objects.items():
            if route.target is None and side_name == "B":
                if route.kind != "list":
                    continue
            # Owned objects are reached by their author and by admins; the rest by the persona's sides.
            reach = persona == side["author"] or role == "admin" if route.owned else side_name in SIDES[persona]
            allowed = role in route.roles and (route.target in (None, "seed") or reach or route.kind == "public")
            if route.only_author:
                allowed = allowed and persona == side["author"]
            if route.also_author:
                allowed = allowed or persona == side["author"]
            url = _url(name, route, side)
            data = side["form"] if method in ("POST", "PATCH") else None
            response = getattr(client, method.lower())(url, data, format="json" if name.startswith("api") else None)
            status = response.status_code
            if route.target == "deleted":  # a restore that worked: delete again for the next persona
                Customer.objects.filter(name__startswith="Gone Customer").update(deleted_at=timezone.now())
            where = f"{method} {name} as {persona} on side {side_name}: {status}"
            if status >= 500:
                problems.append(where)
            if status >= 500 or route.kind == "public":
                continue
            denied = status in DENIED or _is_login_redirect(response) or (
                route.kind == "customer" and role in STAFF and status == 302
            )
            if route.kind == "list" and not denied:
                # Lists answer everyone; what matters is that the other side's objects are not in them.
                shown = side["markers"][route.marker] in response.content.decode()
                expected = reach and role in route.roles
                if shown != expected:
                    problems.append(f"{where}, marker shown={shown}, expected {expected}")
            elif denied == allowed:
                problems.append(f"{where}, expected {'allowed' if allowed else 'denied'}")
    return problems


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_answers_each_persona_as_its_entry_says(name, world):
    route = ROUTES[name]
    problems = [p for method in route.methods for p in _check(name, route, method, world)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("operation", sorted(EXTRA))
def test_restricted_operation_answers_each_persona_as_its_entry_says(operation, world):
    name, method = operation
    problems = _check(name, EXTRA[operation], method, world)
    assert not problems, "\n".join(problems)


def test_the_admin_is_for_admins_only(world):
    _objects, users = world
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    for persona in ROLE:
        client = _client(persona, users)
        for url in urls:
            response = client.get(url)
            if persona == "adam":
                assert response.status_code == 200, url
            else:
                assert _is_login_redirect(response), (persona, url, response.status_code)
