"""Plumbing shared by bench/publish_latency.py and bench/fault_drill.py: own Redis, own PostgreSQL database,
real Celery workers as subprocesses, tickets seeded from the leak corpus, and the numbers read back.

Everything started here is ours and ended by its pid; the shared PostgreSQL server is only ever given a new
database (dropped at the end) and, by the drill, a restart. Django is imported lazily: the workers import
this module only for nothing, and tests import it without a database.
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
CORPUS = ROOT / "bench" / "data" / "leak_corpus.jsonl"
PG_HOST = "127.0.0.1"
PG_ADMIN_DSN = f"host={PG_HOST} port=5432 user=postgres dbname=postgres"

# A notification's Message-ID carries its row id: "<…T-XXXX.n123@domain>" (tickets.notifications).
MESSAGE_ID = re.compile(r"^Message-ID:\s+<[^>\s]*\.n(\d+)@", re.MULTILINE | re.IGNORECASE)  # may be folded


# --- Small pure helpers ---------------------------------------------------------------------------------------


def free_port(start: int, tries: int = 50) -> int:
    """The first port from `start` that nobody listens on (the shared Redis is on 6379, well below)."""
    for port in range(start, start + tries):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {start}-{start + tries - 1}")


def percentile(values: list[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), so p50 of [1, 2] is 1.5."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(values_s: list[float]) -> str:
    ms = [v * 1000 for v in values_s]
    return (
        f"p50 {percentile(ms, 50):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms  "
        f"p99 {percentile(ms, 99):7.1f} ms  max {max(ms, default=math.nan):7.1f} ms  (n={len(ms)})"
    )


def emails_per_notification(mail_dir: Path) -> Counter[int]:
    """How many emails went out per notification row, read from the file email backend's folder."""
    counts: Counter[int] = Counter()
    if mail_dir.is_dir():
        for path in mail_dir.iterdir():
            counts.update(int(pk) for pk in MESSAGE_ID.findall(path.read_text(errors="replace")))
    return counts


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.2) -> float | None:
    """Seconds until `predicate()` held, or None if it did not within `timeout`."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            return None
        time.sleep(interval)


def load_corpus(path: Path = CORPUS) -> list[dict]:
    """A JSON-lines file's rows (the leak corpus by default): every bench reads its labelled sets this way."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def save_corpus(path: Path, rows: list[dict]) -> None:
    """Write rows as load_corpus reads them: the generated training sets are committed this way."""
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def corpus_company(rows: list[dict]) -> dict[str, list[str]]:
    """The union of the corpus's company details: saying any of them is never a leak."""
    company: dict[str, list[str]] = {}
    for row in rows:
        for key, values in row["context"]["company"].items():
            company.setdefault(key, [])
            company[key] += [v for v in values if v not in company[key]]
    return company


# --- Processes we start ---------------------------------------------------------------------------------------


class RedisServer:
    """Our own redis-server on `port`, nothing kept on disk unless we SAVE before a restart."""

    def __init__(self, port: int, workdir: Path):
        self.port = port
        self.dir = workdir / f"redis-{port}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", str(self.dir), "--dbfilename", "dump.rdb",
                "--logfile", str(self.dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        if wait_until(self.ping, timeout=10, interval=0.05) is None:
            raise RuntimeError(f"redis-server on port {self.port} did not answer")

    def cli(self, *args: str, timeout: float = 5) -> str:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, timeout=timeout, check=False
        )
        return result.stdout.strip()

    def ping(self) -> bool:
        try:
            return self.cli("ping", timeout=2) == "PONG"
        except subprocess.TimeoutExpired:
            return False

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def restart(self, *, keep_data: bool) -> int:
        """SIGKILL and start again; returns how many queued messages the restarted server still holds.

        keep_data snapshots first (like the AOF docker-compose runs with); without it the data is gone.
        """
        if keep_data:
            self.cli("SAVE")
        else:
            (self.dir / "dump.rdb").unlink(missing_ok=True)
        self.kill()
        self.start()
        return int(self.cli("LLEN", "celery") or 0)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()


