"""A real HTTP receiver on a thread (127.0.0.1, any free port) that answers with scripted statuses, and
subscriptions pointing at it (the address guard lets loopback through only where a test says so)."""
import http.server
import threading
import time

import pytest

from tickets.webhooks.models import WebhookSubscription


class Receiver:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses: list[int] = []  # answered in order; 200 once they run out
        self.delay_s = 0.0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers.items()), "body": body})
                if receiver.delay_s:
                    time.sleep(receiver.delay_s)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/tact"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.close()


@pytest.fixture
def allow_local(settings):
    settings.TACT_WEBHOOKS = {**settings.TACT_WEBHOOKS, "ALLOW_PRIVATE": True}
    return settings


ALL_EVENTS = ["ticket.created", "ticket.updated", "reply.published", "escalation.raised",
              "escalation.acknowledged", "escalation.resolved"]


@pytest.fixture
def subscription(receiver, allow_local, db):
    return WebhookSubscription.objects.create(name="Leads' chat", url=receiver.url, events=ALL_EVENTS)
