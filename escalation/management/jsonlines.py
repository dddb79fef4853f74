"""The JSON-lines loop the commands outside evaluations call share (classify_messages, lint_replies): one
output line per input line with an id, in order; a bad line reported on standard error with its number (and
answered with {"id", "error"} when it has an id); the run goes on; a summary line on standard error."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

# An answer: (output line or None, problem or ""). An output line is written for every line with an id.
Answer = tuple[dict | None, str]


def jsonl_arguments(parser: CommandParser) -> None:
    parser.add_argument("--input", help="read from this file instead of standard input")
    parser.add_argument("--output", help="write to this file instead of standard output")


def jsonl_row(line: str, shape: str) -> tuple[dict | None, str]:
    """The line's JSON object, which must have an "id", or the problem with it (`shape` names its fields)."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(row, dict):
        return None, f"a line must be a JSON object: {shape}"
    if "id" not in row:
        return None, 'no "id"'
    return row, ""


def jsonl_refusal(row_id: Any, problem: str) -> Answer:
    return {"id": row_id, "error": problem}, f"id {json.dumps(row_id)}: {problem}"


def jsonl_run(
    command: BaseCommand, options: dict, *, answer: Callable[[str], Answer], flagged_key: str, summary: str
) -> None:
    """Answer every line; `summary` is formatted with done, seconds, flagged (non-empty `flagged_key`), errors."""
    name = command.__module__.rsplit(".", 1)[-1]
    source: IO[str] = (
        open(options["input"], encoding="utf-8") if options["input"] else options.get("stdin") or sys.stdin
    )
    sink: IO[str] = open(options["output"], "w", encoding="utf-8") if options["output"] else command.stdout
    done = errors = flagged = 0
    started = time.monotonic()
    try:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            result, problem = answer(line)
            if problem:
                errors += 1
                command.stderr.write(f"{name}: line {number}: {problem}")
            else:
                done += 1
                flagged += bool(result and result[flagged_key])
            if result is not None:
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                sink.flush()
    finally:
        if options["input"]:
            source.close()
        if options["output"]:
            sink.close()
    seconds = time.monotonic() - started
    command.stderr.write(f"{name}: " + summary.format(done=done, seconds=seconds, flagged=flagged, errors=errors))
