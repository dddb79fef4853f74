"""A raise locks the ticket's row before its escalations', the order a move takes them in.

A raise that joins an active escalation (a second safety report, with hand-back) and a move of the ticket
(`ticket_change`, then `escalations_follow_ticket`) each lock both rows; in opposite orders PostgreSQL aborts
one of them as a deadlock.
"""
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalation.models import Escalation
from escalation.services import escalation_raise

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite has no row locks: FOR UPDATE is left out"),
]


def _locked_tables(queries) -> list[str]:
    return [
        query["sql"].split(' FROM "', 1)[1].split('"', 1)[0] for query in queries if "FOR UPDATE" in query["sql"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("existing", [False, True], ids=["first raise", "a raise that joins"])
def test_a_raise_locks_the_ticket_before_its_escalations(dave_ticket, existing):
    if existing:
        escalation_raise(ticket=dave_ticket, category="threat_violence")
    with CaptureQueriesContext(connection) as captured:
        escalation_raise(ticket=dave_ticket, category="threat_violence", note="again")
    locked = _locked_tables(captured.captured_queries)
    assert locked[:2] == ["tickets_ticket", "escalation_escalation"]
    assert Escalation.objects.filter(ticket=dave_ticket).count() == 1
