"""The signature of Tact's inbound doors: HMAC-SHA256 over the timestamp and the raw body, with a shared secret.

A sender (a mail provider's webhook, a relay script, a social network's bridge) sends the body with
`X-Tact-Timestamp: <unix seconds>` and `X-Tact-Signature: sha256=<hex of HMAC(secret, "<timestamp>." + body)>`.
The timestamp bounds replays to the tolerance; a replay inside it changes nothing anyway (each door takes a
message in once). Used by the inbound email door (`mailroom.views`) and the public channels' door
(`tickets.public.views`).
"""
import hashlib
import hmac
import time

from django.utils.translation import gettext as _


class SignatureError(Exception):
    """The request is not from whoever holds the secret (or is too old): 401."""


def signature_of(*, secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_check(*, secret: str, timestamp: str, signature: str, body: bytes, tolerance_s: int,
                    now: float | None = None) -> None:
    """Raise SignatureError unless `signature` is this body's, made with `secret`, at a time near ours.
    The comparison takes the same time however many characters match (`hmac.compare_digest`)."""
    if not timestamp or not signature:
        raise SignatureError(_("X-Tact-Timestamp and X-Tact-Signature are required."))
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise SignatureError(_("X-Tact-Timestamp must be Unix seconds.")) from None
    if abs((time.time() if now is None else now) - sent_at) > tolerance_s:
        raise SignatureError(_("X-Tact-Timestamp is too far from the current time."))
    expected = signature_of(secret=secret, timestamp=timestamp, body=body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise SignatureError(_("The signature does not match."))
