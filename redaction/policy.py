"""The gate's settings, read lazily from `settings.TACT_REDACTION` so `override_settings` works in tests."""
import hashlib
import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redaction.scanner import DEFAULT_POLICY, KINDS, SCANNER_VERSION, Policy

DEFAULTS: dict[str, Any] = {
    # A version pending or scanning longer than this is re-enqueued by the sweep (lost message, dead worker).
    "STALL_SECONDS": 60,
    # Health answers 503 when the oldest pending reply is older than this: the queue is not draining.
    "HEALTH_MAX_PENDING_AGE_S": 300,
    # How long Send waits for the broker before leaving the reply pending for the sweep.
    "ENQUEUE_TIMEOUT_S": 0.5,
    # A scan running longer than this is a detector failure: the version is held for a person.
    "SCAN_TIMEOUT_S": 10,
    # The composer's status request waits up to this long for a version's verdict (a long poll, checking the
    # row every STATUS_POLL_S), so "published" shows as soon as the worker decides. Bounded: each waiting
    # agent holds a web thread for at most this long, then asks again.
    "STATUS_WAIT_S": 2.0,
    "STATUS_POLL_S": 0.02,
    # Send itself waits this long for the verdict before answering "being checked" (a quiet desk decides in
    # well under it, so Send answers "published" in one round trip); short, so a stalled worker is not felt.
    "SEND_WAIT_S": 0.3,
    # How many waiting versions a worker takes per doorbell message: under load, one round of queries serves
    # many replies; on a quiet desk a batch is the one reply that rang.
    "BATCH_SIZE": 50,
    # A claimed version is its worker's for this long; then (the worker died) any worker may claim it again.
    # It must outlast a batch: scans stop starting after SCAN_TIMEOUT_S, and the last may run that long again.
    "SCAN_LEASE_S": 30,
    # Scans started (crashes included) before a version is held rather than tried again.
    "MAX_SCAN_ATTEMPTS": 5,
    # Retries of a scan task for retryable errors (database unavailable), with exponential backoff.
    "TASK_MAX_RETRIES": 8,
    # None: the scanner's default policy. Otherwise a dict for `Policy.from_dict`.
    "POLICY": None,
    # The ISO regions (two letters, "GB") the desk serves: phone numbers written without a country code are read
    # in them too, in replies and in names customers read, besides the scanner's `region` (US) and the regions of
    # the ticket's own numbers. A code phonenumbers does not know is a system check's error (redaction.E001).
    "REGIONS": [],
    # The company's own contact details, which are never leaks (names and queue emails are added from the DB).
    "COMPANY": {"names": [], "emails": [], "phones": [], "urls": [], "domains": [], "ips": []},
    # How many of the customer's past private messages and notes the context includes (newest first).
    "CONTEXT_MAX_TEXTS": 200,
    # The most text one file on a reply may hold (`redaction.replyfiles`): a file with more is refused at Send,
    # never scanned in part. A page of prose is about 3,000 characters, so this is some 30 pages.
    "FILE_TEXT_MAX_CHARS": 100_000,
}


def gate_setting(key: str) -> Any:
    configured = getattr(settings, "TACT_REDACTION", {}) or {}
    return configured.get(key, DEFAULTS[key])


def desk_regions() -> list[str]:
    """`REGIONS`, upper-cased, in the scanner context's form ("regions")."""
    return [str(region).strip().upper() for region in gate_setting("REGIONS") if str(region).strip()]


def current_policy() -> Policy:
    raw = gate_setting("POLICY")
    return DEFAULT_POLICY if raw is None else Policy.from_dict(raw)


def policy_digest(policy: Policy | None = None) -> str:
    """Identifies the rules a scan was judged by: a scan is clean only under the policy it ran with."""
    policy = policy or current_policy()
    canonical = json.dumps({"scanner": SCANNER_VERSION, "rules": policy.as_dict()}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


# Plain words for the side panel: what the gate holds on a ticket's channel, from the policy itself.
_OWNERS_HELD = {
    "customer": gettext_lazy("the customer's %(kinds)s"),
    "contact": gettext_lazy("%(kinds)s of the people at their organization"),
    "internal": gettext_lazy("%(kinds)s from internal notes"),
    "agent": gettext_lazy("staff members' %(kinds)s (customers see aliases)"),
    "unknown": gettext_lazy("anyone else's %(kinds)s"),
}
_ANY = {
    "customer": gettext_lazy(
        "any of the customer's details: those above, their real name, their calls' dates and times, the words "
        "of their private messages"
    ),
    "contact": gettext_lazy("anything about the people at their organization"),
    "internal": gettext_lazy("anything from internal notes"),
    "agent": gettext_lazy("staff members' real names, usernames and emails (customers see aliases)"),
    "unknown": gettext_lazy("anyone else's contact details, cards, bank accounts and ids"),
}
_KIND_WORDS = {
    "email": gettext_lazy("email addresses"),
    "phone": gettext_lazy("phone numbers"),
    "address": gettext_lazy("postal addresses"),
    "account_id": gettext_lazy("account and order ids"),
    "card": gettext_lazy("card numbers"),
    "ip": gettext_lazy("IP addresses"),
    "call_time": gettext_lazy("call dates and times"),
    "quote": gettext_lazy("words"),
    "person": gettext_lazy("names"),
    "gov_id": gettext_lazy("government ids"),
    "iban": gettext_lazy("bank accounts"),
}


def policy_in_words(*, public: bool, policy: Policy | None = None) -> dict[str, Any]:
    """What the gate holds and lets through on a ticket whose replies are public (or read by the customer only),
    in plain words for the page: {"audience", "held": [...], "allowed": [...]}."""
    policy = policy or current_policy()
    channel = "public" if public else "private"
    held, allowed = [], []
    for owner, template in _OWNERS_HELD.items():
        kinds = [kind for kind in KINDS if policy.is_leak(channel, owner, kind)]
        if len(kinds) == len(KINDS):
            held.append(str(_ANY[owner]))
        elif kinds:
            held.append(template % {"kinds": _listed(kinds)})
        if owner == "customer" and len(kinds) < len(KINDS):
            own = _listed([k for k in KINDS if k not in kinds and k != "quote"])
            allowed.append(_("the customer's own %(kinds)s") % {"kinds": own})
    if public:
        audience = _("Anyone can read the replies on this ticket")
    else:
        audience = _("Only the customer reads the replies here")
    return {"audience": audience, "held": held, "allowed": allowed}


def _listed(kinds: list[str]) -> str:
    words = [str(_KIND_WORDS[kind]) for kind in kinds]
    if len(words) == 1:
        return words[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}
