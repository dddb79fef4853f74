"""The composer's live parts and the Held view: what the agent sees, and who may see it at all."""
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from redaction.models import Reply, ReplyVersion, VersionStatus
from redaction.selectors import version_status_wait
from tests.factories import ContactFactory, OrganizationFactory
from tests.redaction.conftest import CLEAN, LEAKY
from tickets.models import Message, MessageKind, TicketEvent

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def held_version(alice, dave_post, submit, worker):
    return worker(submit(dave_post, alice, LEAKY))


def test_ticket_page_shows_the_composer(client, alice, dave_post):
    client.force_login(alice)
    html = client.get(reverse("ticket_detail", args=[dave_post.reference])).content.decode()
    assert 'id="reply-body"' in html and reverse("gate:send", args=[dave_post.reference]) in html
    assert 'hx-trigger="input changed delay:800ms"' in html


def test_send_shows_the_check_in_progress_and_polls(client, alice, dave_post, rung):
    client.force_login(alice)
    response = client.post(reverse("gate:send", args=[dave_post.reference]), {"body": CLEAN}, **HX)
    html = response.content.decode()
    version = ReplyVersion.objects.get()
    assert version.status == VersionStatus.PENDING
    assert reverse("gate:status", args=[version.pk]) in html and '?wait=1" hx-trigger="load"' in html
    assert "Waiting for the check" in html and "readonly" in html


