"""The lengthened set scan_throughput.py times against the 5,000 replies/s target is what its docstring says."""

import json

from bench import scan_throughput


def test_lengthened_replies_average_about_500_bytes_and_keep_their_own_text_and_context():
    with scan_throughput.CORPUS.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
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
