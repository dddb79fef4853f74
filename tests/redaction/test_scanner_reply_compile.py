"""A context is compiled only as far as each reply needs until it goes whole, and finds what the full compile finds.

The reference is `engine._compile(ctx)` with every matcher built (needs.EVERYTHING). The scan of a context not
seen before compiles only what its reply (and the public post) can match; these tests compare the two on
both evaluation sets and on replies generated from each context's own values, written in the forms the
detectors read (names and their parts, numbers reformatted, spelled-out emails, sentences and word runs of
private text), with the public post drawn the same way.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import leak_eval
from bench._harness import load_corpus
from redaction.scanner import ScanContext, engine, scan
from redaction.scanner.needs import EVERYTHING


def full_scan(text: str, context: dict) -> list:
    """The scan with every matcher of the context compiled: the reference."""
    return scan(text, engine._compile(ScanContext.from_dict(context), EVERYTHING))


def first_scan(text: str, context: dict) -> list:
    """The scan of a context never seen before: compiled for this reply only."""
    engine.cache_clear()
    return scan(text, context)


def test_a_context_is_compiled_for_its_replies_until_that_would_cost_as_much_as_compiling_it_whole() -> None:
    context = {"customer": {"name": "Dana Alvarez", "handle": "nightowl42"}, "contacts": [{"name": "Luis Nguyen"}]}
    assert engine._compile_costs(ScanContext.from_dict(context)) == (12.0, 26.0)  # one value: a reply, whole
    engine.cache_clear()
    assert [f.kind for f in scan("I spoke with Luis", context)] == ["person"]
    assert engine.cache_size() == 0  # compiled for that reply, not kept
    assert [f.kind for f in scan("Dana Alvarez wrote", context)] == ["person"]
    assert engine.cache_size() == 0  # 12 + 12 < 26: compiled for the reply again
    assert [f.kind for f in scan("Luis and Dana", context)] == ["person", "person"]
    assert engine.cache_size() == 2  # 36 >= 26: compiled whole and kept (under its digest and fingerprint)
    assert scan("nothing here", context) == []


def _whole_at(context: dict, replies: int = 12) -> int:
    """The reply on which the rule compiles the context whole, replies on it coming one after another."""
    ctx = ScanContext.from_dict(context)
    engine.cache_clear()
    return next(n for n in range(1, replies + 1) if engine._goes_whole("key", ctx))


HELD_OUT = load_corpus(leak_eval.SETS["holdout"][0])[0]["context"]
PRIVATE_TEXT = {"private_messages": HELD_OUT["private_messages"], "internal_notes": HELD_OUT["internal_notes"]}


@pytest.mark.parametrize(
    ("context", "reply"),
    [
        ({"customer": {"name": "Dana Alvarez"}, "company": {"names": ["Acme"]}}, 1),  # nothing to compile but a name
        ({"contacts": [{"name": "Luis Nguyen"}]}, 3),
        ({**HELD_OUT, "private_messages": [], "internal_notes": []}, 3),  # 22 values, no private text
        (HELD_OUT, 4),  # 1,107 characters of private text
        ({**HELD_OUT, **{key: value * 8 for key, value in PRIVATE_TEXT.items()}}, 5),  # 8,856 characters
        (PRIVATE_TEXT, 5),  # private text alone: a reply's compile costs 0.22 of the whole one
    ],
)
def test_the_larger_a_context_s_private_text_the_more_replies_compile_it_for_themselves(context: dict, reply: int):
    assert _whole_at(context) == reply
    engine.cache_clear()


@settings(max_examples=200, deadline=None)
@given(chars=st.integers(0, 50_000), values=st.integers(0, 60), replies=st.integers(1, 40))
def test_rent_or_buy_costs_less_than_twice_the_best_choice_in_hindsight(chars: int, values: int, replies: int):
    """In estimated costs: the best choice for a ticket with n replies compiles whole at once or never."""
    ctx = ScanContext.from_dict({"private_messages": ["x" * chars], "contacts": [{"name": "Luis"}] * values})
    rent, whole = engine._compile_costs(ctx)
    engine.cache_clear()
    spent = 0.0
    for _ in range(replies):
        if engine._goes_whole("key", ctx):
            spent += whole
            break
        spent += rent
    best = min(replies * rent, whole)
    if replies * rent < whole:
        assert spent == pytest.approx(replies * rent)  # never compiled whole: that would have cost more
    assert spent < 2 * best or spent == best == 0
    engine.cache_clear()


def test_every_reply_on_a_ticket_finds_what_the_full_compile_finds_before_and_after_it_goes_whole() -> None:
    differ = []
    for index in range(0, len(ROWS) - 5, len(ROWS) // 60):  # each with five rows after it
        name, row = ROWS[index]
        engine.cache_clear()
        # The ticket's replies: its own, then the next rows' texts (other replies, read against this context).
        for step, (_, other) in enumerate([ROWS[index], *ROWS[index + 1 : index + 6]]):
            if scan(other["text"], row["context"]) != full_scan(other["text"], row["context"]):
                differ.append((name, row["id"], step))
        assert engine.cache_size() == 2  # it went whole at its 3rd or 4th reply
    assert not differ


def test_the_parts_of_one_reply_share_one_compile_and_find_what_each_scanned_alone_finds() -> None:
    context = {
        "customer": {"name": "Dana Alvarez", "handle": "nightowl42", "phones": ["+61 2 9999 0000"]},
        "contacts": [{"name": "Luis Nguyen"}],
    }
    parts = ["I spoke with Luis", "Re: call 02 9999 0000", "Dana Alvarez wrote"]
    engine.cache_clear()
    together = engine.scan_parts(parts, context)
    assert engine.cache_size() == 0  # one compile for the reply's parts, not kept (a second part would have cached it)
    assert [[f.kind for f in part] for part in together] == [["person"], ["phone"], ["person"]]
    assert together == [full_scan(part, context) for part in parts]
    assert engine.scan_parts([], context) == []


ROWS = [(name, row) for name, (path, _) in leak_eval.SETS.items() for row in load_corpus(path)]


def test_every_reply_of_both_evaluation_sets_finds_with_its_own_compile_what_the_full_compile_finds() -> None:
    differ = []
    for name, row in ROWS:
        try:
            expected = full_scan(row["text"], row["context"])
        except ValueError:
            with pytest.raises(ValueError):
                first_scan(row["text"], row["context"])
            continue
        if first_scan(row["text"], row["context"]) != expected:
            differ.append((name, row["id"]))
    assert not differ


def _pieces(context: dict) -> list[list[str]]:
    """The context's values in the forms a reply may write them, and their parts, by kind of value."""
    customer = context.get("customer", {})
    staff, contacts = context.get("staff", []), context.get("contacts", [])
    people = [customer.get("name", ""), context.get("agent", {}).get("real_name", "")]
    people += [c.get("name", "") for c in contacts] + [s.get(key, "") for s in staff for key in ("name", "username")]
    addresses = [*customer.get("emails", []), *(c.get("email", "") for c in contacts)]
    addresses += [s.get("email", "") for s in staff]
    texts = [*context.get("private_messages", []), *context.get("internal_notes", [])]
    numbers = [*customer.get("phones", []), *(c.get("phone", "") for c in contacts), *customer.get("cards", [])]
    numbers += [*customer.get("account_ids", []), *context.get("company", {}).get("phones", [])]
    numbers += [n for text in texts for n in re.findall(r"[+(]?\d[\d ()./-]{2,}\d|[A-Z]+-?\d+", text)]
    names = [p for person in people if person for p in (person, *person.split(), f"Hi {person.split()[0]}")]
    emails = []
    for address in filter(None, addresses):
        local, _, domain = address.partition("@")
        emails += [address, f"{local.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}"]
    written = []
    for number in filter(None, numbers):
        digits = re.sub(r"\D", "", number)
        written += [number, digits, f"card ending {digits[-4:]}", f"Visa {digits[-4:]}", f"0{digits[-9:]}", digits[2:]]
    places = [part for address in customer.get("addresses", []) for part in (address, *address.split(","))]
    words = [w for text in texts for w in text.split()]
    runs = [" ".join(words[i : i + 9]) for i in range(0, max(1, len(words) - 9), 3)]
    sentences = [s for text in texts for s in re.split(r"(?<=[.!?])\s+", text) if s]
    # A few of a sentence's longer words: what a paraphrase of it shares with it.
    longer = [[w for w in s.split() if len(w) > 3] for s in sentences]
    gist = [" ".join(words[i : i + 3]) for words in longer for i in range(len(words))]
    calls = ["when we spoke on Monday at 3pm", "yesterday at 3", "around 2pm", "order number 5512093", "case 37146886"]
    return [kind for kind in (names, emails, written, places, words, runs, sentences, gist, calls) if any(kind)]


