"""How fast Tact's pages and API answer on a big desk: gunicorn (2 workers, production settings, DEBUG off)
against a database seeded by bench/seed_scale.py.

    .venv/bin/python bench/pages.py --database tact_scale_1m

Measures each endpoint of issue 13's table on a scratch copy of the database (`CREATE DATABASE … TEMPLATE`,
dropped at the end, so posting replies leaves the seeded desk as it was; `--in-place` skips the copy), after
`migrate` has applied whatever migrations the code brings and `VACUUM (ANALYZE)` has run (as autovacuum
does after a migration rewrites rows). For each endpoint: median and p95 over
`--requests` sequential requests on one keep-alive connection, requests per second with `--clients`
concurrent clients for `--seconds`, and the SQL queries one request makes (counted in this process through
Django's test client, on the same database). Staff are signed in with both factors (`signed_in_client`); the
HTTP clients reuse those sessions' cookies and say they came through TLS (X-Forwarded-Proto), as the proxy in
front of gunicorn does in production. Prints the table with the targets and PASS/MISS, and the load average.

Deep pages follow the pages' own links: if the inbox's `rel="next"` link (the API's `next`) carries a cursor,
it is followed 499 times to reach the 500th page; a page number is asked for directly.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import _harness as h  # noqa: E402
from bench.seed_scale import MARKER_WORDS, scale_env  # noqa: E402

PAGE_TARGET_MS, SEARCH_TARGET_MS, TARGET_RPS = 50, 100, 40
COMMON_WORD, RARE_WORD = "marmalade", "quillwort"  # 1 % and 0.01 % of tickets (bench/seed_scale.py)
DEEP_PAGE = 500
NEXT_LINK = re.compile(r'<a\s[^>]*href="([^"]+)"[^>]*\srel="next"|<a\s[^>]*rel="next"[^>]*\shref="([^"]+)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Endpoint:
    name: str
    user: str  # whose session: agent, lead, customer, heavy_customer
    path: str = ""
    target_ms: int = PAGE_TARGET_MS
    post: bool = False  # a reply sent through the composer's form, a new ticket each time
    expect: int = 200
    # Filled in by the run:
    times: list[float] = field(default_factory=list)
    rps: float = 0.0
    queries: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        p95 = h.percentile([t * 1000 for t in self.times], 95)
        return not self.errors and p95 <= self.target_ms and self.rps >= TARGET_RPS


# --- HTTP -------------------------------------------------------------------------------------------------------


class Http:
    """One keep-alive connection to our gunicorn, as one signed-in person behind the TLS proxy."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.port, self.cookies = port, dict(cookies)
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes, dict[str, str]]:
        headers = {
            "Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://127.0.0.1:{self.port}",
                "Referer": f"https://127.0.0.1:{self.port}{path}",
            }
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()  # the server closed an idle keep-alive connection: open a new one once
                if attempt == 2:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data, dict(response.headers)

    def close(self) -> None:
        self.conn.close()


def reply_form(client: Http, reference: str) -> tuple[str, str]:
    """The composer's path and a form body for a new reply (the page's CSRF token in it)."""
    path = f"/gate/t/{reference}/"
    status, page, _ = client.request("GET", path)
    token = CSRF_INPUT.search(page.decode())
    if status != 200 or token is None:
        raise RuntimeError(f"composer for {reference} answered {status} without a form")
    body = urlencode({"csrfmiddlewaretoken": token.group(1),
                      "body": "Thanks for your patience, we have fixed this on our side."})
    return path + "send/", body


class Tickets:
    """Distinct tickets to post replies on (a second Send while the first is being checked is refused)."""

    def __init__(self, references: list[str]):
        self.references, self.lock = list(references), threading.Lock()

    def take(self) -> str:
        with self.lock:
            if not self.references:
                raise RuntimeError("ran out of tickets to post replies on: ask for fewer requests")
            return self.references.pop()


def one(client: Http, endpoint: Endpoint, tickets: Tickets) -> float:
    """One request of `endpoint`, timed (a post's composer GET is not counted, only the Send)."""
    if endpoint.post:
        path, body = reply_form(client, tickets.take())
        started = time.perf_counter()
        status, _, _ = client.request("POST", path, body)
    else:
        started = time.perf_counter()
        status, _, _ = client.request("GET", endpoint.path)
    elapsed = time.perf_counter() - started
    if status != endpoint.expect:
        raise RuntimeError(f"{endpoint.name}: {endpoint.path or 'POST'} answered {status}, not {endpoint.expect}")
    return elapsed


