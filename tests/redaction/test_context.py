"""Scan contexts built from the database: as of a moment (the retro-audit), and who counts as whom."""
from datetime import datetime, timedelta

from django.test import override_settings
from django.utils import timezone

from redaction.context import ticket_context, ticket_contexts
from redaction.models import ReplyScan, ReplyVersion, VersionStatus
from redaction.scanner import scan
from tests.factories import CallLogFactory, ContactFactory, MessageFactory, OrganizationFactory
from tests.redaction.findings import found
from tickets.models import MessageKind


def test_as_of_leaves_out_texts_created_from_then_on_and_calls_after_it(dave_ticket, dave_post, alice):
    moment = timezone.now() - timedelta(days=3)
    MessageFactory(ticket=dave_ticket, body="Before: my door code is 4471.", created_at=moment - timedelta(seconds=1))
    MessageFactory(ticket=dave_ticket, body="Same instant: not yet read.", created_at=moment)
    MessageFactory(ticket=dave_ticket, body="After: I quote your reply back.", created_at=moment + timedelta(days=1))
    MessageFactory(
        ticket=dave_ticket, kind=MessageKind.INTERNAL_NOTE, author_user=alice, body="Note before.",
        created_at=moment - timedelta(hours=1),
    )
    MessageFactory(
        ticket=dave_ticket, kind=MessageKind.INTERNAL_NOTE, author_user=alice, body="Note after.",
        created_at=moment + timedelta(hours=1),
    )
    MessageFactory(
        ticket=dave_post, body="Public post after.", is_public_post=True, created_at=moment + timedelta(hours=1)
    )
    CallLogFactory(customer=dave_ticket.customer, at=moment)
    CallLogFactory(customer=dave_ticket.customer, at=moment + timedelta(seconds=1))

    then = ticket_context(ticket=dave_post, author=alice, as_of=moment)
    now = ticket_context(ticket=dave_post, author=alice)

    assert then["private_messages"] == ["Before: my door code is 4471."]
    assert then["internal_notes"] == ["Note before."]
    assert then["calls"] == [{"at": moment.isoformat(), "duration_s": 300}]
    assert "Public post after." not in then["public_post"]
    # The profile has no history: it is today's either way.
    assert then["customer"] == now["customer"] and then["customer"]["phones"] == ["+1 415 555 0134"]
    assert {"After: I quote your reply back.", "Same instant: not yet read."} <= set(now["private_messages"])
    assert "Note after." in now["internal_notes"] and len(now["calls"]) == 2
    assert "Public post after." in now["public_post"]


@override_settings(TACT_REDACTION={"CONTEXT_MAX_TEXTS": 2})
def test_the_text_limit_counts_the_newest_of_that_time_not_of_today(dave_ticket, alice):
    moment = timezone.now() - timedelta(days=10)
    for day in (3, 2, 1):
        MessageFactory(ticket=dave_ticket, body=f"{day} days before", created_at=moment - timedelta(days=day))
        CallLogFactory(customer=dave_ticket.customer, at=moment - timedelta(days=day))
    for day in (1, 2, 3):
        MessageFactory(ticket=dave_ticket, body=f"{day} days after", created_at=moment + timedelta(days=day))
        CallLogFactory(customer=dave_ticket.customer, at=moment + timedelta(days=day))

    then = ticket_context(ticket=dave_ticket, author=alice, as_of=moment)

    assert then["private_messages"] == ["1 days before", "2 days before"]
    assert then["calls"] == [
        {"at": (moment - timedelta(days=day)).isoformat(), "duration_s": 300} for day in (1, 2)
    ]


def test_as_of_costs_no_extra_query_for_many_tickets(
    dave_ticket, dave_post, erin_ticket, alice, bob, django_assert_num_queries
):
    pairs = [(dave_ticket, alice), (dave_post, alice), (erin_ticket, bob)]
    with django_assert_num_queries(4):  # texts, calls, queues, staff (no organization: no contacts query)
        today = ticket_contexts(pairs)
    with django_assert_num_queries(4):
        ticket_contexts(pairs, as_of=timezone.now() - timedelta(days=1))
    assert today[dave_ticket.pk, alice.pk]["private_messages"] == ["I was charged twice this month, please help."]