CONTEXTS = [row["context"] for _, row in ROWS[:: len(ROWS) // 40]]
SEPARATORS = st.sampled_from([" ", ", ", ". ", "\n", " and ", "—", ": "])


@st.composite
def reply_and_context(draw: st.DrawFn) -> tuple[str, dict]:
    context = draw(st.sampled_from(CONTEXTS))
    kinds = _pieces(context)
    piece = st.one_of(st.sampled_from(kinds).flatmap(st.sampled_from), st.text(max_size=4))
    reply = draw(st.lists(st.tuples(piece, SEPARATORS).map("".join), max_size=8).map("".join))
    post = draw(st.lists(st.tuples(piece, SEPARATORS).map("".join), max_size=4).map("".join))
    return reply, {**context, "public_post": post}


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reply_and_context())
def test_a_reply_made_of_its_contexts_values_finds_with_its_own_compile_what_the_full_compile_finds(
    case: tuple[str, dict],
) -> None:
    text, context = case
    try:
        expected = full_scan(text, context)
    except ValueError:
        return  # the context is refused whichever way it is compiled (checked on the sets above)
    assert first_scan(text, context) == expected


@pytest.mark.parametrize(
    "reply",
    ["Your SSN 628 97 7014 is on file", "ref 628977014 noted", "ref 62897 7014", "ref 6²8-97-7014", "ref 7014 only"],
)
def test_a_government_id_from_private_text_is_found_in_a_first_reply_as_in_the_full_compile(reply: str) -> None:
    context = {"private_messages": ["my SSN, it is 628-97-7014. Please update it."]}
    assert first_scan(reply, context) == full_scan(reply, context)


ODD_PROFILE = {
    "customer": {
        "account_ids": ["ACC-７７１２０", "CUST-²²³⁴⁵", "ID 12", "Ünï-98765", "INV-2024-117912"],
        "addresses": ["Rose Cottage, Little Snoring", "Flat 3, 7 Élm Road", "12-14 Baker St, London NW1 6XE"],
    }
}


@pytest.mark.parametrize(
    "reply",
    [
        "Your account ACC-77120 is fine",
        "acc 77120 and cust 22345 noted",
        "CUST-²²³⁴⁵ is on file",
        "id 12 was closed",
        "Ünï-98765 and invoice 117912",
        "Sent to Rose Cottage, Little Snoring",
        "Sent to 7 Élm Road",
        "Sent to 7 Elm Rd",
        "Sent to 12 Baker Street, NW1 6XE",
        "Sent to １２ Baker Street",
        "Sent to Baker St, not Élm Road",
        "nothing numbered here",
    ],
)
def test_profile_ids_and_addresses_left_out_of_a_first_reply_s_compile_are_ones_it_cannot_match(reply: str) -> None:
    """A first reply's compile keeps an ASCII id of four digits or more only if the reply has four of its digits in
    a row, and an ASCII address only if the reply has one of its numbered words: in any other form (other digits,
    fewer digits, an address with no number, a non-ASCII one) every value is compiled; a street's name alone always."""
    assert first_scan(reply, ODD_PROFILE) == full_scan(reply, ODD_PROFILE)
