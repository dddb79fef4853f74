"""Acknowledge, claim, release, resolve, dismiss: the one table of transitions, and conflicts told by persona."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from escalation.models import TRANSITIONS, EntryKind, Escalation, Status
from escalation.services import (
    EscalationConflict,
    escalation_acknowledge,
    escalation_claim,
    escalation_dismiss,
    escalation_note,
    escalation_raise,
    escalation_release,
    escalation_resolve,
)

pytestmark = pytest.mark.django_db

MOVES = {
    Status.ACKNOWLEDGED: lambda e, lead: escalation_acknowledge(escalation=e, lead=lead),
    Status.CLAIMED: lambda e, lead: escalation_claim(escalation=e, lead=lead),
    Status.RESOLVED: lambda e, lead: escalation_resolve(escalation=e, lead=lead, outcome="answered"),
    Status.DISMISSED: lambda e, lead: escalation_dismiss(escalation=e, lead=lead, reason="harmless_sense"),
}


def _in_status(raised, status, lead):
    """Walk `raised` to `status` through the services."""
    path = {Status.OPEN: [], Status.ACKNOWLEDGED: [Status.ACKNOWLEDGED], Status.CLAIMED: [Status.CLAIMED],
            Status.RESOLVED: [Status.RESOLVED], Status.DISMISSED: [Status.DISMISSED]}[status]
    for step in path:
        raised = MOVES[step](raised, lead)
    return raised


@pytest.mark.parametrize("start", list(TRANSITIONS))
@pytest.mark.parametrize("target", list(MOVES))
def test_every_move_follows_the_transitions_table(raised, carol, start, target):
    escalation = _in_status(raised, start, carol)
    allowed = target in TRANSITIONS[start] and not (start == Status.CLAIMED and target == Status.ACKNOWLEDGED)
    if allowed:
        assert MOVES[target](escalation, carol).status == target
    else:
        with pytest.raises(EscalationConflict):
            MOVES[target](escalation, carol)
        assert Escalation.objects.get(pk=raised.pk).status == start


def test_release_is_the_way_from_claimed_back_to_acknowledged(raised, carol):
    claimed = escalation_claim(escalation=raised, lead=carol)
    released = escalation_release(escalation=claimed, lead=carol, note="Handing over to the night shift")
    assert released.status == Status.ACKNOWLEDGED and released.claimed_by is None
    assert released.acknowledged_by == carol


def test_claim_acknowledges_and_moves_the_deadline_to_resolve_by(raised, carol):
    claimed = escalation_claim(escalation=raised, lead=carol)
    assert claimed.status == Status.CLAIMED
    assert claimed.claimed_by == carol and claimed.acknowledged_by == carol
    assert claimed.acknowledged_at == claimed.claimed_at
    assert claimed.due_at == claimed.resolve_by
    kinds = [e.kind for e in claimed.entries.exclude(kind=EntryKind.ALERTED).order_by("id")]
    assert kinds == [EntryKind.RAISED, EntryKind.CLAIMED]


def test_the_second_claim_is_told_who_won_by_persona(raised, carol, adam):
    escalation_claim(escalation=raised, lead=carol)
    with pytest.raises(EscalationConflict) as conflict:
        escalation_claim(escalation=raised, lead=adam)
    assert str(conflict.value) == "Already claimed by North Star."
    assert "Realname" not in str(conflict.value) and "carol" not in str(conflict.value)
    assert Escalation.objects.get(pk=raised.pk).claimed_by == carol


def test_first_acknowledgement_is_kept(raised, carol, adam):
    escalation_acknowledge(escalation=raised, lead=adam)
    claimed = escalation_claim(escalation=raised, lead=carol)
    assert claimed.acknowledged_by == adam and claimed.claimed_by == carol


def test_only_the_claimer_can_release(raised, carol, adam):
    escalation_claim(escalation=raised, lead=carol)
    with pytest.raises(EscalationConflict):
        escalation_release(escalation=raised, lead=adam)


def test_resolve_records_outcome_and_closes_the_clock(raised, carol):
    resolved = escalation_resolve(escalation=raised, lead=carol, outcome="referred", note="Gave crisis line")
    assert resolved.status == Status.RESOLVED and resolved.outcome == "referred"
    assert resolved.closed_by == carol and resolved.resolved_at is not None and resolved.due_at is None
    assert resolved.acknowledged_at is not None
    entry = resolved.entries.latest("id")
    assert entry.kind == EntryKind.RESOLVED and entry.data == {"outcome": "referred"}


def test_dismissal_keeps_category_message_and_triggers_as_labelled_data(raised, carol, detection):
    from escalation.selectors import dismissals_as_labels

    dismissed = escalation_dismiss(escalation=raised, lead=carol, reason="harmless_sense", note="A joke")
    assert dismissed.dismissal_reason == "harmless_sense"
    labelled = dismissals_as_labels().get()
    assert labelled.category == "self_harm" and labelled.detection == detection
    assert labelled.message.body == raised.message.body


def test_a_second_close_is_told_who_closed_it(raised, carol, adam):
    escalation_dismiss(escalation=raised, lead=carol, reason="not_urgent")
    with pytest.raises(EscalationConflict, match="Already dismissed by North Star"):
        escalation_resolve(escalation=raised, lead=adam, outcome="answered")


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda e, lead: escalation_resolve(escalation=e, lead=lead, outcome="made up"), "outcome"),
        (lambda e, lead: escalation_dismiss(escalation=e, lead=lead, reason=""), "reason"),
        (lambda e, lead: escalation_note(escalation=e, lead=lead, note="  "), "note"),
        (lambda e, lead: escalation_acknowledge(escalation=e, lead=lead, note="x" * 2001), "note"),
    ],
)
def test_bad_input_names_the_field(raised, carol, call, field):
    with pytest.raises(ValidationError) as error:
        call(raised, carol)
    assert field in error.value.message_dict
    assert Escalation.objects.get(pk=raised.pk).status == Status.OPEN


@pytest.mark.parametrize("who", ["lou", "alice", "dave"])
def test_only_leads_of_the_queue_may_act(raised, request, who):
    person = request.getfixturevalue(who)
    for move in MOVES.values():
        with pytest.raises(PermissionDenied):
            move(raised, person)
    with pytest.raises(PermissionDenied):
        escalation_note(escalation=raised, lead=person, note="hello")
    assert Escalation.objects.get(pk=raised.pk).status == Status.OPEN


def test_lead_of_queue_b_acts_on_queue_b(erin_ticket, lou):
    escalation = escalation_raise(ticket=erin_ticket, category="press_media")
    assert escalation_claim(escalation=escalation, lead=lou).claimed_by == lou
