"""Keyset pagination: a page starts just past the last row of the page before it, found through an index, so
the 500th page costs what the first does. OFFSET would walk and throw away every row before the page.

A cursor is the sort key of a page's edge row (its values for every ordering column, the id last, so it is
unique) and the direction, signed so a hand-made cursor cannot reach a query, and bound to the order it was
made for. The inbox and the API share it.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.dateparse import parse_datetime

SALT = "tickets.keyset"


class BadCursor(ValueError):
    """A cursor that was tampered with, cut short or made for another order."""

    message = "This page link is broken or was made for another sort order. Start again from the first page."

    def __init__(self) -> None:
        super().__init__(self.message)


@dataclass(frozen=True)
class Key:
    """One ordering column. `nulls_last` only for an ascending column that may be NULL (a due date)."""

    field: str
    desc: bool = False
    nulls_last: bool = False

    def order(self, *, back: bool) -> OrderBy:
        descending = self.desc != back
        if self.nulls_last:
            return F(self.field).desc(nulls_first=True) if back else F(self.field).asc(nulls_last=True)
        return F(self.field).desc() if descending else F(self.field).asc()


@dataclass(frozen=True)
class Cursor:
    values: tuple
    back: bool  # True: the page before the row these values name (newer), else the page after it


@dataclass
class KeysetPage:
    rows: list
    next: Cursor | None
    previous: Cursor | None


def _dump(value: Any) -> Any:
    return ["d", value.isoformat()] if isinstance(value, datetime) else value


def _load(value: Any) -> Any:
    if isinstance(value, list):
        parsed = parse_datetime(value[1]) if len(value) == 2 and value[0] == "d" and isinstance(value[1], str) else None
        if parsed is None:
            raise BadCursor
        return parsed
    if value is None or isinstance(value, int | float | str):
        return value
    raise BadCursor


def cursor_encode(cursor: Cursor, *, order: str) -> str:
    return signing.dumps({"o": order, "v": [_dump(v) for v in cursor.values], "b": cursor.back}, salt=SALT,
                         compress=True)


def cursor_decode(token: str, *, order: str, keys: list[Key]) -> Cursor:
    """The cursor in `token`, or BadCursor if it is not one this server made for `order`."""
    try:
        data = signing.loads(token[:1000], salt=SALT)
    except signing.BadSignature:
        raise BadCursor from None
    if not isinstance(data, dict) or data.get("o") != order or not isinstance(data.get("v"), list):
        raise BadCursor
    if len(data["v"]) != len(keys) or not isinstance(data.get("b"), bool):
        raise BadCursor
    return Cursor(values=tuple(_load(v) for v in data["v"]), back=data["b"])


def _beyond(key: Key, value: Any, *, back: bool) -> Q | None:
    """Rows strictly past `value` in this column, in the direction of travel; None when there are none."""
    later = back == key.desc  # forward through a descending column, or backward through an ascending one: ">"
    if key.nulls_last:  # ascending, NULLs after every value
        if back:
            return Q(**{f"{key.field}__isnull": False}) if value is None else Q(**{f"{key.field}__lt": value})
        if value is None:
            return None
        return Q(**{f"{key.field}__gt": value}) | Q(**{f"{key.field}__isnull": True})
    return Q(**{f"{key.field}__{'gt' if later else 'lt'}": value})


def _same(key: Key, value: Any) -> Q:
    return Q(**{f"{key.field}__isnull": True}) if value is None else Q(**{key.field: value})


def after(keys: list[Key], cursor: Cursor) -> Q:
    """Rows past the cursor in its direction: (a, b, id) > (x, y, z) spelt out column by column, plus a plain
    bound on the first column so the planner walks the index from the cursor instead of filtering from the top."""
    alternatives = Q(pk__in=[])
    equal = Q()
    for key, value in zip(keys, cursor.values, strict=True):
        past = _beyond(key, value, back=cursor.back)
        if past is not None:
            alternatives |= equal & past
        equal &= _same(key, value)
    first, value = keys[0], cursor.values[0]
    if value is not None and not first.nulls_last:
        later = cursor.back == first.desc
        alternatives &= Q(**{f"{first.field}__{'gte' if later else 'lte'}": value})
    return alternatives


def _values(row: Any, keys: list[Key]) -> tuple:
    return tuple(getattr(row, key.field) for key in keys)


def keyset_page(queryset: QuerySet, *, keys: list[Key], size: int, cursor: Cursor | None) -> KeysetPage:
    """One page of `queryset` in the order of `keys` (the last one unique), starting at `cursor` (None: the
    first page). Reads `size + 1` rows to learn whether another page follows, and never counts."""
    back = cursor.back if cursor else False
    scope = queryset
    if cursor is not None:
        queryset = queryset.filter(after(keys, cursor))
    rows = list(queryset.order_by(*(key.order(back=back) for key in keys))[: size + 1])
    more = len(rows) > size
    if back and not more:  # nothing (or less than a page) is newer: the first page, whole
        return keyset_page(scope, keys=keys, size=size, cursor=None)
    rows = rows[:size]
    if back:
        rows.reverse()
    has_next = True if back else more
    has_previous = more if back else cursor is not None
    return KeysetPage(
        rows=rows,
        next=Cursor(_values(rows[-1], keys), back=False) if rows and has_next else None,
        previous=Cursor(_values(rows[0], keys), back=True) if rows and has_previous else None,
    )
