"""Macros fill only placeholders that are safe in public; anything else is a clear error, never a leak."""
import pytest
from django.core.exceptions import ValidationError

from tickets.macros import PLACEHOLDERS, macro_render, macro_validate, macros_for
from tickets.models import Macro


def render(body, ticket, agent):
    return macro_render(macro=Macro(name="m", body=body), ticket=ticket, agent=agent)


def test_every_placeholder_is_filled_from_public_values(alice, dave_ticket, settings):
    settings.TACT_SUPPORT_NAME = "Acme Help"
    text = render("{customer_handle}|{agent_alias}|{ticket_reference}|{queue_name}|{support_name}", dave_ticket, alice)
    assert text == f"@davec|Harbor Wren|{dave_ticket.reference}|Billing|Acme Help"


def test_rendered_macros_never_contain_private_details(alice, dave_ticket):
    text = render(" ".join("{" + name + "}" for name in PLACEHOLDERS), dave_ticket, alice)
    for private in ["Dave Customer", "dave@mail.example", "+1 415 555 0134", "ACC-100200", "Alicia", "Realname"]:
        assert private not in text


@pytest.mark.parametrize(
    "body",
    [
        "Dear {customer_name}",
        "Mail {customer_email}",
        "Call {customer_phone}",
        "{ticket.customer.name}",
        "{customer_handle.__class__}",
        "{customer_handle!r}",
        "{customer_handle:>20}",
        "{}",
        "{0}",
    ],
)
def test_anything_but_a_known_placeholder_is_refused(alice, dave_ticket, body):
    with pytest.raises(ValidationError) as exc:
        render(body, dave_ticket, alice)
    message = exc.value.message_dict["body"][0]
    assert message.startswith("Unknown placeholder {")
    assert "{customer_handle}" in message  # says what is allowed


@pytest.mark.parametrize("body", ["Hello {customer_handle", "Hello }", "{{customer_handle}"])
def test_unbalanced_braces_are_a_clear_error(body):
    with pytest.raises(ValidationError, match="braces do not match"):
        macro_validate(body)


def test_doubled_braces_are_literal(alice, dave_ticket):
    assert render("{{customer_handle}} is {customer_handle}", dave_ticket, alice) == "{customer_handle} is @davec"


def test_missing_handle_falls_back_to_a_neutral_greeting(alice, dave_ticket):
    dave_ticket.customer.handle = ""
    assert render("Hi {customer_handle},", dave_ticket, alice) == "Hi there,"


def test_agent_without_persona_signs_as_the_team(dave_ticket):
    from tests.factories import StaffFactory

    staff = StaffFactory()
    assert render("— {agent_alias}", dave_ticket, staff.user) == "— Support team"


def test_macros_for_offers_the_ticket_queue_and_global_ones(dave_ticket, queue_a, queue_b):
    own = Macro.objects.create(name="A", body="a", queue=queue_a)
    everywhere = Macro.objects.create(name="G", body="g")
    Macro.objects.create(name="B", body="b", queue=queue_b)
    assert list(macros_for(ticket=dave_ticket)) == [own, everywhere]


def test_greeting_uses_the_first_name_where_only_the_customer_reads(alice, dave_ticket):
    assert not dave_ticket.replies_public
    assert render("Hi {customer_first_name},", dave_ticket, alice) == "Hi Dave,"


def test_greeting_uses_the_public_handle_where_anyone_reads(alice, dave_ticket):
    dave_ticket.replies_public = True
    assert render("Hi {customer_first_name},", dave_ticket, alice) == "Hi @davec,"
    dave_ticket.customer.handle = ""
    assert render("Hi {customer_first_name},", dave_ticket, alice) == "Hi there,"


def test_greeting_without_a_name_falls_back_to_the_handle(alice, dave_ticket):
    dave_ticket.customer.name = ""
    assert render("Hi {customer_first_name},", dave_ticket, alice) == "Hi @davec,"
