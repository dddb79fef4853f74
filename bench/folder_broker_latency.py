"""Submit → published with `./tact run`'s defaults: SQLite, the folder broker and one real prefork worker.

    .venv/bin/python bench/folder_broker_latency.py [--replies 40]

Clean corpus replies, each on its own seeded ticket, submitted through `redaction.services.reply_submit` one at a
time (the next once the last is decided); latency = version.finished_at − submitted_at. The folder broker has no
wake-up, so this is mostly how often its worker looks for messages (`polling_interval`, config/settings.py).
Uses its own folder (a fresh SQLite file and broker folder, removed at the end).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _harness as h  # noqa: E402

WARMUP = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=40)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tact-bench-folder-"))
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(h.ROOT), "TACT_DEBUG": "1",
        "TACT_VAR_DIR": str(workdir), "CELERY_BROKER_URL": "filesystem://", "TACT_LOG_LEVEL": "WARNING",
    }
    worker = h.Worker("f1", env, workdir, queues="celery")
    try:
        os.environ.clear()
        os.environ.update(env)
        h.django_setup(env)
        from django.conf import settings
        from django.contrib.auth.models import User

        from redaction import services
        from redaction.models import ReplyVersion
        from tickets.models import Ticket

        clean = [r for r in h.load_corpus() if not r["labels"]]
        jobs = h.seed_tickets(h.cycle_rows(clean, WARMUP + args.replies))
        worker.start()
        if not h.wait_for_workers([worker], timeout=60):
            raise RuntimeError("worker did not start; see " + str(worker.log))
        poll = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("polling_interval", 1.0)
        print(f"SQLite in {workdir}, folder broker polling every {poll} s; load average at start "
              "{:.1f} {:.1f} {:.1f}; CPUs: {}".format(*os.getloadavg(), os.cpu_count()))
        latency = []
        for i, (ticket_id, author_id, text, _leaky) in enumerate(jobs):
            version = services.reply_submit(
                ticket=Ticket.objects.get(pk=ticket_id), author=User.objects.get(pk=author_id), body=text
            )
            decided = ReplyVersion.objects.filter(pk=version.pk, finished_at__isnull=False)
            h.wait_until(decided.exists, timeout=30, interval=0.005)
            version.refresh_from_db()
            if i >= WARMUP and version.finished_at:
                latency.append((version.finished_at - version.submitted_at).total_seconds())
            time.sleep(0.001)
        print(f"  submit → decided, one reply in flight  {h.summary_ms(latency)}")
        print("load average at end (1/5/15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    finally:
        worker.stop()
        h.cleanup_workdir(workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