def measure(endpoint: Endpoint, port: int, cookies: dict, tickets: Tickets, *, requests: int, clients: int,
            seconds: float, max_seconds: float) -> None:
    client = Http(port, cookies)
    try:
        for _ in range(5):  # warm: templates, plans, connections
            one(client, endpoint, tickets)
        started = time.monotonic()
        while len(endpoint.times) < requests and (len(endpoint.times) < 30 or time.monotonic() - started < max_seconds):
            endpoint.times.append(one(client, endpoint, tickets))
    except RuntimeError as error:
        endpoint.errors.append(str(error))
        return
    finally:
        client.close()
    done, stop = [0] * clients, time.monotonic() + seconds

    def run(n: int) -> None:
        c = Http(port, cookies)
        try:
            while time.monotonic() < stop:
                one(c, endpoint, tickets)
                done[n] += 1
        except RuntimeError as error:
            endpoint.errors.append(str(error))
        finally:
            c.close()

    began = time.monotonic()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    endpoint.rps = sum(done) / (time.monotonic() - began)


def deep_path(client: Http, first: str, *, api: bool) -> tuple[str, str]:
    """The path of the 500th page and how it was reached: a cursor is followed, a page number asked for."""
    status, body, _ = client.request("GET", first)
    if status != 200:
        raise RuntimeError(f"{first} answered {status}")
    nxt = _next_of(body, api)
    if nxt is None:
        raise RuntimeError(f"{first} has no next page")
    if re.search(r"[?&]page=\d+", nxt) and "cursor=" not in nxt:
        return re.sub(r"([?&]page=)\d+", rf"\g<1>{DEEP_PAGE}", nxt), "?page=500"
    for _ in range(DEEP_PAGE - 2):
        status, body, _ = client.request("GET", nxt)
        following = _next_of(body, api)
        if status != 200 or following is None:
            raise RuntimeError(f"the cursor ran out before page {DEEP_PAGE}")
        nxt = following
    return nxt, f"cursor, {DEEP_PAGE - 1} links followed"


def _next_of(body: bytes, api: bool) -> str | None:
    if api:
        link = json.loads(body).get("next")
    else:
        found = NEXT_LINK.search(body.decode())
        link = (found.group(1) or found.group(2)).replace("&amp;", "&") if found else None
    if not link:
        return None
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- The desk's people and tickets ------------------------------------------------------------------------------


@dataclass
class Cast:
    users: dict  # role -> User
    typical_ticket: str
    long_ticket: str
    portal_ticket: str
    queue: str
    post_tickets: list[str]
    api_ticket: str