def test_status_poll_keeps_polling_while_in_flight(client, alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    client.force_login(alice)
    html = client.get(reverse("gate:status", args=[version.pk]), **HX).content.decode()
    assert '?wait=1" hx-trigger="load"' in html and 'id="composer"' not in html


def test_held_reply_shows_highlights_explanations_and_one_click_fixes(client, alice, held_version):
    client.force_login(alice)
    response = client.get(reverse("gate:status", args=[held_version.pk]), **HX)
    html = response.content.decode()
    assert response.headers["HX-Retarget"] == "#composer"
    assert f'<mark class="leak" id="leak-{held_version.pk}-0">+1 415 555 0134</mark>' in html
    assert "the customer&#x27;s phone number, from their profile" in html
    assert "Replace with “the number on your account”" in html
    assert "Publish anyway" not in html  # alice is an agent


def test_one_click_replaces_the_span_in_the_current_text(client, alice, dave_post, held_version):
    client.force_login(alice)
    edited = LEAKY + " Thanks!"
    response = client.post(
        reverse("gate:redact", args=[held_version.pk]), {"finding": "0", "body": edited}, **HX
    )
    html = response.content.decode()
    expected = "Hi, we will call you back on the number on your account today. Thanks!"
    assert expected in html
    draft = Reply.objects.get().latest_version
    assert draft.status == VersionStatus.DRAFT and draft.number == 2 and draft.body == expected


def test_resending_after_a_fix_publishes(client, alice, dave_post, held_version, worker):
    client.force_login(alice)
    client.post(reverse("gate:send", args=[dave_post.reference]), {"body": "We will call you soon."}, **HX)
    version = worker(Reply.objects.get().latest_version)
    assert version.status == VersionStatus.PUBLISHED
    response = client.get(reverse("gate:status", args=[version.pk]) + "?wait=1", **HX)
    html = response.content.decode()
    assert "gate:published" in response.headers["HX-Trigger"]
    # The notice and the reply in the thread arrive in one response: "published" never shows before the reply.
    notice, thread = html.index("passed the check and was published"), html.index('<div id="thread"')
    assert 'hx-swap-oob="true"' in html[thread:thread + 60]
    assert "We will call you soon." in html[thread:] and "Reply — anyone can read it" in html[thread:]
    assert notice < thread


@override_settings(TACT_REDACTION={"STATUS_WAIT_S": 0.3, "STATUS_POLL_S": 0.05})
def test_the_status_long_poll_waits_for_the_verdict_within_its_bound(client, alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    client.force_login(alice)
    started = time.monotonic()
    response = client.get(reverse("gate:status", args=[version.pk]) + "?wait=1", **HX)
    waited = time.monotonic() - started
    html = response.content.decode()
    assert 0.25 <= waited < 2 and "Waiting for the check" in html
    assert f'hx-get="{reverse("gate:status", args=[version.pk])}?wait=1" hx-trigger="load"' in html


def test_the_long_poll_answers_as_soon_as_the_status_moves(alice, dave_post, submit, worker):
    version = submit(dave_post, alice, CLEAN)
    worker(version)
    started = time.monotonic()
    assert version_status_wait(version_id=version.pk, timeout=5, interval=0.05) == VersionStatus.PUBLISHED
    assert time.monotonic() - started < 0.5


def test_draft_is_saved_as_the_agent_types_and_shown_again(client, alice, dave_post):
    client.force_login(alice)
    response = client.post(reverse("gate:draft", args=[dave_post.reference]), {"body": "Half a thought"}, **HX)
    assert response.content.decode().startswith("Draft saved at")
    html = client.get(reverse("ticket_detail", args=[dave_post.reference])).content.decode()
    assert "Half a thought</textarea>" in html


def test_an_empty_send_keeps_the_composer_with_an_error(client, alice, dave_post):
    client.force_login(alice)
    html = client.post(reverse("gate:send", args=[dave_post.reference]), {"body": "  "}, **HX).content.decode()
    assert "Write a reply first." in html and not ReplyVersion.objects.filter(status="pending").exists()


def test_send_without_javascript_lands_on_the_composer_page(client, alice, dave_post, rung):
    client.force_login(alice)
    response = client.post(reverse("gate:send", args=[dave_post.reference]), {"body": CLEAN})
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "Waiting for the check" in html and CLEAN in html


def test_a_lead_publishes_a_held_reply_from_the_review_page(client, carol, held_version):
    client.force_login(carol)
    page = client.get(reverse("gate:version", args=[held_version.pk])).content.decode()
    assert "Publish anyway" in page and "Harbor Wren" in page and "Alicia" not in page
    response = client.post(reverse("gate:override", args=[held_version.pk]), {"reason": "Customer asked for it."})
    assert response.status_code == 302
    assert Message.objects.get(kind=MessageKind.PUBLIC_REPLY).body == LEAKY
    assert TicketEvent.objects.get(kind="reply_override").data["reason"] == "Customer asked for it."


def test_a_lead_must_give_a_reason(client, carol, held_version):
    client.force_login(carol)
    response = client.post(reverse("gate:override", args=[held_version.pk]), {"reason": " "})
    assert response.status_code == 400 and "Write why" in response.content.decode()
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


@pytest.mark.parametrize("who", ["alice", "cora"])
def test_agents_and_contractors_are_told_they_cannot_override(who, request, client, held_version):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("gate:override", args=[held_version.pk]), {"reason": "trust me"})
    assert response.status_code == 403 and "Only a team lead" in response.content.decode()
    held_version.refresh_from_db()
    assert held_version.status == VersionStatus.HELD


def test_held_view_lists_held_replies_in_the_viewers_queues(
    client, carol, bob, held_version, erin_ticket, django_assert_max_num_queries, submit, worker
):
    worker(submit(erin_ticket, bob, "Try again after calling us, Robert Realname here."))
    client.force_login(carol)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("gate:held")).content.decode()
    assert dave_post_ref(held_version) in html and erin_ticket.reference in html
    assert "Harbor Wren" in html and "Realname" not in html
    assert reverse("gate:version", args=[held_version.pk]) in html
    client.force_login(bob)
    html = client.get(reverse("gate:held")).content.decode()
    assert dave_post_ref(held_version) not in html and erin_ticket.reference in html


def dave_post_ref(version) -> str:
    return version.reply.ticket.reference


def test_other_queues_and_customers_get_404(client, bob, dave, erin, dave_post, held_version):
    urls = [
        ("get", reverse("gate:composer", args=[dave_post.reference])),
        ("post", reverse("gate:send", args=[dave_post.reference])),
        ("post", reverse("gate:draft", args=[dave_post.reference])),
        ("get", reverse("gate:status", args=[held_version.pk])),
        ("get", reverse("gate:version", args=[held_version.pk])),
        ("post", reverse("gate:redact", args=[held_version.pk])),
        ("post", reverse("gate:override", args=[held_version.pk])),
    ]
    for user in (bob, dave, erin):
        client.force_login(user)
        for method, url in urls:
            response = getattr(client, method)(url, {"body": CLEAN, "reason": "x", "finding": "0"})
            assert response.status_code == 404, (user, url)
    assert ReplyVersion.objects.count() == 1


def test_only_the_author_redacts_their_reply(client, carol, held_version):
    client.force_login(carol)
    response = client.post(reverse("gate:redact", args=[held_version.pk]), {"finding": "0"})
    assert response.status_code == 404


