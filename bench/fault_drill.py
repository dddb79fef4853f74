"""Fault drill for the reply gate: replies are never published unscanned, never lost, never notified twice —
while workers are SIGKILLed mid-scan, Redis is killed (once losing everything), PostgreSQL restarts and
Redis is paused under the agents' Send.

    .venv/bin/python bench/fault_drill.py [--replies 1000] [--leaky-share 0.3] [--no-pg-restart]

Runs on PostgreSQL (its own database, tact_drill_<pid>, dropped at the end) with its own Redis (port 6393 or
the next free one) and two real Celery workers (prefork, concurrency 1). Replies come from the leak corpus,
each on its own seeded ticket with the row's full context, submitted through `redaction.services.reply_submit`
at a steady pace; agents press Send again when the database is briefly gone. A sweeper thread stands in for
beat (every 2 s, stall threshold 20 s). Faults follow a fixed timeline over the submit window. Then it checks:
0 lost, 0 published unscanned, 0 hash mismatches, 0 double publications, 0 duplicate emails, every Send
under a second while Redis was paused; prints the drain time after recovery; exits 1 on any failure.
PostgreSQL is restarted (never left stopped: it is started again on the way out if it is not up).
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402

SWEEP_EVERY_S = 2
# Short, so stranded replies are found soon after recovery; long enough that a backlog still moving through
# the queue is not rung again on every sweep (each ring is one more message for the workers).
STALL_SECONDS = 20
# A killed worker's claims lapse after this; then the next doorbell or sweep takes them (the default is 30 s).
SCAN_LEASE_S = 10
PAUSE_MS = 3000
SEND_LIMIT_S = 1.0
RUNTIME_BUDGET_S = 285  # the whole drill, seeding to clean-up, stays under 5 minutes


def pg_cluster(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action], check=True, timeout=90,
        stdout=subprocess.DEVNULL,
    )


def ensure_pg_up() -> None:
    if not h.pg_ready():
        print("drill: PostgreSQL is not answering; starting it", flush=True)
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", sorted(os.listdir("/etc/postgresql"))[-1], "main",
             "start"], check=False, timeout=90,
        )
    h.wait_until(h.pg_ready, timeout=60, interval=0.5)


@dataclass
class Drill:
    workers: list[h.Worker]
    redis: h.RedisServer
    pg_restart: bool
    started: float = field(default_factory=time.monotonic)
    log: list[str] = field(default_factory=list)
    pause_window: tuple[float, float] | None = None
    recovered_at: float = 0.0

    def now(self) -> float:
        return time.monotonic() - self.started

    def note(self, text: str) -> None:
        line = f"  t={self.now():6.1f}s  {text}"
        self.log.append(line)
        print(line, flush=True)


def _scanning_now() -> int:
    from django.db import connection

    from redaction.models import ReplyVersion

    try:
        return ReplyVersion.objects.filter(status="scanning").count()
    except Exception:
        connection.close()
        return -1


def _kill_pools_mid_scan(drill: Drill) -> None:
    h.wait_until(lambda: _scanning_now() > 0, timeout=3, interval=0.02)
    scanning = _scanning_now()
    killed = sum(w.kill_pool() for w in drill.workers)
    drill.note(f"SIGKILL {killed} pool processes ({scanning} versions scanning at that moment)")


def _kill_worker(drill: Drill, index: int) -> None:
    worker = drill.workers[index]
    scanning = _scanning_now()
    worker.kill()
    drill.note(f"SIGKILL worker {worker.name} (master and pool; {scanning} scanning); restart in 1 s")
    time.sleep(1)
    worker.start()


def _redis_restart(drill: Drill, *, keep_data: bool) -> None:
    queued = drill.redis.cli("LLEN", "celery")
    left = drill.redis.restart(keep_data=keep_data)
    what = "kept its data" if keep_data else "WIPED"
    drill.note(f"Redis SIGKILLed and restarted, {what}: {queued} queued before, {left} after")


def _pg_restart(drill: Drill) -> None:
    began = time.monotonic()
    pg_cluster("restart")
    h.wait_until(h.pg_ready, timeout=60, interval=0.2)
    drill.note(f"PostgreSQL restarted ({time.monotonic() - began:.1f} s)")


def _redis_pause(drill: Drill) -> None:
    drill.redis.cli("CLIENT", "PAUSE", str(PAUSE_MS))
    start = drill.now()
    drill.pause_window = (start, start + PAUSE_MS / 1000)
    drill.note(f"Redis CLIENT PAUSE {PAUSE_MS} ms")


def fault_timeline(drill: Drill) -> list[tuple[float, str, object]]:
    """(fraction of the submit window, description, action): the order of the faults."""
    steps = [
        (0.08, "kill pools", lambda: _kill_pools_mid_scan(drill)),
        (0.16, "kill worker 2", lambda: _kill_worker(drill, 1)),
        (0.26, "redis restart (kept)", lambda: _redis_restart(drill, keep_data=True)),
        (0.36, "kill pools", lambda: _kill_pools_mid_scan(drill)),
        (0.46, "redis restart (wiped)", lambda: _redis_restart(drill, keep_data=False)),
        (0.56, "postgres restart", lambda: _pg_restart(drill)),
        (0.68, "kill pools", lambda: _kill_pools_mid_scan(drill)),
        (0.76, "redis pause", lambda: _redis_pause(drill)),
        (0.88, "kill worker 1", lambda: _kill_worker(drill, 0)),
    ]
    return [s for s in steps if drill.pg_restart or s[1] != "postgres restart"]


def run_faults(drill: Drill, window_s: float, errors: list[str]) -> None:
    from django.db import connection

    try:
        for fraction, _name, action in fault_timeline(drill):
            time.sleep(max(0.0, fraction * window_s - drill.now()))
            action()
        drill.recovered_at = drill.now()
        drill.note("all faults over; Redis, PostgreSQL and both workers up")
    except Exception as exc:  # a fault we could not inject is a failed drill, not a silent pass
        errors.append(f"fault injection failed: {exc!r}")
        drill.recovered_at = drill.now()
    finally:
        connection.close()


def run_sweeper(stop: threading.Event, counts: dict) -> None:
    """Beat's job, on a short interval: re-ring stalled replies and forgotten notifications."""
    from django.db import close_old_connections, connection

    from redaction import services
    from tickets.notifications import notifications_resend_pending

    while not stop.wait(SWEEP_EVERY_S):
        try:
            close_old_connections()
            counts["replies"] += services.replies_sweep()
            counts["notifications"] += notifications_resend_pending()
        except Exception:
            counts["errors"] += 1
            connection.close()
    connection.close()


