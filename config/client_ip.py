"""Where a request came from: the one rule for throttles, lockouts and the audit trail.

`X-Forwarded-For` is a header anyone can send. Only the entries our own proxies appended can be believed, so
the address is read from `TACT_TRUSTED_PROXIES` hops back: with no proxy (the default) it is the socket's peer
(`REMOTE_ADDR`) and the header is ignored; behind N proxies it is the N-th entry from the right, the one the
outermost trusted proxy saw. Anything a client put further left is never read.
"""
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def trusted_proxies() -> int:
    return int(getattr(settings, "TACT_TRUSTED_PROXIES", 0))


def client_ip(request: HttpRequest) -> str:
    """The client's address as our outermost trusted proxy saw it ("" when there is none to be had)."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = trusted_proxies()
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            candidate = forwarded[-min(hops, len(forwarded))]
            if _is_ip(candidate):
                return candidate
    return remote if _is_ip(remote) else ""


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
