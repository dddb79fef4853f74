"""The audit trail's cost and speed on PostgreSQL, with our own Redis and a real Celery worker chaining entries.

    .venv/bin/python bench/audit_bench.py [--page-requests 400] [--writer-seconds 10] [--verify-entries 1000000]

Phase 1 (ticket page): a lead opens a ticket's page (side panel included) through Django's test client in this
process, alternating requests with the page's audit write on and off (the view's `audit_record` swapped for a
no-op), so drift in the machine's load falls on both alike. Reported: each side's latency, the difference of
their p95s (with the noise of the same comparison between two halves of the unaudited requests), and the audit
write itself timed inside the request (its INSERT, plus handing the chainer's doorbell to a thread at most once
a second), which is what is judged. Target: audit writes add ≤ 2 ms p95.
Phase 2 (writers): 4 processes each call `audit_record` in a loop, every entry its own committed transaction,
for --writer-seconds, while one Celery worker (the `maintenance` queue, with beat's chain sweep every 10 s, as
in production) links them into the chain. Reported: entries/s over all writers, each write's latency, and how
long after the last write the chain had caught up. Target: ≥ 1,000 entries/s sustained with 4 writers.
Phase 3 (verify): the table is emptied and --verify-entries chained entries are written with COPY (hashes
computed here with the chainer's own function, triggers off for the load as in a restore), then
`manage.py audit_verify` is timed over all of them; then one entry near the end is altered by raw SQL and the
run that finds it is timed too. Target: 1,000,000 entries checked in ≤ 30 s.
Uses its own database (tact_audit_bench_<pid>, dropped at the end) and its own Redis (port 6393 or the next).
"""
from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402

TARGET_PAGE_P95_MS = 2.0
TARGET_WRITES_PER_S = 1000
TARGET_VERIFY_S = 30.0
WRITERS = 4
COPY_CHUNK = 100_000


def _lead(queue):
    """A team lead of `queue`, with a persona, made once."""
    from django.contrib.auth.models import User

    from agents.models import Persona, Role, StaffProfile

    user, created = User.objects.get_or_create(username="bench-lead")
    if created:
        staff = StaffProfile.objects.create(user=user, role=Role.LEAD)
        Persona.objects.create(staff=staff, alias="Bench Lead", avatar_seed="benchlead")
        queue.members.add(user)
    return user


def _page_phase(requests: int) -> tuple[float, float]:
    """Ticket page p95 with and without its audit write: (difference of the p95s, the write's own p95), ms."""
    from django.conf import settings
    from django.test import override_settings

    from agents.audit import audit_record
    from tickets import views_staff
    from tickets.models import Ticket

    ticket = Ticket.objects.select_related("queue").order_by("pk").first()
    lead = _lead(ticket.queue)
    client = h.signed_in_client(lead)
    url = f"/inbox/t/{ticket.reference}/"
    inside: list[float] = []

    def timed_record(**kwargs):
        began = time.perf_counter()
        entry = audit_record(**kwargs)
        inside.append(time.perf_counter() - began)
        return entry

    timings: dict[bool, list[float]] = {True: [], False: []}
    # Production settings, but static URLs without collectstatic's manifest (none is built for a bench).
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    plain_static = {**settings.STORAGES, "staticfiles": plain}
    with override_settings(STORAGES=plain_static):
        _requests(client, url, requests, timed_record, timings)
    views_staff.audit_record = audit_record
    inside = inside[20:]
    print(f"  page with its audit write     {h.summary_ms(timings[True])}")
    print(f"  page without (write skipped)  {h.summary_ms(timings[False])}")
    print(f"  the audit write inside it     {h.summary_ms(inside)}")
    p95_on = h.percentile([t * 1000 for t in timings[True]], 95)
    p95_off = h.percentile([t * 1000 for t in timings[False]], 95)
    # The same difference between two halves of the unaudited requests: what the machine's noise alone gives.
    off = [t * 1000 for t in timings[False]]
    noise = abs(h.percentile(off[0::2], 95) - h.percentile(off[1::2], 95))
    print(f"  p95 difference: {p95_on - p95_off:.2f} ms (noise: two halves of the unaudited requests differ by "
          f"{noise:.2f} ms); p95 of the write itself: {h.percentile([t * 1000 for t in inside], 95):.2f} ms")
    return p95_on - p95_off, h.percentile([t * 1000 for t in inside], 95)


