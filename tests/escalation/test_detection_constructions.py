"""Rules for classes of construction in threats and in messages to agents (conditional harm, watching and
locating, waiting, exposing staff's details; meeting, personal questions, looks and voice, persistence after a
no, finding an agent offline), each in wording the rules were not written from, beside its harmless twin."""

import json
from pathlib import Path

import pytest

from escalation.detection import classify
from escalation.detection.sets import sets_with_role

PAIRS = [
    # (category, the construction, its harmless twin: the same words in a sense that is not urgent)
    (
        "threat_violence",
        "Ignore me again and you'll pay for it, and I don't mean money.",
        "You'll pay for it monthly, as the contract says.",
    ),
    (
        "threat_violence",
        "We know which tram your supervisor takes, tell her to be careful.",
        "I know which tariff I'm on, but not which add-ons.",
    ),
    (
        "threat_violence",
        "I know what your front door looks like, mate.",
        "I know what the new router looks like from the advert.",
    ),
    (
        "threat_violence",
        "I've found out what time she finishes, so see you then.",
        "I found out what time the shop opens from your website.",
    ),
    (
        "threat_violence",
        "Refund me or I'm posting your engineer's home address online.",
        "Please update my home address, I moved in May.",
    ),
    (
        "threat_violence",
        "Keep it up and you won't see me coming.",
        "Keep it up, the new app is great, I didn't see it coming.",
    ),
    (
        "threat_violence",
        "Tomorrow I'll be in the car park when your staff leave.",
        "I'll be in the car park to collect my order at ten.",
    ),
    (
        "threat_violence",
        "He should look under his car before he drives to work.",
        "The engineer should look at my car before Friday.",
    ),
    (
        "threat_violence",
        "Tell the driver I'll snap his fingers if he bends my post again.",
        "Tell the driver to snap a photo when he leaves the parcel.",
    ),
    (
        "agent_harassment",
        "Would you like to meet up after your shift for drinks?",
        "Could the installer meet me after work at the flat?",
    ),
    (
        "agent_harassment",
        "How old are you? You sound about twenty.",
        "How old is the boiler you fitted? The label is worn.",
    ),
    (
        "agent_harassment",
        "You have the sweetest voice, I could listen to you all day.",
        "Your voice assistant does not understand my accent.",
    ),
    (
        "agent_harassment",
        "I know you told me to stop, but I just want one dinner.",
        "I know you told me the refund takes five days.",
    ),
    (
        "agent_harassment",
        "I spotted you at the supermarket on Sunday in your red coat.",
        "I found your shop on the map on Sunday.",
    ),
    ("agent_harassment", "Are you single? You seem lovely.", "Are you single-handedly running support today?"),
    ("agent_harassment", "Hey gorgeous, any news on my parcel?", "Thanks, beautiful design on the new site."),
    (
        "agent_harassment",
        "I bet you look amazing in that uniform.",
        "Please wear something warm when you read the meter.",
    ),
    (
        "agent_harassment",
        "I read all your old posts, you changed your hair!",
        "I read all your help pages and still can't log in.",
    ),
]


@pytest.mark.parametrize(("category", "text", "twin"), PAIRS)
def test_a_construction_is_found_and_its_harmless_twin_is_not(category, text, twin):
    found = {d.category: d for d in classify(text)}
    assert category in found
    start, end = found[category].spans[0]
    assert text[start:end].strip(), "the span names the words"
    assert classify(twin) == [] or category not in {d.category for d in classify(twin)}


def test_the_set_the_classes_were_written_against_is_hand_written_and_its_clean_messages_pass():
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_train4.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    count = {c: sum(c in row["categories"] for row in rows) for c in ("threat_violence", "agent_harassment")}
    assert all(row["source"] == "written" for row in rows)
    assert count["threat_violence"] >= 150 and count["agent_harassment"] >= 150
    clean = [row for row in rows if not row["categories"]]
    assert len(clean) >= 100
    assert [row["id"] for row in clean if classify(row["text"], channel=row["channel"], model=None)] == []
    assert "urgency_train4.jsonl" in sets_with_role("training")  # for the categories it speaks for
