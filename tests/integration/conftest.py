"""A real Celery worker process for tests, on the run's database and broker.

The worker gets its own queue names so nothing else consuming the shared broker (another developer's worker,
the filesystem broker's default queue) can take our messages: `scan_reply` is routed to one, the customer
notification (its own `notify` queue in production) to another, urgency classification (`urgent`) to a third,
and the worker consumes them all, so nothing the test causes is left queued.
"""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from escalation.tasks import classify_message
from redaction.tasks import scan_reply
from tickets.tasks import send_notification

READY_TIMEOUT_S = 60


def _database_url() -> str:
    db = settings.DATABASES["default"]
    name = connection.settings_dict["NAME"]  # the test database, created by pytest-django
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{name}"


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, monkeypatch):
    """Start `celery -A config worker` on private queues; yield a handle; stop it after the test."""
    queue = f"gate-test-{uuid.uuid4().hex[:10]}"
    queues = {
        scan_reply.name: queue, send_notification.name: f"{queue}-notify", classify_message.name: f"{queue}-urgent"
    }
    send_task, apply_async = celery_app.send_task, classify_message.apply_async

    def send_to_private_queue(name, *args, **kwargs):  # the gate's and the outbox's doorbells ring tasks by name
        if name in queues:
            kwargs["queue"] = queues[name]
        return send_task(name, *args, **kwargs)

    monkeypatch.setattr(celery_app, "send_task", send_to_private_queue)
    urgent = queues[classify_message.name]
    monkeypatch.setattr(classify_message, "apply_async", lambda *a, **kw: apply_async(*a, **{**kw, "queue": urgent}))
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "TACT_TESTING": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TACT_TEST_DB_SUFFIX", None)
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
        "-Q", ",".join(queues.values()), "-n", f"{queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_ready(process, log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _wait_ready(process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        if b" ready." in log.read_bytes():
            return
        time.sleep(0.1)
    pytest.fail(f"the worker was not ready after {READY_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")