@dataclass
class Send:
    ticket_id: int
    at: float
    seconds: float


def submit_all(drill: Drill, jobs, window_s: float) -> tuple[list[Send], int]:
    """Press Send for every job at a steady pace; on a database error, press it again (as an agent would)."""
    from django.contrib.auth.models import User
    from django.core.exceptions import ValidationError
    from django.db import DatabaseError, close_old_connections, connection

    from redaction import services
    from tickets.models import Ticket

    authors = {u.pk: u for u in User.objects.filter(pk__in={a for _, a, _, _ in jobs})}
    tickets = Ticket.objects.in_bulk([t for t, *_ in jobs])
    sends: list[Send] = []
    failed_presses = 0
    rate = len(jobs) / window_s
    for i, (ticket_id, author_id, text, _leaky) in enumerate(jobs):
        time.sleep(max(0.0, i / rate - drill.now()))
        while True:
            close_old_connections()
            at, began = drill.now(), time.perf_counter()
            try:
                services.reply_submit(ticket=tickets[ticket_id], author=authors[author_id], body=text)
            except ValidationError:
                # "This reply is being checked": an earlier press committed before its connection dropped.
                break
            except DatabaseError:
                failed_presses += 1
                connection.close()
                time.sleep(0.2)
                continue
            sends.append(Send(ticket_id, at, time.perf_counter() - began))
            break
    return sends, failed_presses


