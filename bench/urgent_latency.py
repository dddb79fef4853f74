"""Self-harm message → on the lead's triage page, with its alert in the outbox, while routine work is queued.

    .venv/bin/python bench/urgent_latency.py [--trials 30] [--backlog 5000] [--redis-db 7]

Real processes as docker-compose.yml runs them: gunicorn serving Tact, and three Celery workers (prefork,
concurrency 1 each): `urgent` (-Q urgent: classification, escalations, leads' alerts), the default worker
(-Q celery) and `notify` (-Q notify,maintenance). PostgreSQL in a database of its own (tact_urgent_<pid>,
dropped at the end) and the shared Redis on a database number of our own (7 by default, emptied at the start
and the end).

Before each trial the default queue is topped up to `--backlog` routine tasks (the gate's `scan_reply` for
versions that are not there: each still costs the worker a claim in the database), so every trial runs behind
a full queue. A trial is a customer, signed in over HTTP, opening a ticket through the portal's New ticket
form (a real POST to the server process) with a self-harm message; the clock starts before the POST and
stops when an HTTP GET of the lead's triage fragment (`/leads/triage/list/`, polled every 20 ms with the
lead's session) shows the ticket and the lead's alert row is in the outbox. It also reports when the urgent
worker had sent that alert email, and the default queue's length at the end (the flood was still there).
Target: p95 ≤ 3 s.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402

TARGET_P95_S = 3.0
PASSWORD = "bench-pass-8w2k"  # noqa: S105 (a throwaway account in a throwaway database)
MESSAGES = [
    "I can't do this anymore. Nobody would miss me if I was gone.",
    "Honestly I want to end my life, this is the last straw.",
    "I have been thinking about killing myself since the account was closed.",
    "My brother says he wants to kill himself after losing the money, please help.",
]
REFERENCE = re.compile(r"/portal/tickets/([A-Z0-9-]+)/")


def _seed() -> None:
    from django.contrib.auth.models import User

    from agents.models import Persona, Role, StaffProfile
    from tickets.models import Customer, Queue

    queue = Queue.objects.create(name="Portal", slug="portal", email="portal@support.example")
    lead = User.objects.create_user("lead", password=PASSWORD, first_name="Lena", last_name="Benchlead",
                                    email="lead@staff.example")
    staff = StaffProfile.objects.create(user=lead, role=Role.LEAD)
    Persona.objects.create(staff=staff, alias="Night Owl", avatar_seed="bench-lead")
    queue.members.add(lead)
    customer = User.objects.create_user("maria", password=PASSWORD, email="maria@mail.example")
    Customer.objects.create(user=customer, name="Maria Bench", emails=["maria@mail.example"])


def _session(base: str, username: str):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/login/", timeout=10)
    if "csrftoken" not in session.cookies:
        raise RuntimeError(f"sign-in page: HTTP {page.status_code} {page.text[:300]!r}")
    response = session.post(f"{base}/login/", timeout=10, allow_redirects=False, data={
        "username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"],
    })
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not sign in: HTTP {response.status_code}")
    return session


def _top_up(redis, backlog: int) -> int:
    """Queue routine tasks on the default queue until it holds `backlog` (the worker drains it meanwhile, so
    a few rounds); returns its length."""
    from celery import current_app

    sent = 0
    with current_app.producer_or_acquire() as producer:
        for _round in range(10):
            missing = backlog - redis.llen("celery")
            if missing <= 0:
                break
            for _ in range(missing):
                current_app.send_task("redaction.tasks.scan_reply", args=(10_000_000 + sent,), producer=producer)
                sent += 1
    return redis.llen("celery")


def _trial(base: str, customer, lead, text: str, n: int) -> dict:
    from tickets.models import Notification, Ticket

    page = customer.get(f"{base}/portal/new/", timeout=10)
    token = customer.cookies["csrftoken"]
    if page.status_code != 200:
        raise RuntimeError(f"portal form: HTTP {page.status_code}")
    started = time.monotonic()
    posted = customer.post(f"{base}/portal/new/", timeout=10, allow_redirects=False, data={
        "subject": f"Account closed ({n})", "body": text, "csrfmiddlewaretoken": token,
    })
    posted_s = time.monotonic() - started
    match = REFERENCE.search(posted.headers.get("Location", ""))
    if posted.status_code != 302 or match is None:
        raise RuntimeError(f"portal POST: HTTP {posted.status_code}")
    reference = match.group(1)
    ticket_id = Ticket.objects.get(reference=reference).pk
    alerts = Notification.objects.filter(ticket_id=ticket_id, kind="escalation_alert")
    on_page = in_outbox = None
    while time.monotonic() - started < 60:
        if on_page is None and reference in lead.get(f"{base}/leads/triage/list/", timeout=10).text:
            on_page = time.monotonic() - started
        if in_outbox is None and alerts.exists():
            in_outbox = time.monotonic() - started
        if on_page is not None and in_outbox is not None:
            break
        time.sleep(0.02)
    sent = h.wait_until(lambda: alerts.filter(state="sent").exists(), timeout=60, interval=0.02)
    return {"on_page": on_page, "in_outbox": in_outbox, "posted": posted_s,
            "sent": None if sent is None else time.monotonic() - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--backlog", type=int, default=5000)
    parser.add_argument("--redis-db", type=int, default=7)
    args = parser.parse_args()

    import redis as redis_client

    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    broker = redis_client.Redis.from_url(redis_url)
    broker.flushdb()  # our own database number: nothing of anyone else's is in it
    workdir = Path(tempfile.mkdtemp(prefix="tact-urgent-"))
    processes: list[h.Worker] = []
    web = None
    try:
        with h.fresh_database("tact_urgent") as db_name:
            port = h.free_port(8610)
            env = h.bench_env(db_name=db_name, redis_url=redis_url, workdir=workdir, redaction={}, extra={
                "TACT_SSL_REDIRECT": "0", "TACT_SECURE_COOKIES": "0", "TACT_HSTS_SECONDS": "0",
                "TACT_ALLOWED_HOSTS": "127.0.0.1",
            })
            h.django_setup(env)
            from django.core.management import call_command

            call_command("collectstatic", interactive=False, verbosity=0)  # as the web container does on start
            _seed()
            base = f"http://127.0.0.1:{port}"

            web = subprocess.Popen(
                [str(h.BIN / "gunicorn"), "config.wsgi", "--config", "gunicorn.conf.py", "--bind",
                 f"127.0.0.1:{port}", "--workers", "2", "--access-logfile", "/dev/null",
                 "--error-logfile", str(workdir / "gunicorn.log")],
                cwd=h.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
            )
            processes = [h.Worker("urgent", env, workdir, queues="urgent"),
                         h.Worker("default", env, workdir, queues="celery"),
                         h.Worker("notify", env, workdir, queues="notify,maintenance")]
            for worker in processes:
                worker.start()
            if not h.wait_for_workers(processes, timeout=60):
                raise RuntimeError(f"workers did not start; see {workdir}")
            import requests

            def web_up() -> bool:
                try:
                    return requests.get(f"{base}/healthz", timeout=1).status_code == 200
                except requests.RequestException:
                    return False

            if h.wait_until(web_up, timeout=30) is None:
                raise RuntimeError(f"gunicorn did not answer; see {workdir / 'gunicorn.log'}")
            customer, lead = _session(base, "maria"), _session(base, "lead")
            print(f"database {db_name}, redis db {args.redis_db}, gunicorn :{port} (2 workers), Celery workers "
                  f"urgent / default / notify (prefork, concurrency 1), {args.trials} trials, backlog {args.backlog}")
            print("load average at start (1/5/15 min): {:.2f} {:.2f} {:.2f}; CPUs: {}".format(
                *os.getloadavg(), os.cpu_count()))
            _trial(base, customer, lead, MESSAGES[0], 0)  # warm-up: connections, imports, the detector's rules
            results, backlogs = [], []
            for n in range(1, args.trials + 1):
                backlogs.append(_top_up(broker, args.backlog))
                result = _trial(base, customer, lead, MESSAGES[n % len(MESSAGES)], n)
                if result["on_page"] is None or result["in_outbox"] is None:
                    print(f"  trial {n}: not on the triage page within 60 s")
                results.append(result)
            left = broker.llen("celery")
            loads = os.getloadavg()
    finally:
        for worker in processes:
            worker.stop()
        if web is not None and web.poll() is None:
            web.terminate()
            try:
                web.wait(timeout=10)
            except subprocess.TimeoutExpired:
                web.kill()
        broker.flushdb()
        h.cleanup_workdir(workdir)

    seen = [max(r["on_page"], r["in_outbox"]) for r in results if r["on_page"] and r["in_outbox"]]
    print(f"\n  default queue before each trial: {min(backlogs)}–{max(backlogs)} tasks; {left} still queued at the end")
    print(f"  portal POST answered            {_fmt([r['posted'] for r in results])}")
    print(f"  on the triage page (HTTP GET)   {_fmt([r['on_page'] for r in results if r['on_page']])}")
    print(f"  alert row in the outbox         {_fmt([r['in_outbox'] for r in results if r['in_outbox']])}")
    print(f"  both (the measured figure)      {_fmt(seen)}")
    print(f"  alert email sent (urgent worker) {_fmt([r['sent'] for r in results if r['sent']])}")
    print("load average at end (1/5/15 min): {:.2f} {:.2f} {:.2f}".format(*loads))
    p95 = h.percentile(seen, 95)
    ok = len(seen) == len(results) and p95 <= TARGET_P95_S
    print(f"\n== Result: p95 {p95:.2f} s over {len(seen)} / {len(results)} trials (target ≤ {TARGET_P95_S:.0f} s): "
          f"{'PASS' if ok else 'MISS'}")
    return 0


def _fmt(values: list[float]) -> str:
    if not values:
        return "none"
    return (f"median {h.percentile(values, 50):.3f} s  p95 {h.percentile(values, 95):.3f} s  "
            f"max {max(values):.3f} s  (n={len(values)})")


if __name__ == "__main__":
    sys.exit(main())
