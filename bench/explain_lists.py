"""The SQL behind the list pages on a seeded desk: each page's query count and its SELECTs under EXPLAIN ANALYZE.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a copy of a seeded desk> TACT_DEBUG=0 TACT_SECRET_KEY=... \\
        .venv/bin/python bench/explain_lists.py [--agent staff-035] [--lead staff-002] [--show]

Run it on a copy of a desk loaded by `bench/seed_scale.py` (`createdb -T`), migrated to the code under test: it
signs in an agent and a lead in-process, requests each page once to warm the connection, then once more while
capturing its queries, and runs every SELECT again under `EXPLAIN (ANALYZE)`. It prints, per page, the query
count, the summed planning + execution time, and the slowest query (`--show` prints its plan's first line and
SQL). Deep pages are the 500th page of 25: a cursor made from the 12,500th row of the agent's tickets. Response
times over HTTP are `bench/pages.py`'s job; this one says where the database time goes.
"""
import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from tickets.access import tickets_for  # noqa: E402
from tickets.keyset import Cursor, cursor_encode  # noqa: E402

DEEP_ROW = 500 * 25


def _client(user: User) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:  # a lead's session as after the second step
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _explain(sql: str, params) -> tuple[float, str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    top = plan[0]
    return top["Planning Time"] + top["Execution Time"], top["Plan"]["Node Type"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agent", default="staff-035")
    parser.add_argument("--lead", default="")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    agent_user = User.objects.get(username=args.agent)
    lead_user = (User.objects.get(username=args.lead) if args.lead
                 else User.objects.filter(staff__role="lead").order_by("id").first())
    agent, lead = _client(agent_user), _client(lead_user)
    scope = tickets_for(agent_user)
    queue = agent_user.queues.order_by("id").first()
    row = scope.order_by("-updated_at", "-id")[DEEP_ROW]
    deep = Cursor((row.updated_at, row.id), back=False)
    pages = [
        ("inbox, default tab", agent, "/inbox/"),
        ("inbox, one queue and status", agent, f"/inbox/?queue={queue.slug}&status=open"),
        ("inbox, everything, page 500", agent, "/inbox/?view=all&cursor=" + cursor_encode(deep, order="updated")),
        ("API tickets, first page", agent, "/api/tickets/"),
        ("API tickets, page 500", agent, "/api/tickets/?cursor=" + cursor_encode(deep, order="-updated_at")),
        ("leads' dashboard", lead, "/leads/dashboard/"),
        ("held replies", agent, "/gate/held/"),
        ("triage", lead, "/leads/"),
        ("suspended messages", lead, "/leads/suspended/"),
    ]
    print(f"agent {agent_user.username} ({scope.count()} tickets in scope), lead {lead_user.username}")
    print("| page | status | queries | SQL ms (EXPLAIN ANALYZE, summed) | slowest query ms |")
    print("|---|---|---|---|---|")
    for name, client, url in pages:
        client.get(url, secure=True)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
        total, slowest, slowest_sql = 0.0, 0.0, ""
        for query in captured.captured_queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            ms, node = _explain(query["sql"], None)
            total += ms
            if ms > slowest:
                slowest, slowest_sql = ms, f"{node}: {query['sql'][:300]}"
        print(f"| {name} | {response.status_code} | {len(captured.captured_queries)} | {total:.1f} | {slowest:.1f} |")
        if args.show:
            print(f"    {slowest_sql}")


if __name__ == "__main__":
    main()