def check(ticket_ids: list[int], mail_dir: Path) -> tuple[list[str], dict]:
    """The drill's invariants, from the database and the mail folder. Returns (failures, figures)."""
    from collections import Counter

    from redaction.models import Reply, ReplyScan, ReplyVersion, body_sha256
    from tickets.models import Message, MessageKind, Notification

    failures: list[str] = []
    replies = list(Reply.objects.filter(ticket_id__in=ticket_ids).select_related("latest_version", "published_message"))
    by_ticket = Counter(r.ticket_id for r in replies)
    states = Counter(r.latest_version.status for r in replies)
    missing = [t for t in ticket_ids if t not in by_ticket]
    undecided = [r.pk for r in replies if r.latest_version.status not in ("published", "held")]
    if missing or undecided:
        failures.append(f"lost: {len(missing)} submitted replies missing, {len(undecided)} neither published nor held")

    messages = list(Message.objects.filter(kind=MessageKind.PUBLIC_REPLY, ticket_id__in=ticket_ids))
    per_ticket = Counter(m.ticket_id for m in messages)
    doubles = sum(1 for c in per_ticket.values() if c > 1)
    if doubles:
        failures.append(f"double publication: {doubles} tickets have more than one published reply")
    gate_of = {r.published_message_id: r for r in replies if r.published_message_id}
    clean_hashes: dict[int, set[str]] = {}
    for version_id, sha in ReplyScan.objects.filter(
        version__reply__ticket_id__in=ticket_ids, error="", findings=[]
    ).values_list("version_id", "sha256"):
        clean_hashes.setdefault(version_id, set()).add(sha)
    unscanned = mismatched = 0
    for message in messages:
        reply = gate_of.get(message.pk)
        version = reply.latest_version if reply else None
        if version is None or version.status != "published" or not clean_hashes.get(version.pk):
            unscanned += 1
        elif body_sha256(message.body) not in clean_hashes[version.pk] or version.sha256 != body_sha256(message.body):
            mismatched += 1
    if unscanned:
        failures.append(f"published unscanned: {unscanned}")
    if mismatched:
        failures.append(f"published with a hash mismatch: {mismatched}")

    notifications = dict(Notification.objects.filter(message__in=messages).values_list("pk", "state"))
    emails = h.emails_per_notification(mail_dir)
    duplicate = sum(c - 1 for pk, c in emails.items() if c > 1)
    stray = sum(c for pk, c in emails.items() if pk not in notifications)
    with_row = Notification.objects.filter(message__in=messages).values_list("message_id", flat=True)
    without_row = len(messages) - len(set(with_row))
    if duplicate or stray:
        failures.append(f"duplicate notifications: {duplicate} repeated emails, {stray} emails for no published reply")
    if without_row:
        failures.append(f"{without_row} published replies have no notification row")
    unseen = [pk for pk, state in notifications.items() if state == "sent" and not emails[pk]]
    if unseen:  # the email count itself is broken: a clean "0 duplicates" would mean nothing
        failures.append(f"{len(unseen)} notifications marked sent have no email in the mail folder")
    figures = {
        "states": dict(states),
        "published": len(messages),
        "notification_states": dict(Counter(notifications.values())),
        "emails": sum(emails.values()),
        "rescanned": ReplyVersion.objects.filter(reply__ticket_id__in=ticket_ids, attempts__gt=1).count(),
        "held_errors": ReplyScan.objects.filter(version__reply__ticket_id__in=ticket_ids, version__status="held")
        .exclude(error="").count(),
    }
    return failures, figures


def _decided(ticket_ids) -> bool:
    from django.db import close_old_connections

    from redaction.models import ReplyVersion

    close_old_connections()
    return not ReplyVersion.objects.filter(reply__ticket_id__in=ticket_ids, status__in=["pending", "scanning"]).exists()


def _notifications_settled(ticket_ids) -> bool:
    from tickets.models import Notification

    return not Notification.objects.filter(message__ticket_id__in=ticket_ids, state="pending").exists()


def _stop_all(stop: threading.Event, workers: list[h.Worker]) -> None:
    stop.set()
    for worker in workers:
        worker.stop(timeout=5)


