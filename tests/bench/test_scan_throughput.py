"""The lengthened set scan_throughput.py times against the 5,000 replies/s target is what its docstring says."""

import json

from bench import scan_throughput
from bench._harness import load_corpus


def test_lengthened_replies_average_about_500_bytes_and_keep_their_own_text_and_context():
    rows = load_corpus(scan_throughput.CORPUS)
    items = scan_throughput.lengthened(rows)
    assert len(items) == len(rows)
    sizes = [len(text.encode()) for text, _ in items]
    assert min(sizes) >= scan_throughput.LONG_BYTES
    assert 480 <= sum(sizes) / len(sizes) <= 540
    clean_bodies: dict[str, set[str]] = {}
    for row in rows:
        if row["tier"] == "clean":
            company = row["context"]["company"]["names"][0]
            clean_bodies.setdefault(company, set()).update(scan_throughput._body_sentences(row["text"]))
    for row, (text, context) in zip(rows, items, strict=True):
        assert context is row["context"]
        paragraphs = row["text"].split("\n\n")
        # The reply's own paragraphs come first and its sign-off last; what is added between them is whole
        # sentences from the bodies (not greetings or sign-offs) of clean replies to the same company.
        assert text.startswith("\n\n".join(paragraphs[:-1]))
        assert text.endswith(paragraphs[-1])
        added = text[len("\n\n".join(paragraphs[:-1])) : len(text) - len(paragraphs[-1])]
        if len(row["text"].encode()) >= scan_throughput.LONG_BYTES:
            assert not added.strip()  # long enough already
            continue
        sentences = scan_throughput._SENTENCE_BREAK.split(added.strip())
        assert sentences and set(sentences) <= clean_bodies[context["company"]["names"][0]]
    assert scan_throughput.lengthened(rows) == items  # deterministic


def test_cold_set_gives_every_reply_its_own_context_with_only_keys_the_scanner_reads():
    rows = load_corpus(scan_throughput.HOLDOUT)
    items, dropped = scan_throughput._known_keys_only([(row["text"], row["context"]) for row in rows])
    assert len({json.dumps(context, sort_keys=True) for _, context in items}) == len(items)  # no cache hits
    known = set(scan_throughput.ScanContext.__dataclass_fields__)
    for (text, context), row in zip(items, rows, strict=True):
        assert text == row["text"]
        assert set(context) <= known
        assert {k: v for k, v in row["context"].items() if k not in dropped} == context
        scan_throughput.ScanContext.from_dict(context)  # accepted as it is: the cold pass measures scans
    assert 480 <= sum(len(text.encode()) for text, _ in items) / len(items) <= 600


def test_cold_pass_compiles_each_context_and_reports_the_share(capsys):
    rows = load_corpus(scan_throughput.HOLDOUT)[:20]
    items, _ = scan_throughput._known_keys_only([(row["text"], row["context"]) for row in rows])
    cold, warm, share = scan_throughput._cold(items, runs=1)
    assert 0 < cold < warm  # compiling costs something
    assert 0 < share < 1
    assert "cold set (held-out replies, each with its own ticket context): 20 replies" in capsys.readouterr().out
