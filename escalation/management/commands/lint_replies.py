"""Check public reply drafts against the first-response formula, from JSON lines: the interface outside
evaluations call.

Input lines are {"id", "text", "channel", "first_response"}: "channel" optional (social and forum are public;
anything else is read as private), "first_response" optional (true when left out; the missing_* codes apply
only to first responses). Each gets one output line, in input order: {"id", "warnings": [{"code", "start",
"end", "message"}]}, an empty list when the draft is fine. Spans are offsets in Python characters (code
points) into "text"; a missing_* warning has the span 0, 0. A line that cannot be checked is reported on
standard error with its line number and, when it has an id, answered with {"id", "error"}; the run goes on
and exits 0.
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

from escalation.firstresponse import check, default_patterns


class Command(BaseCommand):
    help = "Check JSON-lines reply drafts ({id, text, channel, first_response}); one JSON line out per draft."
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", help="read from this file instead of standard input")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        source: IO[str] = (
            open(options["input"], encoding="utf-8") if options["input"] else options.get("stdin") or sys.stdin
        )
        sink: IO[str] = open(options["output"], "w", encoding="utf-8") if options["output"] else self.stdout
        done = errors = warned = 0
        started = time.monotonic()
        try:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                result, problem = lint_line(line)
                if problem:
                    errors += 1
                    self.stderr.write(f"lint_replies: line {number}: {problem}")
                else:
                    done += 1
                    warned += bool(result and result["warnings"])
                if result is not None:
                    sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                    sink.flush()
        finally:
            if options["input"]:
                source.close()
            if options["output"]:
                sink.close()
        self.stderr.write(
            f"lint_replies: {done} drafts in {time.monotonic() - started:.1f}s, {warned} with warnings, "
            f"{errors} lines with errors (patterns {default_patterns().digest})"
        )


def lint_line(line: str) -> tuple[dict | None, str]:
    """(output line or None, problem or ""): an output line is written for every line with an id."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(row, dict):
        return None, 'a line must be a JSON object: {"id", "text", "channel", "first_response"}'
    if "id" not in row:
        return None, 'no "id"'
    draft_id = row["id"]
    text, channel, first = row.get("text"), row.get("channel") or "", row.get("first_response", True)
    problem = ""
    if not isinstance(text, str):
        problem = '"text" must be a string'
    elif not isinstance(channel, str):
        problem = '"channel" must be a string (email, portal, social, forum, phone) or left out'
    elif not isinstance(first, bool):
        problem = '"first_response" must be true or false (or left out: true)'
    if problem:
        return {"id": draft_id, "error": problem}, f"id {json.dumps(draft_id)}: {problem}"
    warnings = check(text, channel=channel, first_response=first)
    return {"id": draft_id, "warnings": [w.as_dict() for w in warnings]}, ""