class Worker:
    """One `celery worker` (prefork) in its own process group, so it and its pool can be killed by pgid."""

    def __init__(
        self, name: str, env: dict[str, str], logdir: Path, concurrency: int = 1,
        queues: str = "celery,notify,maintenance", beat: bool = False,
    ):
        """queues: what it consumes (CELERY_TASK_ROUTES); by default all of them, so nothing is left queued.
        beat: also run Celery beat inside it (`-B`), for a bench whose figure depends on the beat's sweeps."""
        self.name, self.env, self.concurrency, self.queues = name, env, concurrency, queues
        self.beat = beat
        self.log = logdir / f"worker-{name}.log"
        self.schedule = logdir / f"beat-{name}"
        self.proc: subprocess.Popen | None = None

    @property
    def hostname(self) -> str:
        return f"{self.name}@bench"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                str(BIN / "celery"), "-A", "config", "worker", "--pool", "prefork",
                "--concurrency", str(self.concurrency), "--hostname", self.hostname, "-Q", self.queues,
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--loglevel", "WARNING", "--logfile", str(self.log),
                *(["--beat", "--schedule", str(self.schedule)] if self.beat else []),
            ],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def children(self) -> list[int]:
        """The pool processes (the ones running tasks), from /proc."""
        if not self.alive():
            return []
        pids: list[int] = []
        for task in Path(f"/proc/{self.proc.pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                pids += [int(pid) for pid in task.read_text().split()]
        return pids

    def kill_pool(self) -> int:
        """SIGKILL the pool processes mid-task; the master notices and forks new ones. Returns how many."""
        killed = 0
        for pid in self.children():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        return killed

    def kill(self) -> None:
        """SIGKILL the whole worker (master and pool): unacked messages wait for the visibility timeout."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self, timeout: float = 15) -> None:
        if not self.alive():
            return
        self.proc.terminate()  # warm shutdown: finish the task in hand
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # a pool process left behind


def wait_for_workers(workers: list[Worker], timeout: float = 30) -> bool:
    """True once every worker answers a control ping through the broker (it is consuming)."""
    from celery import current_app

    wanted = {w.hostname for w in workers}

    def answered() -> bool:
        try:
            replies = current_app.control.ping(destination=sorted(wanted), timeout=0.5)
        except Exception:  # broker not there yet
            return False
        return wanted <= {name for reply in replies for name in reply}

    return wait_until(answered, timeout=timeout, interval=0.2) is not None


# --- PostgreSQL -----------------------------------------------------------------------------------------------


def _admin_execute(sql: str, *params) -> None:
    import psycopg2

    connection = psycopg2.connect(PG_ADMIN_DSN, connect_timeout=5)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        connection.close()


def pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", PG_HOST, "-q"], check=False).returncode == 0


@contextlib.contextmanager
def fresh_database(prefix: str) -> Iterator[str]:
    """A new, empty database `<prefix>_<pid>` on the shared server, dropped at the end whatever happens."""
    name = f"{prefix}_{os.getpid()}"
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}"')
    _admin_execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        wait_until(pg_ready, timeout=60, interval=0.5)
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_env(*, db_name: str, redis_url: str, workdir: Path, redaction: dict, extra: dict | None = None) -> dict:
    """The environment for this process and its workers: production settings (no DEBUG query log) on our
    database and broker, mail written to files, the gate's thresholds as given."""
    (workdir / "mail").mkdir(parents=True, exist_ok=True)
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench._settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"postgres://postgres@{PG_HOST}:5432/{db_name}",
        "CELERY_BROKER_URL": redis_url,
        "TACT_DEBUG": "0",
        "TACT_TESTING": "0",
        "TACT_SECRET_KEY": secrets.token_urlsafe(50),
        "TACT_VAR_DIR": str(workdir / "var"),
        "TACT_BENCH_MAIL_DIR": str(workdir / "mail"),
        "TACT_BENCH_REDACTION": json.dumps(redaction),
        "TACT_LOG_LEVEL": "WARNING",
        **(extra or {}),
    }
    return env


def django_setup(env: dict) -> None:
    """Configure Django in this process from `env` and create the schema."""
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


# --- Data -----------------------------------------------------------------------------------------------------


