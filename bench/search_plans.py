"""The inbox search's query plans and times on a big desk: EXPLAIN ANALYZE of the page and its count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a migrated copy> TACT_DEBUG=1 \
        .venv/bin/python bench/search_plans.py [--user staff-000] [--plans] WORD [WORD ...]

For each word: the inbox's default view (open tickets) sorted by best match and by recent update, and the
"Everything" tab by recent update, as the given staff member sees them (staff-000 on `bench/seed_scale.py`
desks is an administrator: every queue). Each query runs twice and the second (warm) run is printed, with
whether the GIN index served it. Targets (docs/scale.md): a rare word as fast as a common one, page + count
well under the search page's p95 of 100 ms at a million tickets.
"""
import argparse
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402

from tickets.forms import InboxFilterForm  # noqa: E402
from tickets.selectors import inbox_tickets  # noqa: E402

CASES = ({}, {"sort": "updated"}, {"view": "all", "sort": "updated"})


def _explain(sql: str, params) -> tuple[float, list[str]]:
    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
    executed = next(line for line in plan if line.startswith("Execution Time"))
    return float(executed.split()[2]), plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("words", nargs="+")
    parser.add_argument("--user", default="staff-000")
    parser.add_argument("--plans", action="store_true", help="print every plan")
    args = parser.parse_args()
    user = User.objects.get(username=args.user)
    print(f"{'word':<12} {'view':<5} {'sort':<10} {'page ms':>9} {'count ms':>9}  gin")
    for word in args.words:
        for case in CASES:
            query = InboxFilterForm({"q": word, **case}, user=user).inbox_query()
            tickets = inbox_tickets(user=user, query=query)
            page_ms, page_plan = _explain(*tickets[:25].query.sql_with_params())
            sql, params = tickets.order_by().values("pk").query.sql_with_params()
            count_ms, count_plan = _explain(f"SELECT count(*) FROM ({sql}) matches", params)  # noqa: S608
            gin = "tickets_ticket_search_gin" in "\n".join(page_plan + count_plan)
            print(f"{word:<12} {query.view:<5} {query.sort:<10} {page_ms:>9.2f} {count_ms:>9.2f}  {gin}")
            if args.plans:
                print("\n".join(page_plan + [""] + count_plan + [""]))


if __name__ == "__main__":
    main()