def test_the_customer_listed_among_their_organizations_contacts_is_the_customer_not_a_colleague(
    dave, dave_ticket, alice
):
    organization = OrganizationFactory()
    dave.customer.organization = organization
    dave.customer.save(update_fields=["organization"])
    ContactFactory(organization=organization, name="Dave  Customer", email="", phone="")
    ContactFactory(organization=organization, name="D. Customer", email="DAVE@mail.example", phone="")
    colleague = ContactFactory(organization=organization, name="Priya Raman", email="priya@mail.example")
    context = ticket_context(ticket=dave_ticket, author=alice)
    assert [c["name"] for c in context["contacts"]] == [colleague.name]
    # So on his private ticket, signing with his own name is no leak; his colleague's still is.
    assert scan("Thanks, Dave Customer, for the details.", context) == []
    assert [f.kind for f in scan("Priya Raman confirmed it.", context)] == ["person"]


def test_every_staff_members_real_identity_is_in_the_context_not_only_the_authors(dave_ticket, alice, bob):
    context = ticket_context(ticket=dave_ticket, author=alice)

    assert {"name": "Robert Realname", "username": "bob", "email": "bob@home.example"} in context["staff"]
    assert {"name": "Alicia Realname", "username": "alice", "email": "alice@home.example"} in context["staff"]
    assert "Quiet Pine" not in str(context["staff"])  # aliases are public: not in the private list
    assert "Dave" not in str(context["staff"])  # customers are not staff
    text = "Robert from our billing team will sort it out."
    assert found(text, context, owner=True) == [("person", "agent", "Robert")]
    assert scan("Quiet Pine from our billing team will sort it out.", context) == []


def test_now_is_the_moment_the_context_is_for(dave_ticket, alice):
    before = timezone.now()
    now = datetime.fromisoformat(ticket_context(ticket=dave_ticket, author=alice)["now"])
    assert before <= now <= timezone.now()
    moment = timezone.now() - timedelta(days=3)
    assert ticket_context(ticket=dave_ticket, author=alice, as_of=moment)["now"] == moment.isoformat()


def test_the_worker_reads_yesterday_from_the_replys_send_time(dave_post, alice, submit, worker):
    """A call at 15:00 the day before Send: "yesterday at 3" points at it, even when the worker scans later."""
    sent = timezone.now()
    call_at = timezone.localtime(sent - timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
    CallLogFactory(customer=dave_post.customer, at=call_at, duration_s=600)
    version = submit(dave_post, alice, "We sorted it out yesterday at 3, and the refund is on its way.")
    ReplyVersion.objects.filter(pk=version.pk).update(submitted_at=sent)
    assert worker(version).status == VersionStatus.HELD
    finding = ReplyScan.objects.get(version=version).findings[0]
    assert (finding["kind"], version.body[finding["start"] : finding["end"]]) == ("call_time", "yesterday at 3")

    later = submit(dave_post, alice, "We sorted it out yesterday at 3, and the refund is on its way!")
    ReplyVersion.objects.filter(pk=later.pk).update(submitted_at=sent + timedelta(days=2))
    assert worker(later).status == VersionStatus.PUBLISHED


def test_the_desks_regions_read_national_numbers_in_replies(dave_ticket, alice, submit, worker):
    """TACT_REDACTION["REGIONS"] reaches the context as "regions": a British number written without +44 is a
    stranger's number held on a desk that serves Britain, and not read as a number on one that does not."""
    assert ticket_context(ticket=dave_ticket, author=alice)["regions"] == []
    text = "Their office is on 020 7946 0018, ring them there."
    assert worker(submit(dave_ticket, alice, text)).status == VersionStatus.PUBLISHED
    with override_settings(TACT_REDACTION={"REGIONS": ["gb", "IE"]}):
        context = ticket_context(ticket=dave_ticket, author=alice)
        assert context["regions"] == ["GB", "IE"]
        assert [(f.kind, f.owner) for f in scan(text, context)] == [("phone", "unknown")]
        version = submit(dave_ticket, alice, text + " ")
        assert worker(version).status == VersionStatus.HELD
        finding = ReplyScan.objects.get(version=version).findings[0]
        assert version.body[finding["start"] : finding["end"]] == "020 7946 0018"
