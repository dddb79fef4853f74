"""No customer or visitor ever sees an agent's real name, username or email: not in a page, an API field, an
email body or header, an error page or a cookie. See tests/safety/canary.py for the world and the drivers."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.safety import canary


@pytest.fixture
def world(queue_a, dave, dave_ticket, settings):
    settings.MEDIA_ROOT = settings.VAR_DIR / "test-media-safety"
    return canary.build_world(queue=queue_a, customer_user=dave, ticket=dave_ticket)


def _named_routes() -> dict[str, str]:
    """Every named route in the URLconf, as "namespace:name" -> its pattern, admin's namespace left out."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in canary.SKIPPED_NAMESPACES:
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                found[f"{namespace}{entry.name}"] = prefix + str(entry.pattern)

    walk(get_resolver().url_patterns, "", "")
    return found


def _staff_only_routes() -> dict[str, str]:
    return {
        name: pattern for name, pattern in _named_routes().items()
        if name not in canary.COVERED and (name in canary.STAFF_ONLY or pattern.startswith(canary.STAFF_PREFIXES))
    }


def test_every_route_is_classified_as_covered_or_staff_only():
    staff_only = _staff_only_routes()
    unclassified = sorted(
        f"{name} ({pattern})" for name, pattern in _named_routes().items()
        if name not in canary.COVERED and name not in staff_only
    )
    assert not unclassified, (
        "New routes must be driven by the canary (tests/safety/canary.py COVERED + drive) "
        f"or listed as STAFF_ONLY: {unclassified}"
    )


def test_classification_lists_name_only_real_routes():
    assert not (canary.COVERED | canary.STAFF_ONLY) - set(_named_routes())


def test_customer_sees_no_trace_of_any_agents_real_identity(world):
    client = Client()
    client.force_login(world.customer_user)
    seen = canary.Seen()
    canary.drive(client, world, seen, as_customer=True)
    canary.drive_error_handlers(world.customer_user, seen)
    assert not seen.leaks()
    # The world really was built: the customer saw the persona, the published and overridden replies.
    portal = next(text for label, text in seen.texts if label == f"GET /portal/tickets/{world.ticket.reference}/")
    assert "Meadow Finch" in portal and "We refunded the second charge today." in portal
    assert "+1 415 555 0134 tomorrow" in portal
    api = next(text for label, text in seen.texts if label == f"GET /api/tickets/{world.ticket.reference}/messages/")
    assert "Meadow Finch" in api
    rate = next(text for label, text in seen.texts if label.startswith("GET /rate/"))
    assert "Meadow Finch" in rate


def _public_page(seen, world) -> str:
    return next(text for label, text in seen.texts if label == f"GET /p/{world.kwargs['public_reference']}/")


def test_anonymous_visitor_sees_no_trace_of_any_agents_real_identity(world):
    seen = canary.Seen()
    canary.drive(Client(), world, seen, as_customer=False)
    canary.drive_error_handlers(AnonymousUser(), seen)
    assert not seen.leaks()
    # The public thread was really read: the persona's reply, never the note beside it.
    public = _public_page(seen, world)
    assert "Meadow Finch" in public and "it is back up now" in public and "outage call" not in public


def test_every_covered_route_is_actually_driven(world):
    client = Client()
    client.force_login(world.customer_user)
    seen = canary.Seen()
    canary.drive(client, world, seen, as_customer=True)
    assert canary.COVERED - seen.routes == set()


@pytest.mark.parametrize("as_customer", [True, False])
def test_staff_only_routes_give_customers_and_visitors_nothing(world, as_customer):
    client = Client()
    if as_customer:
        client.force_login(world.customer_user)
    seen = canary.Seen()
    sample = {**world.kwargs, "seed": world.seed}
    for name, pattern in _staff_only_routes().items():
        keys = re.findall(r"<(?:(\w+):)?(\w+)>", pattern)
        kwargs = {key: sample.get(key, 1 if kind == "int" else "x") for kind, key in keys}
        path = reverse(name, kwargs=kwargs)
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code in (302, 401, 403, 404, 405), (name, response.status_code)
            seen.add(f"{name} {path}", response)
    assert not seen.leaks()


def test_every_customer_email_carries_only_the_persona(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    canary.send_every_customer_email(world)
    to_customer = [m for m in mail.outbox if m.to == ["dave@mail.example"]]
    assert len(to_customer) >= 3  # two published replies and the warning
    for message in to_customer:
        raw = message.message().as_string()
        alternatives = "".join(content for content, _type in getattr(message, "alternatives", []))
        leaks = [m for m in canary.MARKERS if m.lower() in (raw + alternatives).lower()]
        assert not leaks, (message.subject, leaks)
    assert any("Meadow Finch" in m.from_email for m in to_customer)
    assert all(m.from_email.endswith("@support.example>") for m in to_customer)


def test_every_email_template_is_classified():
    templates = Path(settings.BASE_DIR) / "templates"
    found = {
        str(path.relative_to(templates))
        for path in templates.rglob("*")
        if path.is_file() and ("email" in path.relative_to(templates).parts)
    }
    unclassified = found - canary.CUSTOMER_EMAIL_TEMPLATES - canary.STAFF_EMAIL_TEMPLATES
    assert not unclassified, f"Send these from canary.send_every_customer_email and list them: {unclassified}"


def test_the_canary_catches_a_planted_leak(world):
    """Proof the detector works: a reply snapshot carrying the real username must be reported (planted with the
    gate's rows behind it: the database refuses changing a published reply's alias)."""
    from tests.factories import published_reply_message

    published_reply_message(ticket=world.ticket, author=world.agent, body="Done.", alias="zqxv7username")
    client = Client()
    client.force_login(world.customer_user)
    seen = canary.Seen()
    canary.drive(client, world, seen, as_customer=True)
    assert any(f"GET /portal/tickets/{world.ticket.reference}/" in leak for leak in seen.leaks())


def test_every_webhook_payload_carries_only_personas(queue_a, dave, dave_ticket, settings):
    """The canary world built with a subscription to every event: whatever staff did reaches the payloads by
    persona only (ticket changes, published and overridden replies, the harassment report's escalation and
    its acknowledgement by the lead's warning)."""
    from tickets.webhooks.models import Event, WebhookDelivery, WebhookSubscription

    settings.MEDIA_ROOT = settings.VAR_DIR / "test-media-safety"
    WebhookSubscription.objects.create(name="Chat", url="https://hooks.example/in", events=Event.values)
    canary.build_world(queue=queue_a, customer_user=dave, ticket=dave_ticket)
    deliveries = list(WebhookDelivery.objects.all())
    assert {d.event for d in deliveries} == {
        "ticket.updated", "reply.published", "escalation.raised", "escalation.acknowledged"}  # the warning acks
    # The override's too, and the reply on the public thread.
    assert len([d for d in deliveries if d.event == "reply.published"]) == 3
    payloads = "\n".join(d.body for d in deliveries)
    assert "Meadow Finch" in payloads and "Silver Comet" in payloads
    assert not [m for m in canary.MARKERS if m.lower() in payloads.lower()]
