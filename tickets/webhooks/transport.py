"""Sending one signed POST: the SSRF guard, the signature and the HTTP call, with no database in sight.

The guard resolves the host once and the request connects to the address that was checked (no second
lookup a rebinding DNS server could answer differently); redirects are never followed.
"""
import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

SIGNATURE_VERSION = "v1"
USER_AGENT = "Tact-Webhooks/1"
RESPONSE_READ_LIMIT = 4096


class DestinationRefused(Exception):
    """The URL may not be delivered to (bad form, or an address Tact's network must not be reached at)."""


@dataclass(frozen=True)
class Destination:
    scheme: str
    host: str
    port: int
    target: str  # path and query, as sent in the request line
    address: str  # the checked IP address to connect to


@dataclass(frozen=True)
class Attempt:
    status: int | None  # the HTTP status, None when no answer came
    duration_ms: int
    error: str  # empty on a 2xx

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def url_form_check(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, target) of an http(s) URL without credentials; DestinationRefused otherwise."""
    if not url.isascii() or any(ch.isspace() or not ch.isprintable() for ch in url):
        raise DestinationRefused("Write the URL in ASCII without spaces (percent-encode the rest, punycode a "
                                 "non-ASCII host name).")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise DestinationRefused(f"Not a valid URL ({exc}).") from None
    if parts.scheme not in ("http", "https"):
        raise DestinationRefused("Use an http:// or https:// URL.")
    if not parts.hostname:
        raise DestinationRefused("The URL has no host.")
    if parts.username or parts.password:
        raise DestinationRefused("Put no user name or password in the URL; the signature authenticates Tact.")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), target


def address_refusal(address: str) -> str:
    """Why `address` is not a public internet address, or "" if it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_unspecified or ip.is_multicast:
        return "a private or reserved address"
    if not ip.is_global:
        return "not a public address"
    return ""


def destination_resolve(url: str, *, allow_private: bool) -> Destination:
    """Check the URL and resolve its host; every address it resolves to must be public unless allowed."""
    scheme, host, port, target = url_form_check(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise DestinationRefused(f"The host {host} cannot be resolved.") from None
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise DestinationRefused(f"The host {host} cannot be resolved.")
    if not allow_private:
        for address in addresses:
            if why := address_refusal(address):
                raise DestinationRefused(f"{host} resolves to {address}, {why}: refused.")
    return Destination(scheme=scheme, host=host, port=port, target=target, address=addresses[0])


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>" under the subscription's secret (docs/webhooks.md)."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def signed_headers(*, secret: str, event: str, delivery: str, body: bytes, timestamp: int | None = None) -> dict:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Tact-Event": event,
        "X-Tact-Delivery": delivery,
        "X-Tact-Timestamp": str(timestamp),
        "X-Tact-Signature": signature(secret=secret, timestamp=timestamp, body=body),
    }


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, destination: Destination, timeout: float) -> None:
        super().__init__(destination.host, destination.port, timeout=timeout)
        self._address = destination.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, destination: Destination, timeout: float) -> None:
        super().__init__(destination.host, destination.port, timeout=timeout, context=ssl.create_default_context())
        self._address = destination.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(destination: Destination, *, body: bytes, headers: dict, timeout: float) -> Attempt:
    """POST once; never raises for network trouble, which is an Attempt with its error (class names and
    statuses only: a receiver's answer is not kept)."""
    started = time.monotonic()
    cls = _PinnedHTTPS if destination.scheme == "https" else _PinnedHTTP
    connection = cls(destination, timeout)
    try:
        connection.request("POST", destination.target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(RESPONSE_READ_LIMIT)
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        error = "timed out" if isinstance(exc, TimeoutError | socket.timeout) else type(exc).__name__
        return Attempt(status=None, duration_ms=_ms_since(started), error=error)
    finally:
        connection.close()
    error = "" if 200 <= status < 300 else f"HTTP {status}"
    return Attempt(status=status, duration_ms=_ms_since(started), error=error)


def _ms_since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
