"""The scan_replies command's JSON-lines contract: order, verdicts, error lines, files. No database."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

CONTEXT = {"customer": {"emails": ["dave@home.example"], "handle": "dave_h"}}


def run(lines: list[str], **options: object) -> tuple[list[dict], str]:
    out, err = StringIO(), StringIO()
    call_command("scan_replies", stdin=StringIO("\n".join(lines) + "\n"), stdout=out, stderr=err, **options)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_each_line_gets_a_verdict_in_input_order() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Mail dave@home.example for it.", "context": CONTEXT}),
        json.dumps({"id": "b", "text": "Thanks @dave_h, fixed by Friday.", "context": CONTEXT}),
        json.dumps({"id": 3, "text": "Call +1 415 555 0132.", "context": {}}),
    ]
    results, err = run(lines)
    assert [r["id"] for r in results] == ["a", "b", 3]
    assert [r["verdict"] for r in results] == ["hold", "clean", "hold"]
    assert results[0]["findings"] == [
        {
            "start": 5,
            "end": 22,
            "kind": "email",
            "source": "context",
            "explanation": "the customer's email address, from their profile",
            "owner": "customer",
        }
    ]
    assert results[2]["findings"][0]["source"] == "pattern"
    assert "3 replies" in err and "2 held" in err


def test_staff_and_now_are_read_from_the_context() -> None:
    context = {
        "staff": [{"name": "Samuel Okafor", "username": "sokafor", "email": "samuel.okafor@helpwise.example"}],
        "now": "2024-07-04T09:00:00+10:00",
        "calls": [{"at": "2024-07-03T14:05:00+10:00", "duration_s": 300}],
    }
    lines = [
        json.dumps({"id": 1, "text": "Samuel from our billing team will help.", "context": context}),
        json.dumps({"id": 2, "text": "We fixed it yesterday around 2pm.", "context": context}),
        json.dumps({"id": 3, "text": "Our billing team will help.", "context": context}),
        json.dumps({"id": 4, "text": "Hi.", "context": {**context, "now": "yesterday"}}),
    ]
    results, _ = run(lines)
    assert [(f["kind"], f["owner"]) for f in results[0]["findings"]] == [("person", "agent")]
    assert [(f["start"], f["end"], f["kind"]) for f in results[1]["findings"]] == [(12, 32, "call_time")]
    assert results[2]["verdict"] == "clean"
    assert "context.now" in results[3]["error"]


def test_malformed_lines_get_an_error_and_the_batch_goes_on() -> None:
    lines = [
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-text", "context": {}}),
        json.dumps({"id": "bad-shape", "text": "hi", "context": {"customer": {"emails": "x@y.example"}}}),
        json.dumps({"id": "bad-key", "text": "hi", "context": {"cutsomer": {}}}),
        json.dumps({"id": "ok", "text": "All good.", "context": {}}),
    ]
    results, err = run(lines)
    assert [r["id"] for r in results] == [None, None, "no-text", "bad-shape", "bad-key", "ok"]
    assert all("error" in r for r in results[:5])
    assert "customer.emails must be a list" in results[3]["error"]
    assert "cutsomer" in results[4]["error"]
    assert results[5] == {"id": "ok", "verdict": "clean", "findings": []}
    assert "5 errors" in err


def test_input_and_output_files(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(
        json.dumps({"id": 1, "text": "Card 4539 5260 1815 9083.", "context": {}})
        + "\n\n"
        + json.dumps({"id": 2, "text": "Fine.", "context": {}})
        + "\n",
        encoding="utf-8",
    )
    err = StringIO()
    call_command("scan_replies", input=str(source), output=str(target), stderr=err)
    results = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["verdict"]) for r in results] == [(1, "hold"), (2, "clean")]
    assert "2 replies" in err.getvalue()


def test_progress_is_reported_on_stderr_for_large_inputs() -> None:
    lines = [json.dumps({"id": i, "text": "Fine.", "context": {}}) for i in range(1001)]
    results, err = run(lines)
    assert len(results) == 1001
    assert "1000 lines" in err
