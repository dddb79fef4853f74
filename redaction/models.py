"""The reply gate's state: an outgoing reply, its versions, and every scan of them.

The database row is the source of truth and the broker only a doorbell: a version's `status` says where it
is, whatever happened to the task message. Versions and scans are never edited after the fact (a draft's body
is the one exception, until it is submitted), so the history of what was scanned and published stays.
"""
import hashlib

from django.conf import settings
from django.db import connections, models
from django.db.models.sql import UpdateQuery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for the scan")
    SCANNING = "scanning", _("Scanning")
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Held")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


IN_FLIGHT = (VersionStatus.PENDING, VersionStatus.SCANNING)

# Every move a version's status may make. Each write checks it (`ReplyVersionQuerySet.move`, `transition_check`),
# and the state-machine test (tests/redaction/test_gate_properties.py) checks every change it sees against it.
# A version is created as a draft (typing) or pending (Send); the database triggers refuse any other start.
TRANSITIONS: dict[str, frozenset[str]] = {
    VersionStatus.DRAFT: frozenset({VersionStatus.PENDING}),  # Send
    # A worker claims it; held without a scan if its attempts are used up.
    VersionStatus.PENDING: frozenset({VersionStatus.SCANNING, VersionStatus.HELD}),
    VersionStatus.SCANNING: frozenset({
        VersionStatus.SCANNING,  # its lease lapsed (the worker died) and another worker takes it over
        VersionStatus.PENDING,  # given back untried (database trouble, or the batch ran out of time)
        VersionStatus.PUBLISHED,  # a clean scan of exactly its text
        VersionStatus.HELD,  # findings, a scanner error or timeout, or publication refused it
    }),
    VersionStatus.HELD: frozenset({
        VersionStatus.PUBLISHED,  # a team lead's override, with a reason
        VersionStatus.SUPERSEDED,  # its author sent a new version
    }),
    VersionStatus.PUBLISHED: frozenset(),
    VersionStatus.SUPERSEDED: frozenset(),
}


class TransitionRefused(Exception):
    """A write tried a move that TRANSITIONS does not allow: a bug, refused before anything is written."""


def transition_check(source: str, target: str) -> None:
    if target not in TRANSITIONS[source]:
        raise TransitionRefused(f"a reply version cannot go from {source} to {target}")


class ReplyState(models.TextChoices):
    """Where a reply stands for the people working it: not a copy of its versions' statuses. While a version is
    being checked the reply is `pending`, whether or not a worker has claimed it yet; a draft typed over a held
    version leaves the reply held, so the Held view does not lose it."""

    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Being checked")
    HELD = "held", _("Held")
    PUBLISHED = "published", _("Published")