def choose_rows(rows: list[dict], count: int, leaky_share: float, seed: int = 4) -> list[dict]:
    """`count` corpus rows, `leaky_share` of them leaky, in a shuffled but repeatable order."""
    rng = random.Random(seed)
    leaky = [r for r in rows if r["labels"]]
    clean = [r for r in rows if not r["labels"]]
    n_leaky = round(count * leaky_share)
    chosen = h.cycle_rows(rng.sample(leaky, len(leaky)), n_leaky) + h.cycle_rows(clean, count - n_leaky)
    rng.shuffle(chosen)
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--leaky-share", type=float, default=0.3)
    parser.add_argument("--window", type=float, default=40.0, help="seconds over which replies are submitted")
    parser.add_argument("--no-pg-restart", action="store_true", help="skip the PostgreSQL restart (shared dev box)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (worker logs, mail) for a look")
    args = parser.parse_args()

    wall = time.monotonic()
    rows = h.load_corpus()
    chosen = choose_rows(rows, args.replies, args.leaky_share)
    workdir = Path(tempfile.mkdtemp(prefix="tact-drill-"))
    redis = h.RedisServer(h.free_port(6393), workdir)
    workers: list[h.Worker] = []
    failures: list[str] = []
    stop = threading.Event()
    try:
        with h.fresh_database("tact_drill") as db_name:
            redis.start()
            env = h.bench_env(
                db_name=db_name, redis_url=redis.url, workdir=workdir,
                redaction={
                    "COMPANY": h.corpus_company(rows), "STALL_SECONDS": STALL_SECONDS, "SCAN_LEASE_S": SCAN_LEASE_S,
                },
                extra={"TACT_BROKER_VISIBILITY_TIMEOUT": "10"},
            )
            h.django_setup(env)
            jobs = h.seed_tickets(chosen)
            ticket_ids = [t for t, *_ in jobs]
            leaky = sum(j[3] for j in jobs)
            print(f"drill: {len(jobs)} replies ({leaky} leaky per the corpus) over {args.window:.0f} s; "
                  f"database {db_name}, redis :{redis.port}; load average {os.getloadavg()[0]:.1f}", flush=True)

            workers += [h.Worker("w1", env, workdir), h.Worker("w2", env, workdir)]
            for worker in workers:
                worker.start()
            if not h.wait_for_workers(workers):
                raise RuntimeError(f"workers did not start; see {workdir}")
            drill = Drill(workers=workers, redis=redis, pg_restart=not args.no_pg_restart)
            counts = {"replies": 0, "notifications": 0, "errors": 0}
            sweeper = threading.Thread(target=run_sweeper, args=(stop, counts), daemon=True)
            faults = threading.Thread(target=run_faults, args=(drill, args.window, failures), daemon=True)
            sweeper.start()
            faults.start()
            sends, failed_presses = submit_all(drill, jobs, args.window)
            faults.join()
            submitted_at = drill.now()
            recovery = max(drill.recovered_at, submitted_at)
            budget = RUNTIME_BUDGET_S - (time.monotonic() - wall) - 20
            drained = h.wait_until(lambda: _decided(ticket_ids), timeout=max(budget, 10), interval=0.25)
            drain_s = None if drained is None else drill.now() - recovery
            settled = h.wait_until(lambda: _notifications_settled(ticket_ids), timeout=15, interval=0.5)
            # Freeze the state before reading it: nothing may publish between the checks' queries.
            _stop_all(stop, workers)
            sweeper.join(timeout=10)

            found, figures = check(ticket_ids, workdir / "mail")
            failures += found
            pause = drill.pause_window
            in_pause = [s for s in sends if pause and pause[0] - 0.5 <= s.at <= pause[1]]
            slow = [s for s in in_pause if s.seconds >= SEND_LIMIT_S]
            if not in_pause:
                failures.append("no Send happened while Redis was paused")
            if slow:
                failures.append(f"{len(slow)} Sends took ≥ {SEND_LIMIT_S:.0f} s while Redis was paused")
            if drained is None:
                failures.append(f"not drained within the {RUNTIME_BUDGET_S} s budget ({drill.now() - recovery:.0f} s "
                                "after recovery)")

            print("\n== Drill summary")
            print(f"  replies: {len(jobs)} submitted ({failed_presses} Send presses failed on a database error and "
                  f"were pressed again); final states {figures['states']}")
            print(f"  published {figures['published']}; held with a scan error {figures['held_errors']}; "
                  f"scanned more than once (worker died or message redelivered): {figures['rescanned']}")
            print(f"  notifications {figures['notification_states']} ; emails written {figures['emails']}")
            print(f"  sweeps re-rang {counts['replies']} replies and {counts['notifications']} notifications "
                  f"({counts['errors']} sweep rounds failed while something was down)")
            print(f"  Send while Redis paused: {len(in_pause)} presses, slowest "
                  f"{max((s.seconds for s in in_pause), default=0) * 1000:.0f} ms (limit {SEND_LIMIT_S * 1000:.0f} ms)")
            print(f"  Send overall: {h.summary_ms([s.seconds for s in sends])}")
            if drain_s is not None:
                print(f"  drained {drain_s:.1f} s after recovery (faults over at t={drill.recovered_at:.1f} s, "
                      f"last Send at t={submitted_at:.1f} s)")
            if settled is None:
                print("  note: some notifications still pending 15 s after the drain (their own backoff)")
    except Exception as exc:
        failures.append(f"drill crashed: {exc!r}")
    finally:
        _stop_all(stop, workers)
        redis.stop()
        ensure_pg_up()
        if args.keep:
            print(f"  work folder kept: {workdir}")
        else:
            h.cleanup_workdir(workdir)
    print(f"\n  runtime {time.monotonic() - wall:.0f} s")
    for failure in failures:
        print(f"  FAIL {failure}")
    passed = "PASSED (0 lost, 0 unscanned, 0 hash mismatches, 0 duplicate notifications, Send < 1 s under pause)"
    print("FAULT DRILL: " + ("FAILED" if failures else passed))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
