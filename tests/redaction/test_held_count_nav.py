"""The navigation's held-replies count: replies waiting for a person in the viewer's queues."""
from django.urls import reverse

from tests.redaction.conftest import LEAKY


def _nav(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("agents:persona")).content.decode()
    return html[html.index('<nav aria-label="Main">'):html.index("</nav>")]


def test_the_held_count_counts_replies_waiting_in_the_viewers_queues(
    client, alice, bob, carol, dave_post, submit, worker
):
    worker(submit(dave_post, alice, LEAKY))
    assert 'aria-label="1 held reply">1<' in _nav(client, carol)
    assert 'aria-label="0 held replies">0<' in _nav(client, bob)


def test_held_replies_follow_the_ticket_scope_admins_included_deleted_tickets_never(
    adam, alice, bob, dave_post, submit, worker
):
    from django.utils import timezone

    from redaction.selectors import held_replies_count, held_replies_for

    worker(submit(dave_post, alice, LEAKY))
    assert [held_replies_count(u) for u in (alice, bob, adam)] == [1, 0, 1]
    dave_post.deleted_at = timezone.now()
    dave_post.save(update_fields=["deleted_at"])
    assert held_replies_count(adam) == 0 and not held_replies_for(alice).exists()