def test_signed_out_visitors_go_to_login(client, held_version):
    response = client.get(reverse("gate:held"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_customer_never_sees_a_held_version(client, dave, held_version):
    client.force_login(dave)
    html = client.get(reverse("portal_ticket", args=[held_version.reply.ticket.reference])).content.decode()
    assert "415 555 0134" not in html and "call you back" not in html



@pytest.fixture
def dave_colleague(dave):
    organization = OrganizationFactory(name="Dave's Garage")
    dave.customer.organization = organization
    dave.customer.save(update_fields=["organization"])
    return ContactFactory(organization=organization, name="Owen Fraser", phone="(415) 555-0177", email="")


def test_after_a_fix_the_highlights_and_buttons_are_for_the_current_text(
    client, alice, dave_post, dave_colleague, submit, worker
):
    held = worker(submit(dave_post, alice, "You could ring Owen on (415) 555-0177 tomorrow."))
    assert held.status == VersionStatus.HELD
    client.force_login(alice)
    html = client.get(reverse("ticket_detail", args=[dave_post.reference])).content.decode()
    assert html.count('<mark class="leak"') == 2 and "Replace with “their number”" in html

    phone = next(f for f in held.scans.get().findings if f["kind"] == "phone")
    response = client.post(reverse("gate:redact", args=[held.pk]), {
        "finding": str(held.scans.get().findings.index(phone)), "at": f"{phone['start']}:{phone['end']}",
        "body": held.body,
    }, **HX)
    html = response.content.decode()
    assert "You could ring Owen on their number tomorrow.</textarea>" in html
    assert html.count('<mark class="leak"') == 1 and ">Owen</mark>" in html
    assert "Replace with “your colleague”" in html and "their number”" not in html.split("</ol>")[0].split("<ol")[1]

    draft = Reply.objects.get().latest_version
    at = f"{draft.body.index('Owen')}:{draft.body.index('Owen') + 4}"
    response = client.post(reverse("gate:redact", args=[held.pk]), {"finding": "0", "at": at, "body": draft.body}, **HX)
    html = response.content.decode()
    assert "You could ring your colleague on their number tomorrow.</textarea>" in html
    assert '<mark class="leak"' not in html and "no private details left" in html


def test_a_fix_for_a_span_that_moved_replaces_nothing(client, alice, held_version):
    client.force_login(alice)
    edited = "Sorry! " + held_version.body
    response = client.post(
        reverse("gate:redact", args=[held_version.pk]), {"finding": "0", "at": "29:44", "body": edited}, **HX
    )
    html = response.content.decode()
    assert "The text changed since it was highlighted" in html
    assert f"{edited}</textarea>" in html and Reply.objects.get().latest_version.body == held_version.body
    assert '<input type="hidden" name="at" value="36:51">' in html  # the fresh highlight is offered instead


def test_a_german_held_reply_is_fixed_with_german_words(client, alice, dave_post, submit, worker):
    """The fix's words follow the reply's language, not the agent's pages (English here): offered and written."""
    german = "Hallo, wir rufen Sie heute unter +1 415 555 0134 zurück. Ihre Karte ist nicht betroffen."
    held = worker(submit(dave_post, alice, german))
    assert held.status == VersionStatus.HELD
    client.force_login(alice)
    html = client.get(reverse("gate:composer", args=[dave_post.reference]), **HX).content.decode()
    assert "Replace with “Ihrer hinterlegten Telefonnummer”" in html and "number on your account" not in html
    response = client.post(reverse("gate:redact", args=[held.pk]), {"finding": "0", "body": german}, **HX)
    expected = german.replace("+1 415 555 0134", "Ihrer hinterlegten Telefonnummer")
    assert expected in response.content.decode()
    assert Reply.objects.get().latest_version.body == expected


def test_the_parts_of_one_address_are_replaced_by_one_fix(client, alice, dave_post, submit, worker):
    """A street line and its town, found as two highlights, are one address: either button replaces both."""
    body = "We will post the new card to 221 Baker Street, London NW1 6XE this week."
    held = worker(submit(dave_post, alice, body))
    assert held.status == VersionStatus.HELD and len(held.scans.get().findings) == 2
    client.force_login(alice)
    html = client.get(reverse("gate:composer", args=[dave_post.reference]), **HX).content.decode()
    assert html.count("(in place of “221 Baker Street, London NW1 6XE”)") == 2
    response = client.post(reverse("gate:redact", args=[held.pk]), {"finding": "1", "body": body}, **HX)
    html = response.content.decode()
    assert "We will post the new card to the address on your account this week.</textarea>" in html
    assert '<mark class="leak"' not in html