def _requests(client, url: str, requests: int, timed_record, timings: dict[bool, list[float]]) -> None:
    """Alternate audited and unaudited requests, so drift in the machine's load falls on both alike."""
    from tickets import views_staff

    for i in range(requests * 2 + 40):
        audited = i % 2 == 0
        views_staff.audit_record = timed_record if audited else (lambda **kwargs: None)
        began = time.perf_counter()
        response = client.get(url, secure=True)
        elapsed = time.perf_counter() - began
        if response.status_code != 200:
            raise RuntimeError(f"ticket page answered {response.status_code}")
        if i >= 40:  # the first requests warm caches and connections
            timings[audited].append(elapsed)


def _writer(seconds: float, actor_id: int, customer_ids: list[int], sync: bool, results) -> None:
    """One writer process (spawned: its own Django, connection and doorbell), one committed entry per call."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import override_settings

    from agents.audit import audit_record

    override_settings(TACT_AUDIT={"SYNC_STANDALONE": sync}).enable()
    actor = User.objects.get(pk=actor_id)
    audit_record(actor=actor, action="customer.view", customer=customer_ids[0], data={"via": "warm-up"})
    latencies = []
    began = time.time()
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        start = time.perf_counter()
        audit_record(actor=actor, action="customer.view", customer=customer_ids[n % len(customer_ids)],
                     data={"via": "bench", "n": n})
        latencies.append(time.perf_counter() - start)
        n += 1
    results.put((began, time.time(), latencies))


def _writers_phase(seconds: float, *, sync: bool) -> float:
    """Entries per second from WRITERS processes writing at once (from the first one's start to the last one's
    end, so process start-up is not counted)."""
    from agents.models import AuditEntry
    from tickets.models import Customer, Ticket

    lead = _lead(Ticket.objects.order_by("pk").first().queue)
    customers = list(Customer.objects.values_list("pk", flat=True))
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [
        context.Process(target=_writer, args=(seconds, lead.pk, customers, sync, results)) for _ in range(WRITERS)
    ]
    for process in processes:
        process.start()
    runs = [results.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join()
    latencies = [value for _, _, values in runs for value in values]
    elapsed = max(end for _, end, _ in runs) - min(start for start, _, _ in runs)
    rate = len(latencies) / elapsed
    mode = "waiting for the disk's flush" if sync else "standalone commits not waiting for the flush (default)"
    print(f"  {mode}: {len(latencies)} entries from {WRITERS} writers in {elapsed:.2f} s: {rate:.0f} entries/s")
    print(f"  each write (one committed transaction)  {h.summary_ms(latencies)}")
    caught_up = h.wait_until(lambda: not AuditEntry.objects.filter(seq__isnull=True).exists(), timeout=300)
    if caught_up is None:
        print("  the chainer had not caught up 300 s after the last write")
    else:
        print(f"  chain caught up {caught_up:.1f} s after the last write (one worker, rung on commit + beat sweep)")
    return rate


def _copy_chained(total: int) -> None:
    """Write `total` chained entries with COPY, hashed here exactly as the chainer hashes them."""
    from django.db import connection

    from agents.audit_chain import GENESIS, entry_hash
    from tickets.models import Customer

    customers = list(Customer.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE agents_auditentry")
        cursor.execute("SET session_replication_role = replica")  # triggers off for the load, as in a restore
        start = datetime(2026, 1, 1, tzinfo=UTC)
        prev = GENESIS
        columns = "id, created_at, actor_id, action, target_type, target_id, customer_id, ticket_id, ip, data, " \
                  "seq, prev_hash, hash"
        for first in range(1, total + 1, COPY_CHUNK):
            buffer = io.StringIO()
            for i in range(first, min(first + COPY_CHUNK, total + 1)):
                created = start + timedelta(milliseconds=i)
                customer = customers[i % len(customers)]
                data = f'{{"n": {i}, "via": "bench"}}'  # as PostgreSQL prints this jsonb (shorter keys first)
                values = (i, created, None, "customer.view", "", "", customer, None, "203.0.113.9", data)
                digest = entry_hash(seq=i, prev_hash=prev, values=values)
                buffer.write(f"{i}\t{created.isoformat()}\t\\N\tcustomer.view\t\t\t{customer}\t\\N\t203.0.113.9\t"
                             f"{data}\t{i}\t{prev}\t{digest}\n")
                prev = digest
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY agents_auditentry ({columns}) FROM STDIN", buffer)
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SELECT setval(pg_get_serial_sequence('agents_auditentry', 'id'), %s)", [total])
        cursor.execute("ANALYZE agents_auditentry")


def _verify_phase(total: int) -> float:
    from django.core.management import CommandError, call_command
    from django.db import connection

    began = time.monotonic()
    _copy_chained(total)
    print(f"  {total:,} chained entries written with COPY in {time.monotonic() - began:.1f} s")
    out = io.StringIO()
    began = time.monotonic()
    call_command("audit_verify", stdout=out)
    seconds = time.monotonic() - began
    print(f"  audit_verify: {out.getvalue().splitlines()[0]} in {seconds:.1f} s ({total / seconds:,.0f} entries/s)")
    victim = max(1, total - total // 10)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # an attacker with the rights to bypass triggers
        cursor.execute("UPDATE agents_auditentry SET ip = '198.51.100.1' WHERE id = %s", [victim])
        cursor.execute("SET session_replication_role = DEFAULT")
    began = time.monotonic()
    try:
        call_command("audit_verify", stdout=io.StringIO())
        print("  altered entry NOT found")
    except CommandError as exc:
        print(f"  after altering entry {victim}: found in {time.monotonic() - began:.1f} s: {exc}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page-requests", type=int, default=400, help="requests on each side (audited or not)")
    parser.add_argument("--writer-seconds", type=float, default=10)
    parser.add_argument("--verify-entries", type=int, default=1_000_000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tact-audit-bench-"))
    redis = h.RedisServer(h.free_port(6393), workdir)
    chainer: h.Worker | None = None
    try:
        with h.fresh_database("tact_audit_bench") as db_name:
            redis.start()
            env = h.bench_env(db_name=db_name, redis_url=redis.url, workdir=workdir, redaction={})
            h.django_setup(env)
            from django.test.utils import override_settings

            print(f"database {db_name}, redis :{redis.port}, workdir {workdir}")
            print("load average at start (1/5/15 min): {:.1f} {:.1f} {:.1f}; CPUs: {}".format(
                *os.getloadavg(), os.cpu_count()))
            h.seed_tickets(h.cycle_rows(h.load_corpus(), 50))
            chainer = h.Worker("chain", env, workdir, queues="maintenance", beat=True)  # beat: the chain sweep
            chainer.start()
            if not h.wait_for_workers([chainer]):
                raise RuntimeError("worker did not start; see " + str(chainer.log))

            print(f"\n== Phase 1: ticket page, {args.page_requests} requests with and without its audit write")
            added_p95, write_p95 = _page_phase(args.page_requests)
            print("  again with TACT_AUDIT['SYNC_STANDALONE'] (each view's entry waits for the disk):")
            with override_settings(TACT_AUDIT={"SYNC_STANDALONE": True}):
                _page_phase(args.page_requests)
            print(f"\n== Phase 2: {WRITERS} concurrent writers for {args.writer_seconds:g} s, one chaining worker")
            rate = _writers_phase(args.writer_seconds, sync=False)
            _writers_phase(args.writer_seconds, sync=True)
            chainer.stop()
            print(f"\n== Phase 3: audit_verify over {args.verify_entries:,} entries")
            verify_s = _verify_phase(args.verify_entries)
            scaled = verify_s * 1_000_000 / args.verify_entries

            print("\nload average at end (1/5/15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
            print("\n== Result")
            # Judged on the write timed inside each request (what it adds); the difference of two ~70 ms pages'
            # p95s is printed beside it, but its noise (above) is larger than the target.
            print(f"  ticket page: the audit write adds {write_p95:.2f} ms at p95, timed inside the request (target "
                  f"≤ {TARGET_PAGE_P95_MS} ms): {'PASS' if write_p95 <= TARGET_PAGE_P95_MS else 'MISS'}; page p95 "
                  f"with minus without: {added_p95:.2f} ms")
            print(f"  {WRITERS} writers: {rate:.0f} entries/s (target ≥ {TARGET_WRITES_PER_S}): "
                  f"{'PASS' if rate >= TARGET_WRITES_PER_S else 'MISS'}")
            print(f"  audit_verify: {verify_s:.1f} s for {args.verify_entries:,} entries ({scaled:.1f} s per million; "
                  f"target ≤ {TARGET_VERIFY_S:g} s): {'PASS' if scaled <= TARGET_VERIFY_S else 'MISS'}")
    finally:
        if chainer is not None:
            chainer.stop()
        redis.stop()
        h.cleanup_workdir(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
