"""Check public reply drafts against the first-response formula, from JSON lines: the interface outside
evaluations call.

Input lines are {"id", "text", "channel", "first_response"}: "channel" optional (social, forum and social
networks by name, such as twitter or facebook, are public; anything else is read as private),
"first_response" optional (true when left out; the missing_* codes apply only to first responses). Each gets
one output line, in input order: {"id", "warnings": [{"code", "start", "end", "message"}]}, an empty list
when the draft is fine. Spans are offsets in Python characters (code
points) into "text"; a missing_* warning has the span 0, 0. A line that cannot be checked is reported on
standard error with its line number and, when it has an id, answered with {"id", "error"}; the run goes on
and exits 0. The patterns and the shipped learned stage are used, as in the reply composer, unless --no-model.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from escalation.firstresponse import ReplyModel, check, default_patterns, default_reply_model
from escalation.management.jsonlines import Answer, jsonl_arguments, jsonl_refusal, jsonl_row, jsonl_run


class Command(BaseCommand):
    help = "Check JSON-lines reply drafts ({id, text, channel, first_response}); one JSON line out per draft."
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser: CommandParser) -> None:
        jsonl_arguments(parser)
        parser.add_argument("--no-model", action="store_true", help="the patterns alone, without the model")

    def handle(self, *args: Any, **options: Any) -> None:
        model = None if options["no_model"] else default_reply_model()
        summary = "{done} drafts in {seconds:.1f}s, {flagged} with warnings, {errors} lines with errors"
        summary += f" (patterns {default_patterns().digest}, model {model.digest if model else 'off'})"
        jsonl_run(self, options, answer=lambda line: lint_line(line, model), flagged_key="warnings", summary=summary)


def lint_line(line: str, model: ReplyModel | None = None) -> Answer:
    row, problem = jsonl_row(line, '{"id", "text", "channel", "first_response"}')
    if row is None:
        return None, problem
    text, channel, first = row.get("text"), row.get("channel") or "", row.get("first_response", True)
    if not isinstance(text, str):
        return jsonl_refusal(row["id"], '"text" must be a string')
    if not isinstance(channel, str):
        return jsonl_refusal(row["id"], '"channel" must be a string (email, portal, social, forum, phone) or left out')
    if not isinstance(first, bool):
        return jsonl_refusal(row["id"], '"first_response" must be true or false (or left out: true)')
    warnings = check(text, channel=channel, first_response=first, model=model)
    return {"id": row["id"], "warnings": [w.as_dict() for w in warnings]}, ""
