"""gunicorn settings for Tact's web process (`gunicorn config.wsgi --config gunicorn.conf.py`).

gunicorn names itself in a `Server` header on every response and has no setting to stop it; a banner only
helps someone matching the version against known holes, so it is removed here, before any worker forks.
"""
from gunicorn.http import wsgi

bind = "0.0.0.0:8000"
workers = 3
# Threads, not one request per process: the reply composer's status request waits (at most
# TACT_REDACTION["STATUS_WAIT_S"], 2 s) for the gate's verdict, and must not take a whole worker while it does.
worker_class = "gthread"
threads = 8
accesslog = "-"

_default_headers = wsgi.Response.default_headers


def _without_server_banner(self) -> list[str]:
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server_banner
