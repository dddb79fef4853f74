"""Scan replies in bulk from JSON lines, with no database and no network.

Input lines are {"id", "text", "context"}; each gets one output line, in input order:
{"id", "verdict": "clean" | "hold", "findings": [...]} or {"id", "error"} for a line that cannot be
scanned (bad JSON, no text, a context of the wrong shape), and the batch goes on.
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

from redaction.policy import current_policy
from redaction.scanner import SCANNER_VERSION, scan

PROGRESS_EVERY = 1000


class Command(BaseCommand):
    help = "Scan JSON-lines replies ({id, text, context}) and print one verdict line per reply."
    # call_command(..., stdin=StringIO(...)) in tests; from a shell it is the process's standard input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", help="read from this file instead of standard input")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        policy = current_policy()
        source: IO[str] = (
            open(options["input"], encoding="utf-8") if options["input"] else options.get("stdin") or sys.stdin
        )
        sink: IO[str] = open(options["output"], "w", encoding="utf-8") if options["output"] else self.stdout
        counts = {"clean": 0, "hold": 0, "error": 0}
        started = time.monotonic()
        try:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                result = _scan_line(line, policy)
                counts[result.get("verdict", "error")] += 1
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                if number % PROGRESS_EVERY == 0:
                    self.stderr.write(f"scan_replies: {number} lines, {counts['hold']} held, {counts['error']} errors")
        finally:
            if options["input"]:
                source.close()
            if options["output"]:
                sink.close()
        total = sum(counts.values())
        self.stderr.write(
            f"scan_replies: done, {total} replies in {time.monotonic() - started:.1f}s: {counts['clean']} clean, "
            f"{counts['hold']} held, {counts['error']} errors (scanner {SCANNER_VERSION})"
        )


def _scan_line(line: str, policy: Any) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"not valid JSON: {exc.msg} at column {exc.colno}"}
    if not isinstance(row, dict):
        return {"id": None, "error": "a line must be a JSON object with id, text and context"}
    reply_id = row.get("id")
    text = row.get("text")
    if not isinstance(text, str):
        return {"id": reply_id, "error": "missing or non-string 'text'"}
    try:
        findings = scan(text, row.get("context") or {}, policy)
    except ValueError as exc:
        return {"id": reply_id, "error": f"bad context: {exc}"}
    return {
        "id": reply_id,
        "verdict": "hold" if findings else "clean",
        "findings": [finding.as_dict() for finding in findings],
    }
