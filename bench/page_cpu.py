"""What one request of each page costs this process: CPU time, Python function calls, SQL queries and their
time, measured in-process (Django's test client, production settings, DEBUG off) on a seeded desk.

    .venv/bin/python bench/page_cpu.py --database my_copy_of_tact_scale_100k --only inbox

`bench/pages.py` times the pages over HTTP with gunicorn and concurrent clients, which on a shared 2-core
machine swings with whatever else runs. The CPU time a request takes in this process (the minimum and the
median of `--requests`) and the number of Python calls it makes (counted by cProfile over 3 requests, the same
on every run) move much less with the machine's load, so a change to a page's rendering can be compared before
and after in minutes. SQL time is wall time and does move with the load. Runs on the database as it is (it
reads, and the ticket page writes one audit entry per view): use a copy (`createdb -T`), migrated.
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

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import _harness as h  # noqa: E402
from bench.seed_scale import scale_env  # noqa: E402


class SqlTimer:
    """Counts the queries run through Django's connection and adds up their wall time."""

    def __init__(self) -> None:
        self.queries, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a migrated copy of a desk seeded by bench/seed_scale.py")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--only", help="measure only pages whose name contains this")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="page-cpu-") as var_dir:
        os.environ.update(scale_env(args.database, var_dir))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from bench.pages import cast_choose, endpoints_for

        call_command("collectstatic", interactive=False, verbosity=0)
        cast, _ = cast_choose(5)
        endpoints = [e for e in endpoints_for(cast) if not e.post and not e.path.startswith("deep")
                     and (not args.only or args.only in e.name)]
        clients: dict = {}
        print(f"page_cpu: {args.database}, {args.requests} requests a page, load {os.getloadavg()[0]:.2f}")
        print("| page | CPU ms min | CPU ms median | Python calls | queries | SQL ms (wall) | KB |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for endpoint in endpoints:
            client = clients.get(endpoint.user) or clients.setdefault(
                endpoint.user, h.signed_in_client(cast.users[endpoint.user]))
            for _ in range(3):  # warm: templates, plans, connections
                response = client.get(endpoint.path, secure=True)
                if response.status_code != endpoint.expect:
                    raise RuntimeError(f"{endpoint.name}: {endpoint.path} answered {response.status_code}")
            cpu, sql = [], SqlTimer()
            with connection.execute_wrapper(sql):
                for _ in range(args.requests):
                    started = time.process_time()
                    response = client.get(endpoint.path, secure=True)
                    cpu.append(time.process_time() - started)
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(3):
                client.get(endpoint.path, secure=True)
            profile.disable()
            calls = pstats.Stats(profile).total_calls // 3  # type: ignore[attr-defined]
            cpu.sort()
            print(f"| {endpoint.name} | {cpu[0] * 1000:.1f} | {cpu[len(cpu) // 2] * 1000:.1f} | {calls:,} | "
                  f"{sql.queries // args.requests} | {sql.seconds * 1000 / args.requests:.1f} | "
                  f"{len(response.content) / 1024:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
