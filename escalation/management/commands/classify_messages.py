"""Classify customer messages for urgency in bulk, from JSON lines: the interface outside evaluations call.

Input lines are {"id", "text", "channel"} ("channel" optional: social and forum are public; any other value is
read as private). Each gets
one output line, in input order: {"id", "categories": [{"category", "score", "spans": [[start, end], ...]}]},
an empty list for an ordinary message. Spans are offsets in Python characters (code points) into "text".
A line that cannot be classified is reported on standard error with its line number, and, when it has an
id, answered with {"id", "error"}; the run goes on. The rules are the ones in force (defaults plus leads'
changes); without a migrated database, the shipped defaults. The learned stage (the shipped model) runs beside
them, as at intake, unless --no-model.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from escalation.detection import RuleSet, UrgencyModel, classify, default_model, default_ruleset
from escalation.management.jsonlines import Answer, jsonl_arguments, jsonl_refusal, jsonl_row, jsonl_run


class Command(BaseCommand):
    help = "Classify JSON-lines messages ({id, text, channel}) for urgency; one JSON line out per message."
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests

    def add_arguments(self, parser: CommandParser) -> None:
        jsonl_arguments(parser)
        parser.add_argument("--defaults", action="store_true", help="the shipped rules only, not leads' changes")
        parser.add_argument("--no-model", action="store_true", help="the phrase rules alone, without the model")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = self._rules(defaults_only=options["defaults"])
        model = None if options["no_model"] else default_model()
        summary = "{done} messages in {seconds:.1f}s, {flagged} with a category, {errors} lines with errors"
        jsonl_run(
            self,
            options,
            answer=lambda line: classify_line(line, rules, model),
            flagged_key="categories",
            summary=summary + f" (rules {rules.digest}, model {model.digest if model else 'off'})",
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


def classify_line(line: str, rules: RuleSet, model: UrgencyModel | None = None) -> Answer:
    """(output line or None, problem or ""): an output line is written for every line with an id."""
    row, problem = jsonl_row(line, '{"id", "text", "channel"}')
    if row is None:
        return None, problem
    text, channel = row.get("text"), row.get("channel") or ""
    if not isinstance(text, str):
        return jsonl_refusal(row["id"], '"text" must be a string')
    if not isinstance(channel, str):
        return jsonl_refusal(row["id"], '"channel" must be a string (email, portal, social, forum, phone) or left out')
    detections = classify(text, channel=channel, rules=rules, model=model)
    return {
        "id": row["id"],
        "categories": [
            {"category": d.category, "score": d.score, "spans": [list(span) for span in d.spans]} for d in detections
        ],
    }, ""
