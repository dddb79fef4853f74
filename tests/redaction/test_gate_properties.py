"""Property: whatever agents, workers and leads do, in any order, no text is published without a clean scan
of exactly that text (or a lead's recorded override), nothing is published or notified twice, and every change
of a version's status is one the TRANSITIONS table allows (seen at the ORM, whichever code wrote it)."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from agents.models import Role
from redaction import gate, publication
from redaction import worker as gate_worker
from redaction.models import (
    TRANSITIONS,
    Reply,
    ReplyState,
    ReplyVersion,
    ReplyVersionQuerySet,
    VersionStatus,
    body_sha256,
)
from tests.factories import CustomerFactory, MessageFactory, PersonaFactory, QueueFactory, StaffFactory, TicketFactory
from tickets.models import Channel, Message, MessageKind, Notification

TEXTS = [
    "The refund is on its way.",
    "We will call you on +1 415 555 0134.",
    "Write to dave.prop@mail.example for the invoice.",
    "Thanks, all sorted.",
]


class GateMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        queue = QueueFactory()
        self.agent = StaffFactory(role=Role.AGENT).user
        self.lead = StaffFactory(role=Role.LEAD).user
        for user in (self.agent, self.lead):
            PersonaFactory(staff=user.staff)
            queue.members.add(user)
        customer = CustomerFactory(phones=["+1 415 555 0134"], emails=["dave.prop@mail.example"])
        self.ticket = TicketFactory(customer=customer, queue=queue, channel=Channel.SOCIAL, replies_public=True)
        MessageFactory(ticket=self.ticket, body="@tact help", is_public_post=True)

    def _versions(self):
        return ReplyVersion.objects.filter(reply__ticket=self.ticket)

    def _pick(self, data, **filters):
        ids = list(self._versions().filter(**filters).values_list("pk", flat=True))
        return data.draw(st.sampled_from(ids)) if ids else None

    @rule(text=st.sampled_from(TEXTS), by_lead=st.booleans())
    def submit(self, text, by_lead):
        try:
            gate.reply_submit(ticket=self.ticket, author=self.lead if by_lead else self.agent, body=text)
        except ValidationError:
            pass  # that author's reply is being checked

    @rule(text=st.sampled_from(TEXTS))
    def type_draft(self, text):
        try:
            gate.draft_save(ticket=self.ticket, author=self.agent, body=text)
        except ValidationError:
            pass

    @rule(data=st.data())
    def worker_scans(self, data):
        version_id = self._pick(data, status__in=["pending", "scanning"])
        if version_id:
            gate_worker.reply_scan(version_id=version_id)

    @rule(data=st.data())
    def worker_scans_any_version_again(self, data):
        version_id = self._pick(data)
        if version_id:
            gate_worker.reply_scan(version_id=version_id)

    @rule(data=st.data())
    def worker_killed_mid_scan(self, data):
        version_id = self._pick(data, status__in=["pending", "scanning"])
        if version_id:
            gate_worker._claim(version_id)

    @rule(data=st.data(), text=st.sampled_from(TEXTS))
    def text_changed_behind_the_gates_back(self, data, text):
        version_id = self._pick(data, status__in=["pending", "scanning"])
        if version_id:
            ReplyVersion.objects.filter(pk=version_id).update(body=text)

    @rule(data=st.data(), by_lead=st.booleans(), reason=st.sampled_from(["", "Customer asked us to."]))
    def override(self, data, by_lead, reason):
        version_id = self._pick(data)
        if version_id:
            try:
                publication.reply_override(
                    version=ReplyVersion.objects.get(pk=version_id), lead=self.lead if by_lead else self.agent,
                    reason=reason,
                )
            except (PermissionDenied, ValidationError, publication.PublishRefused):
                pass

    @invariant()
    def every_published_text_had_a_clean_scan_of_itself_or_an_override(self):
        messages = Message.objects.filter(ticket=self.ticket, kind=MessageKind.PUBLIC_REPLY)
        for message in messages:
            reply = Reply.objects.get(published_message=message)
            version = reply.versions.get(status=VersionStatus.PUBLISHED)
            assert version.body == message.body and version.sha256 == body_sha256(message.body)
            if version.overridden_by_id:
                assert version.overridden_by_id == self.lead.pk and version.override_reason.strip()
            else:
                assert version.scans.filter(sha256=body_sha256(message.body), error="", findings=[]).exists()
        assert self._versions().filter(status=VersionStatus.PUBLISHED).count() == messages.count()
        assert Notification.objects.filter(message__in=messages).count() == messages.count()

    @invariant()
    def every_status_change_is_in_the_table(self):
        refused = [(old, new) for old, new in MOVES if new not in TRANSITIONS.get(old, INITIAL)]
        assert refused == []
        assert set(Reply.objects.values_list("state", flat=True)) <= set(ReplyState.values)

    @invariant()
    def a_reply_is_published_at_most_once(self):
        for reply in Reply.objects.filter(ticket=self.ticket):
            assert reply.versions.filter(status=VersionStatus.PUBLISHED).count() <= 1


# Every (old, new) status a version was written with during the run; "" for a version being created.
MOVES: list[tuple[str, str]] = []
INITIAL = frozenset({VersionStatus.DRAFT, VersionStatus.PENDING})


@pytest.fixture
def status_writes(monkeypatch):
    """Record every status write to a version, by conditional update (with or without RETURNING) or by saving
    an instance."""
    real_update, real_save = ReplyVersionQuerySet.update, ReplyVersion.save
    real_update_returning = ReplyVersionQuerySet._update_returning

    def update(self, **fields):
        if "status" in fields:
            MOVES.extend((old, fields["status"]) for old in self.values_list("status", flat=True))
        return real_update(self, **fields)

    def update_returning(self, values, *args):
        if "status" in values:
            MOVES.extend((old, values["status"]) for old in self.values_list("status", flat=True))
        return real_update_returning(self, values, *args)

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if self.pk is None:
            MOVES.append(("", self.status))
        elif fields is None or "status" in fields:
            old = ReplyVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if old != self.status:
                MOVES.append((old, self.status))
        return real_save(self, *args, **kwargs)

    MOVES.clear()
    monkeypatch.setattr(ReplyVersionQuerySet, "update", update)
    monkeypatch.setattr(ReplyVersionQuerySet, "_update_returning", update_returning)
    monkeypatch.setattr(ReplyVersion, "save", save)
    yield MOVES
    MOVES.clear()


@pytest.mark.django_db
@pytest.mark.slow
def test_no_sequence_publishes_text_without_a_clean_scan_of_it(status_writes):
    run_state_machine_as_test(
        GateMachine,
        settings=settings(
            max_examples=40, stateful_step_count=20, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


@pytest.mark.django_db
def test_the_recorder_sees_a_write_that_skips_the_table(status_writes, alice, dave_post):
    """The check itself: a raw conditional update from draft straight to held is recorded, and is not allowed."""
    version = gate.draft_save(ticket=dave_post, author=alice, body="Draft")
    ReplyVersion.objects.filter(pk=version.pk).update(status=VersionStatus.HELD)
    assert status_writes == [("", VersionStatus.DRAFT), (VersionStatus.DRAFT, VersionStatus.HELD)]
    assert VersionStatus.HELD not in TRANSITIONS[VersionStatus.DRAFT]


@pytest.mark.django_db
def test_the_recorder_sees_a_claim(status_writes, alice, dave_post, rung):
    """A worker's claim moves versions with one UPDATE … RETURNING, recorded like any other write."""
    version = gate.reply_submit(ticket=dave_post, author=alice, body="Thanks, all sorted.")
    gate_worker._claim(version.pk)
    assert (VersionStatus.PENDING, VersionStatus.SCANNING) in status_writes