def seed_tickets(rows: list[dict]) -> list[tuple[int, int, str, bool]]:
    """One ticket per corpus row, with that row's context in the database (customer details, organization
    contacts, private messages, notes, calls, the public post) and its agent as a staff member with a persona.

    Returns (ticket id, author id, reply text, leaky per the corpus) in the rows' order.
    """
    from django.contrib.auth.models import User
    from django.db import transaction

    from agents.models import Persona, Role, StaffProfile
    from tickets.models import CallLog, Channel, Contact, Customer, Message, MessageKind, Organization, Queue, Ticket

    with transaction.atomic():
        queue, _ = Queue.objects.get_or_create(
            slug="bench", defaults={"name": "Bench", "email": "bench@support.example"}
        )
        # One staff member per alias (aliases are unique); the real name is the first the corpus gives it.
        agents: dict[str, User] = {}
        names = {}
        for row in rows:
            names.setdefault(row["context"]["agent"]["alias"], row["context"]["agent"]["real_name"])
        for alias, real_name in names.items():
            first, _, last = real_name.partition(" ")
            user, created = User.objects.get_or_create(
                username=f"agent-{len(agents)}", defaults={"first_name": first, "last_name": last}
            )
            if created:
                staff = StaffProfile.objects.create(user=user, role=Role.AGENT)
                Persona.objects.create(staff=staff, alias=alias, avatar_seed=f"seed{len(agents)}")
                queue.members.add(user)
            agents[alias] = user

        organizations = {}
        for row in rows:
            name = row["context"]["customer"].get("organization")
            if name and name not in organizations:
                organizations[name] = Organization(name=name)
        Organization.objects.bulk_create(organizations.values())
        contacts = {}
        for row in rows:
            org = organizations.get(row["context"]["customer"].get("organization"))
            for c in row["context"].get("contacts", []) if org else []:
                contacts.setdefault((org.name, c["name"]), Contact(organization=org, **c))
        Contact.objects.bulk_create(contacts.values())

        customers = []
        for row in rows:
            c = row["context"]["customer"]
            customers.append(Customer(
                name=c["name"], handle=c.get("handle", ""), emails=c.get("emails", []), phones=c.get("phones", []),
                addresses=c.get("addresses", []), account_ids=c.get("account_ids", []),
                card_last4=[card[-4:] for card in c.get("cards", [])], ips=c.get("ips", []),
                organization=organizations.get(c.get("organization")),
            ))
        Customer.objects.bulk_create(customers)
        tickets = []
        for row, customer in zip(rows, customers, strict=True):
            public = row["context"]["channel"] == "public"
            tickets.append(Ticket(
                subject=f"Bench {row['id']}", customer=customer, queue=queue,
                channel=Channel.SOCIAL if public else Channel.EMAIL, replies_public=public,
            ))
        Ticket.objects.bulk_create(tickets)

        messages, calls = [], []
        for row, ticket in zip(rows, tickets, strict=True):
            context = row["context"]
            author = agents[context["agent"]["alias"]]
            for body in context.get("private_messages", []):
                messages.append(
                    Message(ticket=ticket, kind=MessageKind.CUSTOMER, author_customer=ticket.customer, body=body)
                )
            if context.get("public_post"):
                messages.append(Message(
                    ticket=ticket, kind=MessageKind.CUSTOMER, author_customer=ticket.customer,
                    body=context["public_post"], is_public_post=True,
                ))
            for body in context.get("internal_notes", []):
                messages.append(Message(ticket=ticket, kind=MessageKind.INTERNAL_NOTE, author_user=author, body=body))
            for call in context.get("calls", []):
                calls.append(CallLog(
                    customer=ticket.customer, ticket=ticket, agent=author,
                    at=datetime.fromisoformat(call["at"]), duration_s=call.get("duration_s", 0),
                ))
        Message.objects.bulk_create(messages, batch_size=1000)
        CallLog.objects.bulk_create(calls, batch_size=1000)

    return [
        (ticket.pk, agents[r["context"]["agent"]["alias"]].pk, r["text"], bool(r["labels"]))
        for r, ticket in zip(rows, tickets, strict=True)
    ]


def cycle_rows(rows: list[dict], count: int) -> list[dict]:
    """`count` rows, going round the list again if it is shorter."""
    return [rows[i % len(rows)] for i in range(count)] if rows else []


def signed_in_client(user):
    """A test client for `user` past both sign-in steps, as a person who just signed in: staff whose role must
    have a second factor get an authenticator (made here if missing) and the session is marked verified."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from agents.mfa import TOTP_NAME, mfa_required, strong_auth_mark

    client = Client()
    client.force_login(user)
    if mfa_required(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": TOTP_NAME})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        strong_auth_mark(session)
        session.save()
    return client


def cleanup_workdir(workdir: Path) -> None:
    shutil.rmtree(workdir, ignore_errors=True)
