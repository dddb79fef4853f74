"""The leads' dashboard on PostgreSQL: the rollup over a seeded desk, then the page over a worst-case rollup.

    .venv/bin/python bench/dashboard.py [--tickets 100000] [--requests 200]

Phase 1 (rollup): --tickets tickets over three years in 20 queues (first responses, 1 % escalated, 3 % with a
held reply), bulk-inserted; then `dashboard_rollup` is timed once over the whole history (what
`manage.py dashboard_rollup --days 1100` does after an upgrade) and five times over the last 14 days (what
beat does every 5 minutes).
Phase 2 (page): the weekly rows are replaced by a worst case whatever the desk's size: every metric and key
present in every week of three years in every queue (≈ 120,000 rows; a real desk has fewer);
then `/leads/dashboard/` is requested through Django's test client in this process, DEBUG off, --requests
times per case: a lead of 5 queues and an administrator (20 queues), for 4, 12 and 26 weeks, and one queue;
first, as a baseline for this machine's load, the same lead's triage page (`/leads/`, a short list).
Reported: median and p95 per case, SQL queries per request, the load average.
Uses its own database (tact_dashboard_bench_<pid>, dropped at the end); no broker is needed.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402

QUEUES = 20
DAYS = 3 * 365
CHUNK = 20_000
TARGET_P95_MS = 50.0


def _people(queues):
    """A lead of the first five queues and an administrator, each with a persona."""
    from django.contrib.auth.models import User

    from agents.models import Persona, Role, StaffProfile

    made = {}
    for username, role, members in (("bench-lead", Role.LEAD, queues[:5]), ("bench-admin", Role.ADMIN, [])):
        user = User.objects.create(username=username)
        staff = StaffProfile.objects.create(user=user, role=role)
        Persona.objects.create(staff=staff, alias=f"Bench {role}", avatar_seed=username)
        for queue in members:
            queue.members.add(user)
        made[role] = user
    return made


def _seed(tickets: int, now: datetime):
    """Queues, customers and `tickets` tickets over three years, with escalations and holds; returns queues."""
    from escalation.models import Escalation, Status
    from escalation.policy import deadlines, policy_snapshot
    from tickets.models import Customer, Queue, Ticket, TicketEvent
    from tickets.models import Status as TicketStatus

    rng = random.Random(7)
    queues = Queue.objects.bulk_create(
        Queue(name=f"Queue {n}", slug=f"q{n}", email=f"q{n}@support.example") for n in range(QUEUES)
    )
    customers = Customer.objects.bulk_create(Customer(name=f"Customer {n}") for n in range(5_000))
    categories = ["self_harm", "threat_violence", "legal_regulatory", "press_media", "public_viral",
                  "staff_conduct", "agent_harassment"]
    kinds = ["email", "phone", "address", "account_id", "card", "staff_name", "call_time"]
    start = now - timedelta(days=DAYS)
    for offset in range(0, tickets, CHUNK):
        batch = []
        for n in range(offset, min(offset + CHUNK, tickets)):
            created = start + timedelta(seconds=rng.uniform(0, DAYS * 86400))
            answered = created + timedelta(minutes=rng.expovariate(1 / 240)) if rng.random() < 0.9 else None
            answered = answered if answered and answered < now else None
            batch.append(Ticket(
                reference=f"B-{n}", subject=f"Bench ticket {n}", customer=customers[n % len(customers)],
                queue=queues[n % QUEUES], created_at=created, updated_at=answered or created,
                first_response_due=created + timedelta(hours=8), first_responded_at=answered,
                status=TicketStatus.CLOSED if created < now - timedelta(days=30) else TicketStatus.OPEN,
            ))
        made = Ticket.objects.bulk_create(batch)
        escalations, events = [], []
        for ticket in made:
            if rng.random() < 0.01:
                category = rng.choice(categories)
                policy = policy_snapshot(category)
                acknowledge_by, resolve_by = deadlines(policy, ticket.created_at)
                acked = ticket.created_at + timedelta(minutes=rng.expovariate(1 / 20))
                resolved = acked + timedelta(hours=rng.expovariate(1 / 6))
                done = resolved < now
                escalations.append(Escalation(
                    ticket=ticket, customer_id=ticket.customer_id, queue_id=ticket.queue_id, category=category,
                    policy=policy,
                    raised_at=ticket.created_at, acknowledge_by=acknowledge_by, resolve_by=resolve_by,
                    acknowledged_at=acked if acked < now else None,
                    status=Status.RESOLVED if done else Status.OPEN, resolved_at=resolved if done else None,
                    outcome="answered" if done else "",
                ))
            if rng.random() < 0.03:
                found = rng.sample(kinds, rng.choice((1, 1, 2)))
                events.append(TicketEvent(ticket=ticket, kind="reply_held", created_at=ticket.created_at
                                          + timedelta(minutes=5), data={"kinds": found, "error": False}))
        Escalation.objects.bulk_create(escalations)
        TicketEvent.objects.bulk_create(events)
        print(f"  {offset + len(batch):,} tickets", end="\r", flush=True)
    print()
    return queues


def _rollup_phase(now: datetime) -> None:
    from escalation.dashboard import dashboard_rollup

    started = time.perf_counter()
    rows = dashboard_rollup(days=DAYS + 2, now=now)
    print(f"  whole history ({DAYS + 2} days): {rows:,} rows in {time.perf_counter() - started:.1f} s")
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        rows = dashboard_rollup(days=14, now=now)
        timings.append(time.perf_counter() - started)
    print(f"  beat's run (14 days): {rows:,} rows, {h.summary_ms(timings)}")


def _worst_case_rows(queues, today: date) -> int:
    """Every metric and key in every week of three years in every queue, written with COPY."""
    from django.db import connection

    from escalation.dashboard import BUCKETS
    from escalation.dashboard_models import Metric, WeeklyCount

    keys = {
        Metric.RAISED: ["self_harm", "threat_violence", "legal_regulatory", "press_media", "public_viral",
                        "staff_conduct", "agent_harassment"],
        Metric.ACK_SLA: ["met", "breached"], Metric.RESOLVE_SLA: ["met", "breached"],
        Metric.FIRST_RESPONSE_SLA: ["met", "breached"],
        Metric.ACK_TIME: [b[0] for b in BUCKETS], Metric.FIRST_RESPONSE_TIME: [b[0] for b in BUCKETS],
        Metric.HELD: ["email", "phone", "address", "account_id", "card", "iban", "staff_name", "call_time",
                      "scanner_error"],
        Metric.HELD_REPLIES: ["all"],
    }
    WeeklyCount.objects.all().delete()
    buffer, rows = io.StringIO(), 0
    stamp = datetime.now(UTC).isoformat()
    monday = today - timedelta(days=today.weekday())
    for offset in range(DAYS // 7 + 1):
        week = (monday - timedelta(weeks=offset)).isoformat()
        for queue in queues:
            for metric, metric_keys in keys.items():
                for key in metric_keys:
                    buffer.write(f"{week}\t{queue.pk}\t{metric}\t{key}\t3\t600\t{stamp}\n")
                    rows += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_from(buffer, WeeklyCount._meta.db_table,
                         columns=("week", "queue_id", "metric", "key", "count", "seconds", "computed_at"))
        cursor.execute(f"VACUUM ANALYZE {WeeklyCount._meta.db_table}")
    return rows


def _page_phase(people, queues, requests: int) -> list[tuple[str, float, int]]:
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from agents.models import Role

    cases = [
        ("baseline: triage page (/leads/)", Role.LEAD, {"_url": reverse("leads:dashboard")}),
        ("lead of 5 queues, 4 weeks", Role.LEAD, {"weeks": 4}),
        ("lead of 5 queues, 12 weeks", Role.LEAD, {"weeks": 12}),
        ("lead of 5 queues, 26 weeks", Role.LEAD, {"weeks": 26}),
        ("lead, one queue, 26 weeks", Role.LEAD, {"weeks": 26, "queue": queues[0].slug}),
        ("admin (20 queues), 4 weeks", Role.ADMIN, {"weeks": 4}),
        ("admin (20 queues), 26 weeks", Role.ADMIN, {"weeks": 26}),
    ]
    results = []
    # Production settings, but static URLs without collectstatic's manifest (none is built for a bench).
    plain_static = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    override_settings(STORAGES=plain_static).enable()
    for label, role, params in cases:
        url = params.pop("_url", reverse("leads:figures"))
        client = h.signed_in_client(people[role])
        for _ in range(5):  # warm: sessions, templates, plans
            assert client.get(url, params, secure=True).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(url, params, secure=True)
        queries = len(captured.captured_queries)  # read now: the next request clears the log
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url, params, secure=True)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200
        p95 = h.percentile([t * 1000 for t in timings], 95)
        print(f"  {label:30} {h.summary_ms(timings)}  queries {queries}")
        results.append((label, p95, queries))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per case")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tact-dashboard-bench-"))
    try:
        with h.fresh_database("tact_dashboard_bench") as db_name:
            env = h.bench_env(db_name=db_name, redis_url="redis://127.0.0.1:1/0", workdir=workdir, redaction={})
            h.django_setup(env)
            from django.utils import timezone

            print(f"database {db_name}, workdir {workdir}")
            print("load average at start (1/5/15 min): {:.1f} {:.1f} {:.1f}; CPUs: {}".format(
                *os.getloadavg(), os.cpu_count()))
            now = timezone.now()
            print(f"\n== Seeding {args.tickets:,} tickets over {DAYS} days in {QUEUES} queues")
            started = time.perf_counter()
            queues = _seed(args.tickets, now)
            people = _people(queues)
            print(f"  seeded in {time.perf_counter() - started:.1f} s")
            print("\n== Phase 1: the rollup")
            _rollup_phase(now)
            print("\n== Phase 2: the page over a worst-case rollup")
            rows = _worst_case_rows(queues, timezone.localdate())
            print(f"  {rows:,} weekly rows ({DAYS // 7 + 1} weeks × {QUEUES} queues × every key)")
            results = _page_phase(people, queues, args.requests)
            print("\nload average at end (1/5/15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
            worst = max(p95 for _label, p95, _q in results[1:])
            queries = {q for _label, _p95, q in results[1:]}
            print(f"\n== Result: slowest case p95 {worst:.1f} ms (target ≤ {TARGET_P95_MS:g} ms): "
                  f"{'PASS' if worst <= TARGET_P95_MS else 'MISS'}; queries per request {sorted(queries)}")
    finally:
        h.cleanup_workdir(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
