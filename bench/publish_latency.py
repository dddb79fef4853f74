"""Submit → published latency of the reply gate, and sustained throughput, with real Redis, PostgreSQL and
Celery workers.

    .venv/bin/python bench/publish_latency.py [--replies 1000] [--rate 0] [--profile]

Phase 1 (latency): one worker (prefork, concurrency 1); clean replies from the leak corpus, each on its own
seeded ticket with its full context, submitted through `redaction.services.reply_submit` one at a time (the
next once the last is decided, so the figure is latency, not queueing; `--rate N` paces N per second
instead). Latency = version.finished_at − submitted_at, both written by the gate in the database; it is split
into waiting (submit → scan claimed: commit, broker, worker pick-up) and working (claim → published:
context, scan, publish, outbox row).
Phase 2 (throughput): `--replies` more are submitted with no worker running, then two workers start and
take the backlog in batches (each doorbell message leases up to BATCH_SIZE waiting versions);
throughput = replies / (last finished − first claimed). Scan workers consume only the scan queue; notification
emails (file backend) and sweeps go to a separate `notify,maintenance` worker, as in production
(docker-compose.yml), so an email never waits ahead of a scan; the time until the last of those emails is
sent is printed too. Every reply is on its own ticket, so no context is ever compiled twice (the worst case).
`--profile` also runs the worker's step for one reply at a time in this process under cProfile and prints where
the time goes.
Uses its own database (tact_bench_<pid>, dropped at the end) and its own Redis (port 6392 or the next free).
Target (issue 9): p95 ≤ 35 ms; throughput ≥ 200 replies/s.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402

TARGET_P95_MS = 35
TARGET_RPS = 200


def _submit_all(jobs, *, rate: float | None, one_at_a_time: bool = False) -> list[float]:
    """Submit each (ticket, author, text) as the agent's Send does; returns each call's duration.

    one_at_a_time waits for each reply to be decided before the next Send: latency without queueing.
    """
    from django.contrib.auth.models import User

    from redaction import services
    from tickets.models import Ticket

    authors = {u.pk: u for u in User.objects.filter(pk__in={a for _, a, _, _ in jobs})}
    tickets = Ticket.objects.in_bulk([t for t, _, _, _ in jobs])
    durations = []
    start = time.monotonic()
    for i, (ticket_id, author_id, text, _leaky) in enumerate(jobs):
        if rate:
            time.sleep(max(0.0, start + i / rate - time.monotonic()))
        began = time.perf_counter()
        services.reply_submit(ticket=tickets[ticket_id], author=authors[author_id], body=text)
        durations.append(time.perf_counter() - began)
        if one_at_a_time:
            h.wait_until(lambda t=ticket_id: _drained([t]), timeout=60, interval=0.002)
    return durations


def _versions(ticket_ids):
    from redaction.models import ReplyVersion

    return ReplyVersion.objects.filter(reply__ticket_id__in=ticket_ids).exclude(status="draft")


def _drained(ticket_ids) -> bool:
    return not _versions(ticket_ids).filter(status__in=["pending", "scanning"]).exists()


def _emails_settled(ticket_ids) -> bool:
    from tickets.models import Notification

    return not Notification.objects.filter(message__ticket_id__in=ticket_ids).exclude(state="sent").exists()


def _last_email_sent(ticket_ids):
    from django.db.models import Max

    from tickets.models import Notification

    return Notification.objects.filter(message__ticket_id__in=ticket_ids).aggregate(last=Max("sent_at"))["last"]


def _latency_report(ticket_ids) -> list[float]:
    from django.db.models import Avg

    from redaction.models import ReplyScan

    rows = list(_versions(ticket_ids).values_list("status", "submitted_at", "scan_started_at", "finished_at"))
    published = [r for r in rows if r[0] == "published"]
    total = [(f - s).total_seconds() for _, s, _, f in published]
    waiting = [(c - s).total_seconds() for _, s, c, _ in published]
    working = [(f - c).total_seconds() for _, _, c, f in published]
    scan_ms = ReplyScan.objects.filter(version__reply__ticket_id__in=ticket_ids).aggregate(avg=Avg("duration_ms"))
    held = sum(1 for r in rows if r[0] == "held")
    print(f"  published {len(published)}, held {held} (clean-tier corpus replies the scanner flags)")
    print(f"  submit → published  {h.summary_ms(total)}")
    print(f"    waiting (commit → broker → worker claims)  {h.summary_ms(waiting)}")
    print(f"    working (context, scan, publish, outbox)   {h.summary_ms(working)}")
    print(f"    of which the scanner itself: mean {scan_ms['avg'] or 0:.1f} ms (ReplyScan.duration_ms)")
    return total


def _profile(jobs) -> None:
    """The worker's step for one reply at a time (the latency path), in this process under cProfile."""
    from django.db import connection

    from redaction import doorbell, worker

    rung: list[int] = []
    real_enqueue = doorbell.enqueue_scan
    doorbell.enqueue_scan = rung.append  # submit without ringing: we run the step ourselves
    queries = transactions = 0
    counting = False

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    real_commit = connection.commit

    def commit():  # each transaction adds two round trips: BEGIN (sent before its first statement) and COMMIT
        nonlocal transactions
        transactions += counting
        return real_commit()

    connection.commit = commit  # type: ignore[method-assign]

    profiler = cProfile.Profile()
    elapsed = cpu = 0.0
    try:
        for job in jobs:
            _submit_all([job], rate=None)
            began, cpu_began = time.perf_counter(), time.process_time()
            with connection.execute_wrapper(count):
                profiler.enable()
                counting = True
                worker.reply_scan(version_id=rung[-1])
                counting = False
                profiler.disable()
            elapsed, cpu = elapsed + time.perf_counter() - began, cpu + time.process_time() - cpu_began
    finally:
        doorbell.enqueue_scan = real_enqueue
        del connection.commit
    n = len(jobs)
    print(f"\n== Profile: worker step in-process, one reply at a time (profiler on), {n} replies: "
          f"{elapsed / n * 1000:.1f} ms wall, {cpu / n * 1000:.1f} ms CPU of this process, "
          f"{queries / n:.1f} SQL statements and {(queries + 2 * transactions) / n:.1f} round trips each "
          "(a real worker adds one: Django's connection check before each task)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"(redaction|tickets|agents)/.*\.py", 18)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument(
        "--rate", type=float, default=0,
        help="submits per second in the latency phase; 0 (default): the next Send once the last is decided",
    )
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    clean = [r for r in h.load_corpus() if not r["labels"]]
    warmup, n = 20, args.replies
    workdir = Path(tempfile.mkdtemp(prefix="tact-bench-"))
    redis = h.RedisServer(h.free_port(6392), workdir)
    workers: list[h.Worker] = []
    notifier: h.Worker | None = None
    try:
        with h.fresh_database("tact_bench") as db_name:
            redis.start()
            env = h.bench_env(
                db_name=db_name, redis_url=redis.url, workdir=workdir,
                redaction={"COMPANY": h.corpus_company(clean)},
            )
            h.django_setup(env)
            print(f"database {db_name}, redis :{redis.port}, {n} replies per phase, workdir {workdir}")
            print("load average at start (1/5/15 min): {:.1f} {:.1f} {:.1f}; CPUs: {}".format(
                *os.getloadavg(), os.cpu_count()))
            profile_n = 200 if args.profile else 0
            jobs = h.seed_tickets(h.cycle_rows(clean, warmup + 2 * n + profile_n))
            warm, latency_jobs = jobs[:warmup], jobs[warmup:warmup + n]
            burst_jobs, profile_jobs = jobs[warmup + n:warmup + 2 * n], jobs[warmup + 2 * n:]

            print("\n== Phase 1: latency, 1 worker (prefork, concurrency 1)")
            workers.append(h.Worker("w1", env, workdir, queues="celery"))
            notifier = h.Worker("n1", env, workdir, queues="notify,maintenance")
            for worker in (workers[0], notifier):
                worker.start()
                if not h.wait_for_workers([worker]):
                    raise RuntimeError("worker did not start; see " + str(worker.log))
            closed = not args.rate
            _submit_all(warm, rate=args.rate, one_at_a_time=closed)
            h.wait_until(lambda: _drained([t for t, *_ in warm]), timeout=60)
            print("  pacing:", "one reply in flight at a time" if closed else f"{args.rate:g} Sends per second")
            submit = _submit_all(latency_jobs, rate=args.rate, one_at_a_time=closed)
            ids = [t for t, *_ in latency_jobs]
            h.wait_until(lambda: _drained(ids), timeout=300)
            print(f"  submit call (agent's Send: transaction + enqueue)  {h.summary_ms(submit)}")
            total = _latency_report(ids)
            p95 = h.percentile([t * 1000 for t in total], 95)
            workers[0].stop()

            print("\n== Phase 2: throughput, 2 workers (prefork, concurrency 1 each), backlog of", n)
            _submit_all(burst_jobs, rate=None)
            workers[1:] = [h.Worker(name, env, workdir, queues="celery") for name in ("w2", "w3")]
            for worker in workers[1:]:
                worker.start()
            ids = [t for t, *_ in burst_jobs]
            h.wait_until(lambda: _drained(ids), timeout=600)
            from django.db.models import Max, Min

            span = _versions(ids).aggregate(first=Min("scan_started_at"), last=Max("finished_at"))
            seconds = (span["last"] - span["first"]).total_seconds()
            rps = n / seconds
            print(f"  {n} replies decided in {seconds:.2f} s: {rps:.1f} replies/s")
            busy = [(f - c).total_seconds() for c, f in _versions(ids).values_list("scan_started_at", "finished_at")]
            print(f"    per reply, claim → decided (2 workers busy)  {h.summary_ms(busy)}")
            emailed = h.wait_until(lambda: _emails_settled(ids), timeout=300, interval=0.1)
            if emailed is not None:
                outbox = (_last_email_sent(ids) - span["first"]).total_seconds()
                print(f"    their emails (one notify worker, file backend): all sent {outbox:.2f} s after the first "
                      f"claim, {n / outbox:.1f} emails/s")

            if args.profile:
                for worker in workers:
                    worker.stop()
                _profile(profile_jobs)

            print("\nload average at end (1/5/15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
            print("\n== Result")
            print(f"  p95 submit → published: {p95:.1f} ms (target ≤ {TARGET_P95_MS} ms): "
                  f"{'PASS' if p95 <= TARGET_P95_MS else 'MISS'}")
            print(f"  throughput with 2 workers: {rps:.1f} replies/s (target ≥ {TARGET_RPS}): "
                  f"{'PASS' if rps >= TARGET_RPS else 'MISS'}")
            for worker in workers:
                worker.stop()
    finally:
        for worker in [*workers, notifier]:
            if worker is not None:
                worker.stop()
        redis.stop()
        h.cleanup_workdir(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
