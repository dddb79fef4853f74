"""scan() never raises on arbitrary text and always returns in-bounds, sorted, non-overlapping spans."""

from hypothesis import given, settings
from hypothesis import strategies as st

from redaction.scanner import KINDS, scan

CTX = {
    "tz": "America/New_York",
    "customer": {
        "name": "Dana Alvarez",
        "handle": "nightowl42",
        "emails": ["dana@acme.com"],
        "phones": ["(212) 555-0187"],
        "addresses": ["Apt 5B, 44 Maple Avenue, Austin, TX 78701"],
        "account_ids": ["ORD-55123"],
        "cards": ["4242"],
        "ips": ["203.0.113.9"],
    },
    "contacts": [{"name": "Luis Nguyen", "email": "luis@acme.com", "phone": "+1 212 555 0144"}],
    "private_messages": ["the invoices went out with the wrong tax rate and my manager is furious"],
    "internal_notes": ["gave a goodwill credit in January so do not offer another one"],
    "calls": [{"at": "2024-03-04T15:02:00-05:00", "duration_s": 300}],
    "agent": {"alias": "Kit", "real_name": "Mei Tanaka"},
}
# Pieces that exercise every detector, shuffled with arbitrary text between them.
PIECES = st.sampled_from(
    [
        "dana@acme.com",
        "(212) 555-0187",
        "44 Maple Ave",
        "ORD-55123",
        "55123",
        "ending 4242",
        "203.0.113.9",
        "4 March at 3:02pm",
        "Mar 4, 15:02",
        "around 3pm",
        "Luis",
        "I spoke with Luis",
        "Mei Tanaka",
        "the wrong tax rate and my manager is furious",
        "4111 1111 1111 1111",
        "GB82 WEST 1234 5698 7654 32",
        "536-22-1234",
        "version 1.2.3.4",
        "::1",
        "fe80::1:2:3:4",
        "Monday to Friday",
        " ",
        "\n",
        ".",
        "@",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=30), PIECES), max_size=25).map("".join)


def check(text: str) -> None:
    findings = scan(text, CTX)
    previous_end = 0
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= previous_end
        assert f.kind in KINDS and f.source in ("context", "pattern") and f.explanation
        previous_end = f.end


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_scan_never_raises_and_spans_are_sorted_and_disjoint(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_scan_handles_arbitrary_unicode(text: str) -> None:
    check(text)
