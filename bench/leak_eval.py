"""Precision, recall and F1 of the leak scanner on the labelled corpus, per kind and per tier.

    .venv/bin/python bench/leak_eval.py [--corpus FILE] [--misses N] [--presidio]

A label counts as found when a finding of the same kind overlaps it; a finding that overlaps no
label of its kind is a false positive. A clean reply with any finding is a false hold.
With --presidio, Presidio's regex recognizers (no spaCy model) are measured beside Tact when the
package imports (install it only in a throwaway venv, never in the project).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redaction.scanner import KINDS, scan  # noqa: E402

CORPUS = Path(__file__).parent / "data" / "leak_corpus.jsonl"
Span = tuple[int, int, str]


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def overlaps(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


class Score:
    def __init__(self) -> None:
        self.tp_labels: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.tp_findings: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()

    def add(self, labels: list[Span], findings: list[Span], group: str) -> None:
        for label in labels:
            self.labels[group] += 1
            self.tp_labels[group] += any(overlaps(label, f) for f in findings)
        for finding in findings:
            self.findings[group] += 1
            self.tp_findings[group] += any(overlaps(finding, label) for label in labels)

    def row(self, group: str) -> str:
        recall = self.tp_labels[group] / self.labels[group] if self.labels[group] else float("nan")
        precision = self.tp_findings[group] / self.findings[group] if self.findings[group] else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return (
            f"{group:<12} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f} {self.labels[group]:>7} {self.findings[group]:>9}"
        )


def evaluate(rows: list[dict], detect: Callable[[str, dict], list[Span]], name: str, misses: int) -> None:
    by_kind, by_tier = Score(), Score()
    held_clean = clean = 0
    missed: list[str] = []
    for row in rows:
        labels = [(lb["start"], lb["end"], lb["kind"]) for lb in row["labels"]]
        findings = detect(row["text"], row["context"])
        for kind in KINDS:
            by_kind.add([lb for lb in labels if lb[2] == kind], [f for f in findings if f[2] == kind], kind)
        by_tier.add(labels, findings, row["tier"])
        by_tier.add(labels, findings, "all")
        if row["tier"] == "clean":
            clean += 1
            held_clean += bool(findings)
            for f in findings:
                missed.append(f"  FALSE HOLD {row['id']} {f[2]}: {row['text'][f[0] : f[1]]!r}")
        elif misses:
            for f in findings:
                if not any(overlaps(f, label) for label in labels):
                    missed.append(f"  EXTRA {row['id']} {f[2]}: {row['text'][f[0] : f[1]]!r}")
        for label in labels:
            if not any(overlaps(label, f) for f in findings):
                missed.append(f"  MISS {row['id']} ({row['tier']}) {label[2]}: {row['text'][label[0] : label[1]]!r}")
    header = f"{'':<12} {'precision':>9} {'recall':>7} {'f1':>6} {'labels':>7} {'findings':>9}"
    print(f"== {name}: {len(rows)} replies ==")
    print("per tier\n" + header)
    for tier in ("clean", "exact", "reformatted", "all"):
        print(by_tier.row(tier))
    print("per kind\n" + header)
    for kind in KINDS:
        if by_kind.labels[kind] or by_kind.findings[kind]:
            print(by_kind.row(kind))
    print(f"false holds on clean replies: {held_clean}/{clean} = {held_clean / max(clean, 1):.2%}")
    if misses:
        print("\n".join(missed[:misses]))
    print()


def tact(text: str, context: dict) -> list[Span]:
    return [(f.start, f.end, f.kind) for f in scan(text, context)]


PRESIDIO_KINDS = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "CREDIT_CARD": "card",
    "IP_ADDRESS": "ip",
    "IBAN_CODE": "iban",
    "US_SSN": "gov_id",
    "UK_NINO": "gov_id",
    "PERSON": "person",
    "DATE_TIME": "call_time",
}


def presidio_detector() -> Callable[[str, dict], list[Span]] | None:
    """Presidio's pattern recognizers, without an NLP model (none can be downloaded here)."""
    try:
        import tldextract

        # Presidio's email check calls tldextract, which would fetch the public suffix list from the
        # network on first use: use the snapshot bundled with the package instead.
        tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        from presidio_analyzer import RecognizerRegistry
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            IpRecognizer,
            PhoneRecognizer,
            UsSsnRecognizer,
        )
    except ImportError:
        return None
    registry = RecognizerRegistry()
    recognizers: Iterable = [
        EmailRecognizer(),
        PhoneRecognizer(),
        CreditCardRecognizer(),
        IpRecognizer(),
        IbanRecognizer(),
        UsSsnRecognizer(),
    ]
    for recognizer in recognizers:
        registry.add_recognizer(recognizer)

    def detect(text: str, context: dict) -> list[Span]:
        spans = []
        for recognizer in registry.recognizers:
            entities = recognizer.supported_entities
            for result in recognizer.analyze(text, entities, None) or []:
                kind = PRESIDIO_KINDS.get(result.entity_type)
                if kind and result.score >= 0.4:
                    spans.append((result.start, result.end, kind))
        return spans

    return detect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses and false holds")
    parser.add_argument("--presidio", action="store_true", help="also measure Presidio's regex recognizers")
    args = parser.parse_args()
    rows = load(args.corpus)
    evaluate(rows, tact, "Tact scanner", args.misses)
    if args.presidio:
        detect = presidio_detector()
        if detect is None:
            print("presidio-analyzer is unavailable in this interpreter: not measured")
        else:
            evaluate(rows, detect, "Presidio regex recognizers (no context, no NLP model)", args.misses)


if __name__ == "__main__":
    main()
