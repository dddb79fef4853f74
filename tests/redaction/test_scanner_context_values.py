"""scan() never raises on any context value of the right shape: a call logged in year 1 or 9999, at any offset,
in any timezone, with any duration; any strings in every list. A crash here held every later reply to that
customer (an error is never clean), so absurd but well-formed data must be scanned like any other.

Only the public `scan()` and its JSON context are used, so the scanner's internals may change freely.
"""
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import available_timezones

import phonenumbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redaction.scanner import scan

ZONES = sorted(available_timezones())

offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
instants = st.datetimes(  # hypothesis takes naive bounds and adds the zone
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)  # noqa: DTZ001
).flatmap(lambda at: offsets.map(at.astimezone))
edge_instants = st.sampled_from(
    ["0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00-23:59", "9999-12-31T23:59:59+00:00",
     "9999-12-31T23:59:59+23:59", "0001-01-01T00:30:00+14:00", "9999-12-31T12:00:00-12:00"]
)
REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS | {"ZZ", "QQ"})  # and two the library reads no number in
call_times = st.one_of(instants.map(datetime.isoformat), edge_instants)
words = st.text(max_size=30)
calls = st.fixed_dictionaries(
    {"at": call_times},
    optional={"duration_s": st.one_of(st.integers(min_value=0, max_value=10**20), st.floats(0, 1e20))},
)
contexts = st.fixed_dictionaries(
    {"calls": st.lists(calls, max_size=3)},
    optional={
        "channel": st.sampled_from(["public", "private"]),
        "tz": st.sampled_from(ZONES),
        "regions": st.lists(st.sampled_from(REGIONS), max_size=3),
        "customer": st.fixed_dictionaries(
            {},
            optional={
                "name": words, "handle": words, "organization": words,
                **{key: st.lists(words, max_size=3) for key in
                   ("emails", "phones", "addresses", "account_ids", "cards", "ips")},
            },
        ),
        "contacts": st.lists(st.fixed_dictionaries({}, optional={"name": words, "email": words, "phone": words})),
        "private_messages": st.lists(words, max_size=3),
        "internal_notes": st.lists(words, max_size=3),
        "public_post": words,
        "now": call_times,
        "staff": st.lists(
            st.fixed_dictionaries({}, optional={"name": words, "username": words, "email": words}), max_size=3
        ),
    },
)
# Replies that name days, dates and times, so the call-time detectors run against the absurd calls.
DATEY = [
    "We called you on Monday at 3pm.", "on 31/12 at 23:59", "on 1 January at 00:00", "yesterday at 3",
    "last Tuesday morning", "late on the 14th", "Friday around 2pm", "December 31, 9999 at 11:59 pm",
    "on 0001-01-01 at 12:00", "03/07 at 2:05 pm", "the call on the 1st",
]
replies = st.lists(st.one_of(st.sampled_from(DATEY), words), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=replies, context=contexts)
def test_scan_never_raises_on_a_well_formed_context(text, context):
    findings = scan(text, context)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)


@settings(max_examples=100, deadline=None)
@given(text=st.sampled_from(DATEY), at=edge_instants, tz=st.sampled_from(["Pacific/Kiritimati", "Etc/GMT+12", "UTC"]))
def test_calls_at_the_ends_of_the_calendar_are_scanned(text, at, tz):
    scan(text, {"tz": tz, "calls": [{"at": at, "duration_s": 86_400}]})
