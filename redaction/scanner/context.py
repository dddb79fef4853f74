"""The private facts a reply is checked against, parsed strictly from their JSON form.

A misspelt key would silently switch a check off, so unknown keys and wrong types are a
ValueError rather than ignored: the worker then holds the reply for a person instead of
publishing it unchecked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CHANNELS = ("public", "private")


@dataclass(frozen=True, slots=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True)
class StaffMember:
    """A member of staff's real identity: every part of it is private (customers see aliases)."""

    name: str = ""
    username: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Call:
    at: datetime
    duration_s: int = 0


@dataclass(frozen=True, slots=True)
class Customer:
    name: str = ""
    handle: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    account_ids: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    ips: tuple[str, ...] = ()
    organization: str = ""


@dataclass(frozen=True, slots=True)
class Agent:
    alias: str = ""
    real_name: str = ""


@dataclass(frozen=True, slots=True)
class Company:
    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    ips: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScanContext:
    channel: str = "public"
    tz: str = "UTC"
    region: str = "US"
    # More regions national numbers are read in: those the desk serves (redaction.context fills it from
    # TACT_REDACTION["REGIONS"]), after `region` and before the regions of the context's own numbers.
    regions: tuple[str, ...] = ()
    customer: Customer = field(default_factory=Customer)
    contacts: tuple[Contact, ...] = ()
    private_messages: tuple[str, ...] = ()
    internal_notes: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()
    public_post: str = ""
    agent: Agent = field(default_factory=Agent)
    company: Company = field(default_factory=Company)
    staff: tuple[StaffMember, ...] = ()
    # When the reply is written, for "yesterday" and "last Tuesday". It does not change what is compiled, so
    # it is left out of the fingerprint (and of equality): one ticket's replies share their compiled matchers.
    now: datetime | None = field(default=None, compare=False, repr=False)
    _fingerprint: str = field(default="", init=False, compare=False, repr=False)

    @property
    def fingerprint(self) -> str:
        """A digest of the parsed fields, computed when first asked for (a context scanned once never is).

        Their repr is canonical (key order and absent-vs-default keys of the JSON no longer matter), so it
        identifies the compiled matchers in the cache."""
        if not self._fingerprint:
            digest = hashlib.blake2b(repr(self).encode(), digest_size=16).hexdigest()
            object.__setattr__(self, "_fingerprint", digest)
        return self._fingerprint

    @property
    def phone_regions(self) -> tuple[str, ...]:
        """The regions a national number is read in before those of the context's own numbers."""
        return tuple(dict.fromkeys((self.region, *self.regions)))

    @classmethod
    def from_dict(cls, data: Any) -> ScanContext:
        """Parse the context JSON (every key optional); ValueError names the offending key."""
        top = _object(data, "context")
        _known(top, "context", _TOP_KEYS)
        channel = _string(top.get("channel", "public"), "channel")
        if channel not in CHANNELS:
            raise ValueError(f"context.channel must be one of {CHANNELS}, got {channel!r}")
        tz = _string(top.get("tz", "UTC"), "tz")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"context.tz is not a known IANA timezone: {tz!r}") from exc
        region = _region(top.get("region", "US"), "region")
        regions = [_region(value, f"regions[{i}]") for i, value in enumerate(_list(top.get("regions", []), "regions"))]
        return cls(
            channel=channel,
            tz=tz,
            region=region,
            regions=tuple(dict.fromkeys(regions)),
            customer=_customer(top.get("customer", {})),
            contacts=_shared("contacts", top.get("contacts", []), _rows_key, _contacts),
            private_messages=_strings(top.get("private_messages", []), "private_messages"),
            internal_notes=_strings(top.get("internal_notes", []), "internal_notes"),
            calls=tuple(_call(c, f"calls[{i}]") for i, c in enumerate(_list(top.get("calls", []), "calls"))),
            public_post=_string(top.get("public_post", ""), "public_post"),
            agent=_agent(top.get("agent", {})),
            company=_shared("company", top.get("company", {}), _object_key, _company),
            staff=_shared("staff", top.get("staff", []), _rows_key, _staff_list),
            now=parse_now(top.get("now")),
        )


_TOP_KEYS = frozenset(
    {
        "channel",
        "tz",
        "region",
        "regions",
        "customer",
        "contacts",
        "private_messages",
        "internal_notes",
        "calls",
        "public_post",
        "agent",
        "company",
        "staff",
        "now",
    }
)
_CUSTOMER_LISTS = ("emails", "phones", "addresses", "account_ids", "cards", "ips")
_COMPANY_LISTS = ("names", "emails", "phones", "urls", "domains", "ips")


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object, got {type(value).__name__}")
    return value


def _known(value: dict[str, Any], where: str, keys: frozenset[str]) -> None:
    unknown = sorted(set(value) - keys)
    if unknown:
        raise ValueError(f"{where} has unknown key(s) {unknown}; expected some of {sorted(keys)}")


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise ValueError(f"context.{where} must be a list, got {type(value).__name__}")
    return list(value)


def _string(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"context.{where} must be a string, got {type(value).__name__}")
    return value


def _region(value: Any, where: str) -> str:
    region = _string(value, where).upper()
    if len(region) != 2 or not region.isalpha():
        raise ValueError(f"context.{where} must be a two-letter country code, got {region!r}")
    return region


