"""manage.py lint_replies: the JSON-lines interface outside evaluations call, format checked exactly."""
import io
import json
import os
import subprocess
import sys

from django.core.management import call_command


def run(lines: list[str]) -> tuple[list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("lint_replies", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_the_output_format_is_exact():
    text = "Sorry about this. We will refund you."
    rows, _ = run([
        json.dumps({"id": 7, "text": text, "channel": "email", "first_response": True}),
        json.dumps({"id": "b", "text": "Sorry! Could you send a screenshot? I'll look into it.", "channel": "portal",
                    "first_response": True}),
    ])
    assert rows[1] == {"id": "b", "warnings": []}
    assert list(rows[0]) == ["id", "warnings"]
    assert [w["code"] for w in rows[0]["warnings"]] == ["missing_info_request", "promises_outcome"]
    for warning in rows[0]["warnings"]:
        assert list(warning) == ["code", "start", "end", "message"] and warning["message"]
    assert (rows[0]["warnings"][0]["start"], rows[0]["warnings"][0]["end"]) == (0, 0)
    promise = rows[0]["warnings"][1]
    assert text[promise["start"] : promise["end"]] == "We will refund"


def test_first_response_defaults_to_true_and_false_drops_the_missing_codes():
    rows, _ = run([json.dumps({"id": 1, "text": "Noted."}),
                   json.dumps({"id": 2, "text": "Noted.", "first_response": False})])
    assert [w["code"] for w in rows[0]["warnings"]] == ["missing_empathy", "missing_info_request",
                                                         "missing_commitment"]
    assert rows[1] == {"id": 2, "warnings": []}


def test_bad_lines_are_reported_and_the_run_goes_on():
    rows, err = run([
        "{not json",
        json.dumps({"id": 1, "text": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "no id here"}),
        json.dumps({"id": 2, "text": "Hi", "first_response": "yes"}),
        json.dumps({"id": 3, "text": "Hi", "channel": 5}),
        json.dumps({"id": 4, "text": "It's your own fault.", "first_response": False}),
    ])
    assert rows[:3] == [
        {"id": 1, "error": '"text" must be a string'},
        {"id": 2, "error": '"first_response" must be true or false (or left out: true)'},
        {"id": 3, "error": '"channel" must be a string (email, portal, social, forum, phone) or left out'},
    ]
    assert rows[3]["id"] == 4 and [w["code"] for w in rows[3]["warnings"]] == ["blames_customer"]
    for number in (1, 2, 3, 4, 5, 6):
        assert f"line {number}:" in err
    assert "not valid JSON" in err and 'no "id"' in err
    assert "1 drafts" in err and "6 lines with errors" in err


def test_the_command_reads_stdin_and_exits_zero_as_a_process():
    lines = '{"id": "x", "text": "That is simply not true.", "first_response": false}\n{oops\n'
    done = subprocess.run(
        [sys.executable, "manage.py", "lint_replies"], input=lines, capture_output=True, text=True, check=False,
        timeout=120, env={**os.environ, "TACT_DEBUG": "1"},
    )
    assert done.returncode == 0
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert row["id"] == "x" and [w["code"] for w in row["warnings"]] == ["blames_customer"]
    assert "line 2: not valid JSON" in done.stderr