class Reply(models.Model):
    """One outgoing public reply through all its versions, until it is published (`state`: see ReplyState)."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="gate_replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="gate_replies"
    )
    state = models.CharField(max_length=12, choices=ReplyState.choices, default=ReplyState.DRAFT)
    latest_version = models.ForeignKey(
        "ReplyVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_message = models.OneToOneField(
        "tickets.Message", null=True, blank=True, on_delete=models.PROTECT, related_name="gate_reply"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["ticket", "author", "state"]),
            # The held view: the few replies waiting for a person, oldest first.
            models.Index(fields=["updated_at", "id"], condition=models.Q(state="held"), name="reply_held_idx"),
        ]
        constraints = [
            # Two first Sends at once (a double click, an API retry, autosave racing Send) meet here: the second
            # insert waits for the first transaction and fails once it commits (`gate._open_reply_locked`).
            models.UniqueConstraint(
                fields=["ticket", "author"],
                condition=~models.Q(state=ReplyState.PUBLISHED),
                name="one_open_reply_per_ticket_author",
            ),
            models.CheckConstraint(condition=models.Q(state__in=ReplyState.values), name="reply_state_known"),
        ]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"reply #{self.pk} ({self.state})"


class ReplyVersionQuerySet(models.QuerySet):
    def move(self, target: str, *, source: tuple[str, ...] | list[str], **fields) -> int:
        """Move the rows still in one of `source` to `target` with one conditional update; returns how many
        moved (fewer than expected: someone else moved one first). A move TRANSITIONS does not allow raises
        TransitionRefused before anything is written."""
        for status in source:
            transition_check(status, target)
        return self.filter(status__in=source).update(status=target, **fields)

    def move_returning(
        self, target: str, *, source: tuple[str, ...] | list[str], columns: tuple[str, ...], flush: bool = True,
        **fields,
    ) -> list[tuple]:
        """`move`, returning each moved row's `columns` (as they are after the move) from the same statement:
        a worker's claim learns which rows it took without a transaction around a read and a write.

        `flush=False` (outside a transaction, on PostgreSQL): the statement's commit does not wait for the disk.
        Only for a write whose loss in a database crash is harmless: a claim (a lease), lost, leaves the version
        to be claimed and scanned again; nothing was decided under it, since every verdict is written by a
        later, flushed commit, which also flushes this one."""
        for status in source:
            transition_check(status, target)
        return self.filter(status__in=source)._update_returning({"status": target, **fields}, columns, flush)

    def _update_returning(self, values: dict, columns: tuple[str, ...], flush: bool) -> list[tuple]:
        """`update(**values)` with `RETURNING columns` (PostgreSQL, and SQLite since 3.35); the ORM's update
        returns only a count."""
        query = self.query.chain(UpdateQuery)
        query.add_update_values(values)
        sql, params = query.get_compiler(self.db).as_sql()
        connection = connections[self.db]
        names = ", ".join(connection.ops.quote_name(self.model._meta.get_field(c).column) for c in columns)
        sql = f"{sql} RETURNING {names}"
        if not flush and connection.vendor == "postgresql" and connection.get_autocommit():
            # Sent as one query, so one implicit transaction: the setting lasts for this statement only.
            sql = f"SET LOCAL synchronous_commit TO OFF; {sql}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class ReplyVersion(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    sha256 = models.CharField(max_length=64)
    # Staff-written text published with the body, frozen at Send and scanned with it: the persona's alias and
    # signature, and on a ticket whose subject staff wrote and the customer has not seen yet, that subject. The
    # avatar seed is frozen with the alias (not text: a pattern drawn from it), so the reply goes out under the
    # persona its author saw at Send, whatever the persona is by publication.
    subject = models.CharField(max_length=200, blank=True, db_default="")
    signature = models.TextField(blank=True, db_default="")
    alias = models.CharField(max_length=60, blank=True, db_default="")
    avatar_seed = models.CharField(max_length=32, blank=True, db_default="")
    status = models.CharField(max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When the doorbell was last rung (submit or sweep): the sweep re-rings versions that waited too long.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # Times the sweep rang again; each ring waits twice as long (capped) so a backlog is not flooded.
    rings = models.PositiveSmallIntegerField(default=0)
    scan_started_at = models.DateTimeField(null=True, blank=True)
    # Scans started; counted before scanning, so a version that kills its worker every time ends held.
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A lead's override of a hold: who and why. The PostgreSQL trigger accepts these in place of a clean scan.
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_reason = models.TextField(blank=True)
    # "Send, then pending / solved": the ticket's status once this version is published (never before, so the
    # customer never sees "solved" without the reply that solved it). Empty: the status stays as it is.
    then_status = models.CharField(max_length=10, blank=True, db_default="", default="")
    # The files frozen with the version at Send (`redaction.replyfiles.files_digest`); empty: none. A scan
    # records the digest of the bytes it read, and publication recomputes it, so a swapped file is never sent.
    files_sha256 = models.CharField(max_length=64, blank=True, db_default="", default="")

    objects = ReplyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["reply_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["reply", "number"], name="one_number_per_reply_version"),
        ]
        indexes = [models.Index(fields=["status", "enqueued_at"])]

    def __str__(self) -> str:
        return f"reply #{self.reply_id} v{self.number} ({self.status})"

    @property
    def is_in_flight(self) -> bool:
        return self.status in IN_FLIGHT

    def latest_scan(self) -> "ReplyScan | None":
        return self.scans.order_by("-id").first()


class ReplyScan(models.Model):
    """One run of the scanner over one version: what was scanned (its hash), with what, and what it found."""

    version = models.ForeignKey(ReplyVersion, on_delete=models.PROTECT, related_name="scans")
    sha256 = models.CharField(max_length=64)
    scanner_version = models.CharField(max_length=20)
    policy_digest = models.CharField(max_length=64)
    findings = models.JSONField(default=list)
    # A detector crash or timeout: never "clean", the version is held for a person with this text.
    error = models.CharField(max_length=300, blank=True)
    # The digest of the version's files as this scan read them (empty: the version has none).
    files_sha256 = models.CharField(max_length=64, blank=True, db_default="", default="")
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"scan #{self.pk} of version {self.version_id}"

    @property
    def is_clean(self) -> bool:
        return not self.error and not self.findings


def _reply_file_path(instance: "ReplyFile", filename: str) -> str:
    return f"reply-files/{timezone.now():%Y/%m}/{filename}"


class ReplyFile(models.Model):
    """A file an agent attached to a reply version, frozen with it: its bytes' SHA-256 and the text extracted
    from it at Send, which the worker scans with the body (`worker.version_parts`). A new version on top of
    this one gets its own rows for the same stored file (`gate._version_write`); the published reply's
    `tickets.Attachment` rows point at the same stored file too. Never edited after it is made."""

    version = models.ForeignKey(ReplyVersion, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to=_reply_file_path, max_length=300)
    filename = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)  # for images, the words in their metadata (redaction.imagetext)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version_id", "id"]

    def __str__(self) -> str:
        return self.filename


class SendKey(models.Model):
    """An API client's `Idempotency-Key` for one Send: a retry with the same key and text gets the version the
    first request made, never a second one; the same key with another text or ticket is refused."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=255)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    version = models.ForeignKey(ReplyVersion, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author", "key"], name="one_send_per_author_key")]

    def __str__(self) -> str:
        return f"send key for version {self.version_id}"


from redaction.models_audit import AuditHit, AuditRun  # noqa: E402,F401  (the retro-audit's models)
