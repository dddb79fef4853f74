"""Two (or more) leads claim one escalation at the same moment, each in their own connection: one wins."""
import threading

import pytest
from django.conf import settings
from django.db import connections

from agents.models import Role
from escalation.models import EntryKind, Escalation, Status
from escalation.services import EscalationConflict, escalation_claim, escalation_raise
from tests.conftest import _staff

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_have_exactly_one_winner_and_the_others_are_told_who(dave_ticket, queue_a):
    leads = [_staff(f"lead{n}", f"Lead{n} Realname", Role.LEAD, f"Beacon {n}", [queue_a]) for n in range(6)]
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    barrier = threading.Barrier(len(leads))
    won: list[str] = []
    told: list[str] = []
    errors: list[BaseException] = []

    def claim(lead):
        try:
            barrier.wait()
            escalation_claim(escalation=escalation, lead=lead)
            won.append(lead.username)
        except EscalationConflict as conflict:
            told.append(str(conflict))
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(lead,)) for lead in leads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(won) == 1
    winner = Escalation.objects.select_related("claimed_by__staff__persona").get(pk=escalation.pk)
    assert winner.status == Status.CLAIMED and winner.claimed_by.username == won[0]
    alias = winner.claimed_by.staff.persona.alias
    assert told == [f"Already claimed by {alias}."] * (len(leads) - 1)
    assert winner.entries.filter(kind=EntryKind.CLAIMED).count() == 1