def _strings(value: Any, where: str) -> tuple[str, ...]:
    values = _list(value, where)
    if all(isinstance(v, str) for v in values):  # the usual case: no per-item name to format
        return tuple(v for v in values if v)
    return tuple(_string(v, f"{where}[{i}]") for i, v in enumerate(values) if v)


def _customer(value: Any) -> Customer:
    data = _object(value, "context.customer")
    _known(data, "context.customer", frozenset({"name", "handle", "organization", *_CUSTOMER_LISTS}))
    lists = {key: _strings(data.get(key, []), f"customer.{key}") for key in _CUSTOMER_LISTS}
    return Customer(
        name=_string(data.get("name"), "customer.name"),
        handle=_string(data.get("handle"), "customer.handle"),
        organization=_string(data.get("organization"), "customer.organization"),
        **lists,
    )


_CONTACT_KEYS = frozenset({"name", "email", "phone", "role"})
_STAFF_KEYS = frozenset({"name", "username", "email"})


def _plain(value: Any, keys: frozenset[str]) -> bool:
    """An object of known keys whose values are all strings: taken as it is (the usual case, and every
    context holds a staff directory of them), without naming each key for an error that cannot happen."""
    return type(value) is dict and value.keys() <= keys and all(type(v) is str for v in value.values())


_T = TypeVar("_T")
# Parts shared by many contexts (the staff directory and the company in every ticket's, an organization's
# contacts in each of its tickets'), validated and built once per process, by their JSON values. Bounded like
# the word tables: emptied when it passes _SHARED_SIZE entries.
_SHARED: dict[tuple[str, Hashable], Any] = {}
_SHARED_SIZE = 1024


def _shared(part: str, value: Any, key: Callable[[Any], Hashable], parse: Callable[[Any], _T]) -> _T:
    """`parse(value)`, once for equal values (equal JSON values parse alike, and a failed parse is not kept). A
    value `key` cannot read is parsed each time, which raises on it."""
    try:
        cache_key = (part, key(value))
        found = _SHARED.get(cache_key)
    except (AttributeError, TypeError):  # not a list of objects, or an object of lists: parse names the key
        return parse(value)
    if found is None:
        found = parse(value)
        if len(_SHARED) >= _SHARED_SIZE:
            _SHARED.clear()
        _SHARED[cache_key] = found
    return found


def _rows_key(value: Any) -> Hashable:
    """A list of flat objects (staff, contacts), as a hashable value."""
    return tuple(frozenset(row.items()) for row in value)


def _object_key(value: Any) -> Hashable:
    """An object of lists (the company), as a hashable value."""
    return frozenset((k, tuple(v) if type(v) is list else v) for k, v in value.items())


def shared_clear() -> None:
    """Forget the parsed shared parts (for a benchmark of contexts that share nothing)."""
    _SHARED.clear()


def _contacts(value: Any) -> tuple[Contact, ...]:
    return tuple(_contact(c, f"contacts[{i}]") for i, c in enumerate(_list(value, "contacts")))


def _staff_list(value: Any) -> tuple[StaffMember, ...]:
    return tuple(_staff(s, f"staff[{i}]") for i, s in enumerate(_list(value, "staff")))


def _contact(value: Any, where: str) -> Contact:
    if _plain(value, _CONTACT_KEYS):
        return Contact(**value)
    data = _object(value, f"context.{where}")
    keys = ("name", "email", "phone", "role")
    _known(data, f"context.{where}", _CONTACT_KEYS)
    return Contact(**{key: _string(data.get(key), f"{where}.{key}") for key in keys})


def _call(value: Any, where: str) -> Call:
    data = _object(value, f"context.{where}")
    _known(data, f"context.{where}", frozenset({"at", "duration_s"}))
    raw = _string(data.get("at"), f"{where}.at")
    try:
        at = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"context.{where}.at is not an ISO 8601 datetime: {raw!r}") from exc
    if at.tzinfo is None:
        raise ValueError(f"context.{where}.at needs a UTC offset: {raw!r}")
    duration = data.get("duration_s", 0) or 0
    if not isinstance(duration, int | float) or isinstance(duration, bool) or duration < 0:
        raise ValueError(f"context.{where}.duration_s must be a non-negative number")
    return Call(at=at, duration_s=int(duration))


def _staff(value: Any, where: str) -> StaffMember:
    if _plain(value, _STAFF_KEYS):
        return StaffMember(**value)
    data = _object(value, f"context.{where}")
    keys = ("name", "username", "email")
    _known(data, f"context.{where}", _STAFF_KEYS)
    return StaffMember(**{key: _string(data.get(key), f"{where}.{key}") for key in keys})


def parse_now(value: Any) -> datetime | None:
    """The context's "now" (ISO 8601 with an offset), or None when it is absent."""
    raw = _string(value, "now")
    if not raw:
        return None
    try:
        now = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"context.now is not an ISO 8601 datetime: {raw!r}") from exc
    if now.tzinfo is None:
        raise ValueError(f"context.now needs a UTC offset: {raw!r}")
    return now


def _agent(value: Any) -> Agent:
    data = _object(value, "context.agent")
    _known(data, "context.agent", frozenset({"alias", "real_name"}))
    return Agent(
        alias=_string(data.get("alias"), "agent.alias"),
        real_name=_string(data.get("real_name"), "agent.real_name"),
    )


def _company(value: Any) -> Company:
    data = _object(value, "context.company")
    _known(data, "context.company", frozenset(_COMPANY_LISTS))
    return Company(**{key: _strings(data.get(key, []), f"company.{key}") for key in _COMPANY_LISTS})
