"""Classify customer messages for urgency in bulk, from JSON lines: the interface outside evaluations call.

Input lines are {"id", "text", "channel"} ("channel" optional: social and forum are public; any other value is
read as private). Each gets
one output line, in input order: {"id", "categories": [{"category", "score", "spans": [[start, end], ...]}]},
an empty list for an ordinary message. Spans are offsets in Python characters (code points) into "text".
A line that cannot be classified is reported on standard error with its line number, and, when it has an
id, answered with {"id", "error"}; the run goes on. The rules are the ones in force (defaults plus leads'
changes); without a migrated database, the shipped defaults.
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from escalation.detection import RuleSet, classify, default_ruleset


class Command(BaseCommand):
    help = "Classify JSON-lines messages ({id, text, channel}) for urgency; one JSON line out per message."
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", help="read from this file instead of standard input")
        parser.add_argument("--output", help="write to this file instead of standard output")
        parser.add_argument("--defaults", action="store_true", help="the shipped rules only, not leads' changes")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = self._rules(defaults_only=options["defaults"])
        source: IO[str] = (
            open(options["input"], encoding="utf-8") if options["input"] else options.get("stdin") or sys.stdin
        )
        sink: IO[str] = open(options["output"], "w", encoding="utf-8") if options["output"] else self.stdout
        done = errors = flagged = 0
        started = time.monotonic()
        try:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                result, problem = classify_line(line, rules)
                if problem:
                    errors += 1
                    self.stderr.write(f"classify_messages: line {number}: {problem}")
                else:
                    done += 1
                    flagged += bool(result and result["categories"])
                if result is not None:
                    sink.write(json.dumps(result, ensure_ascii=False) + "\n")
        finally:
            if options["input"]:
                source.close()
            if options["output"]:
                sink.close()
        self.stderr.write(
            f"classify_messages: {done} messages in {time.monotonic() - started:.1f}s, {flagged} with a category, "
            f"{errors} lines with errors (rules {rules.digest})"
        )

    def _rules(self, *, defaults_only: bool) -> RuleSet:
        if defaults_only:
            return default_ruleset()
        from escalation.urgency_rules import urgency_ruleset

        try:
            return urgency_ruleset()
        except DatabaseError:
            self.stderr.write("classify_messages: no rules table (database not migrated); using the shipped rules")
            return default_ruleset()


def classify_line(line: str, rules: RuleSet) -> tuple[dict | None, str]:
    """(output line or None, problem or ""): an output line is written for every line with an id."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(row, dict):
        return None, 'a line must be a JSON object: {"id", "text", "channel"}'
    if "id" not in row:
        return None, 'no "id"'
    message_id = row["id"]
    text, channel = row.get("text"), row.get("channel") or ""
    problem = ""
    if not isinstance(text, str):
        problem = '"text" must be a string'
    elif not isinstance(channel, str):
        problem = '"channel" must be a string (email, portal, social, forum, phone) or left out'
    if problem:
        return {"id": message_id, "error": problem}, f"id {json.dumps(message_id)}: {problem}"
    detections = classify(text, channel=channel, rules=rules)
    return {
        "id": message_id,
        "categories": [
            {"category": d.category, "score": d.score, "spans": [list(span) for span in d.spans]} for d in detections
        ],
    }, ""