def cast_choose(post_count: int):
    """Who asks and about what: an agent of the queue holding a 150-message ticket (and the busiest of their
    queues to filter on), a lead of the most queues, a customer with a typical number of tickets and the
    customer with the most; tickets: a typical open one with three messages, the long one, and fresh ones to
    post on."""
    from django.contrib.auth.models import User
    from django.db.models import Count

    from agents.models import Role
    from tickets.models import Customer, Message, Ticket

    long_id = (Message.objects.values("ticket").annotate(n=Count("id")).filter(n__gte=150)
               .order_by("-ticket").values_list("ticket", flat=True).first())
    long_ticket = Ticket.objects.get(pk=long_id)
    agent = (User.objects.filter(staff__role=Role.AGENT, queues=long_ticket.queue_id)
             .annotate(q=Count("queues")).order_by("-q", "pk").first())
    lead = User.objects.filter(staff__role=Role.LEAD).annotate(q=Count("queues")).order_by("-q", "pk").first()
    mine = Ticket.objects.filter(queue__members=agent, deleted_at__isnull=True)
    queue = (mine.values("queue__slug").annotate(n=Count("id")).order_by("-n").values_list("queue__slug", flat=True)
             .first())
    typical = next(t for t in mine.filter(status="open").order_by("-pk")[:200]
                   if t.messages.count() == 3)
    counts = (Customer.objects.filter(user__isnull=False).annotate(n=Count("tickets")).filter(n__gt=0)
              .order_by("n").values_list("pk", "n"))
    counts = list(counts)
    heavy_id = counts[-1][0]
    typical_id = counts[len(counts) // 2][0]
    heavy, customer = Customer.objects.get(pk=heavy_id), Customer.objects.get(pk=typical_id)
    portal_ticket = customer.tickets.order_by("-pk").first()
    post = list(mine.exclude(status="closed").exclude(pk__in=[typical.pk, long_ticket.pk])
                .order_by("-pk").values_list("reference", flat=True)[:post_count])
    users = {"agent": agent, "lead": lead, "customer": customer.user, "heavy_customer": heavy.user}
    counts_by = {"typical customer": counts[len(counts) // 2][1], "heaviest customer": counts[-1][1]}
    return Cast(users=users, typical_ticket=typical.reference, long_ticket=long_ticket.reference,
                portal_ticket=portal_ticket.reference, queue=queue, post_tickets=post,
                api_ticket=typical.reference), counts_by


def endpoints_for(cast: Cast) -> list[Endpoint]:
    """Issue 13's table. Deep pages' paths are found at run time (`deep_path`)."""
    return [
        Endpoint("agent inbox, default", "agent", "/inbox/"),
        Endpoint("inbox filtered (queue + status)", "agent",
                 f"/inbox/?{urlencode({'queue': cast.queue, 'status': 'open'})}"),
        Endpoint(f"inbox page {DEEP_PAGE} (everything)", "agent", "deep:/inbox/?view=all"),
        Endpoint(f"search, {MARKER_WORDS[COMMON_WORD]:.0%} word", "agent", f"/inbox/?view=all&q={COMMON_WORD}",
                 target_ms=SEARCH_TARGET_MS),
        Endpoint(f"search, {MARKER_WORDS[RARE_WORD]:.2%} word", "agent", f"/inbox/?view=all&q={RARE_WORD}",
                 target_ms=SEARCH_TARGET_MS),
        Endpoint("ticket page, typical", "agent", f"/inbox/t/{cast.typical_ticket}/"),
        Endpoint("ticket page, 150 messages", "agent", f"/inbox/t/{cast.long_ticket}/"),
        Endpoint("portal list, typical customer", "customer", "/portal/"),
        Endpoint("portal list, heaviest customer", "heavy_customer", "/portal/"),
        Endpoint("portal ticket", "customer", f"/portal/tickets/{cast.portal_ticket}/"),
        Endpoint("leads: escalations (triage)", "lead", "/leads/"),
        Endpoint("leads: safety (suspended)", "lead", "/leads/suspended/"),
        Endpoint("leads: held replies", "lead", "/gate/held/"),
        Endpoint("leads: dashboard", "lead", "/leads/dashboard/"),
        Endpoint("API ticket list, page 1", "agent", "/api/tickets/"),
        Endpoint(f"API ticket list, page {DEEP_PAGE}", "agent", "deep-api:/api/tickets/"),
        Endpoint("API ticket detail", "agent", f"/api/tickets/{cast.api_ticket}/"),
        Endpoint("post a reply (to the 302)", "agent", post=True, expect=302),
    ]


def queries_of(endpoint: Endpoint, client, tickets: Tickets) -> int:
    """The SQL queries of one request, counted in this process on the same database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if endpoint.post:
        reference = tickets.take()
        client.get(f"/gate/t/{reference}/", secure=True)
        with CaptureQueriesContext(connection) as captured:
            response = client.post(f"/gate/t/{reference}/send/", {"body": "Thanks, fixed on our side."}, secure=True)
    else:
        client.get(endpoint.path, secure=True)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(endpoint.path, secure=True)
    if response.status_code != endpoint.expect:
        raise RuntimeError(f"{endpoint.name}: in-process request answered {response.status_code}")
    return len(captured.captured_queries)


# --- The run ----------------------------------------------------------------------------------------------------


class LoadSampler(threading.Thread):
    """The machine's 1-minute load average every few seconds while we measure (other jobs share the cores)."""

    def __init__(self, every: float = 5):
        super().__init__(daemon=True)
        self.every, self.samples, self.halt = every, [os.getloadavg()[0]], threading.Event()

    def run(self) -> None:
        while not self.halt.wait(self.every):
            self.samples.append(os.getloadavg()[0])


def gunicorn_start(env: dict, workdir: Path, port: int) -> subprocess.Popen:
    log = (workdir / "gunicorn.log").open("wb")
    return subprocess.Popen(
        [str(h.BIN / "gunicorn"), "config.wsgi", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "2"],
        cwd=h.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )


def gunicorn_stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def table(endpoints: list[Endpoint], clients: int) -> str:
    lines = [
        f"| endpoint | median ms | p95 ms | target p95 | req/s, {clients} clients | queries | n | |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for e in endpoints:
        ms = [t * 1000 for t in e.times]
        verdict = "ERROR" if e.errors else "PASS" if e.passed else "MISS"
        lines.append(
            f"| {e.name} | {h.percentile(ms, 50):,.0f} | {h.percentile(ms, 95):,.0f} | ≤ {e.target_ms} | "
            f"{e.rps:,.1f} | {e.queries if e.queries is not None else '?'} | {len(ms)} | {verdict} |"
        )
    return "\n".join(lines)


def _vacuum() -> None:
    """VACUUM (ANALYZE) the database, as autovacuum does on a live desk soon after a migration rewrote rows.

    A migration that fills a column on every ticket (the search vectors, the SLA clocks) leaves the table's
    visibility map empty until the next vacuum: index-only scans then read the heap, and the inbox's capped
    "Everything" count took 20 ms instead of 0.3 ms at 1,000,000 tickets. Measuring that state would time the
    hour after an upgrade, not the desk."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="seeded by bench/seed_scale.py")
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per endpoint")
    parser.add_argument("--max-seconds", type=float, default=120,
                        help="stop an endpoint's sequential run after this long (at least 30 requests)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10, help="length of each concurrent run")
    parser.add_argument("--in-place", action="store_true", help="measure on the database itself, not a copy")
    parser.add_argument("--only", help="measure only endpoints whose name contains this")
    args = parser.parse_args(argv)
    load_start = os.getloadavg()
    print(f"pages: {args.database}, load average at start {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}")
    name = args.database if args.in_place else f"{args.database}_pages_{os.getpid()}"
    if not args.in_place:
        started = time.monotonic()
        h._admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{args.database}"')
        print(f"  scratch copy {name}: {time.monotonic() - started:.0f} s")
    server = None
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        env = {**os.environ, **scale_env(name, str(workdir)), "PYTHONPATH": str(ROOT)}
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command

        started = time.monotonic()
        call_command("migrate", verbosity=0)
        print(f"  migrate: {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        _vacuum()
        print(f"  vacuum (analyze): {time.monotonic() - started:.0f} s")
        call_command("collectstatic", interactive=False, verbosity=0)  # as the web container does on start
        post_needed = args.requests + 10 + 10 + args.clients * int(args.seconds * 60)
        cast, sizes = cast_choose(post_needed)
        print(f"  typical customer {sizes['typical customer']} tickets, heaviest {sizes['heaviest customer']}; "
              f"{len(cast.post_tickets)} tickets to post on")
        port = h.free_port(8640)
        server = gunicorn_start(env, workdir, port)
        if h.wait_until(lambda: _up(port), timeout=60) is None:
            raise RuntimeError(f"gunicorn did not answer; see {workdir / 'gunicorn.log'}")
        sessions, clients = {}, {}
        for role, user in cast.users.items():
            clients[role] = h.signed_in_client(user)
            sessions[role] = {"sessionid": clients[role].cookies["sessionid"].value}
        tickets = Tickets(cast.post_tickets)
        endpoints = [e for e in endpoints_for(cast) if not args.only or args.only in e.name]
        sampler = LoadSampler()
        sampler.start()
        for endpoint in endpoints:
            if endpoint.path.startswith("deep"):
                kind, _, first = endpoint.path.partition(":")
                walker = Http(port, sessions[endpoint.user])
                started = time.monotonic()
                try:
                    endpoint.path, how = deep_path(walker, first, api=kind == "deep-api")
                except RuntimeError as error:
                    endpoint.errors.append(str(error))
                    print(f"  {endpoint.name}: {error}")
                    continue
                finally:
                    walker.close()
                print(f"  {endpoint.name}: {endpoint.path} ({how}, {time.monotonic() - started:.0f} s)")
            try:
                endpoint.queries = queries_of(endpoint, clients[endpoint.user], tickets)
            except RuntimeError as error:
                endpoint.errors.append(str(error))
            measure(endpoint, port, sessions[endpoint.user], tickets, requests=args.requests,
                    clients=args.clients, seconds=args.seconds, max_seconds=args.max_seconds)
            ms = [t * 1000 for t in endpoint.times]
            print(f"  {endpoint.name:<36} p50 {h.percentile(ms, 50):8.1f}  p95 {h.percentile(ms, 95):8.1f} ms  "
                  f"{endpoint.rps:6.1f} req/s  {endpoint.queries} queries  load {os.getloadavg()[0]:.2f}"
                  + (f"  ERRORS: {endpoint.errors[:1]}" if endpoint.errors else ""))
        sampler.halt.set()
    finally:
        if server is not None:
            gunicorn_stop(server)
        from django.db import connections

        connections.close_all()
        if not args.in_place:
            h._admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        h.cleanup_workdir(workdir)
    load_end = os.getloadavg()
    samples = sampler.samples
    print(f"\n{args.database}, gunicorn 2 workers, DEBUG off; {args.requests} sequential requests per endpoint, "
          f"{args.clients} clients for {args.seconds:.0f} s")
    print(table(endpoints, args.clients))
    print(f"\ntargets: p95 ≤ {PAGE_TARGET_MS} ms (search ≤ {SEARCH_TARGET_MS} ms) single client, "
          f"≥ {TARGET_RPS} req/s with {args.clients} clients")
    print(f"load average (1 min): start {load_start[0]:.2f}, end {load_end[0]:.2f}; during: min "
          f"{min(samples):.2f}, mean {sum(samples) / len(samples):.2f}, max {max(samples):.2f} "
          f"({os.cpu_count()} cores)")
    missed = [e.name for e in endpoints if not e.passed]
    print(f"{len(endpoints) - len(missed)} of {len(endpoints)} pass"
          + (f"; missed: {', '.join(missed)}" if missed else ""))
    return 0


def _up(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
        ok = conn.getresponse().status in (200, 503)
        conn.close()
        return ok
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
