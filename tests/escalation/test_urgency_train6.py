"""Self-harm, staff conduct, press, viral and legal messages written by class, each beside a harmless twin in
the same words, and the class rules they taught (`default_rules.toml`, "Classes of construction")."""

import json
from pathlib import Path

import pytest

from escalation.detection import CATEGORIES, classify
from escalation.detection.sets import urgency_sets

TRAIN6 = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_train6.jsonl"
WRITTEN_FOR = {"self_harm", "staff_conduct", "press_media", "public_viral", "legal_regulatory"}


def categories(text: str) -> set[str]:
    """What the shipped rules alone find: the classes below are rules' work, not the model's."""
    return {d.category for d in classify(text)}


@pytest.mark.parametrize(
    ("category", "urgent", "harmless"),
    [
        (  # not expecting to be alive, against away with a reason
            "self_harm",
            "whats the point of fixing my account when I'm not planning on being here next month",
            "I'm not planning on being here next month because we're moving to Spain, can I pause it?",
        ),
        (  # a method in the house
            "self_harm",
            "I have the car running in the garage and wanted to cancel everything first.",
            "I have the car running outside so please be quick, I just need the PUK code.",
        ),
        (  # storing up medication
            "self_harm",
            "I've been storing up my prescription for weeks. I'm not sure why I'm telling a company.",
            "I've been storing up my loyalty vouchers for weeks, can I use them all at once?",
        ),
        (  # the world better without the writer
            "self_harm",
            "everything i touch falls apart, i think the world would be lighter without me in it",
            "everything i touch falls apart, especially your flimsy phone cases",
        ),
        (  # a third party done with it all
            "self_harm",
            "He posted last night that he's done with all of it and now his phone is off.",
            "He posted last night that the router is done and now his phone is off.",
        ),
        (  # a sea swim for charity, a rope light, sleep after a shift
            "self_harm",
            "planning to walk into the sea tonight, just wanted someone to know",
            "planning to walk into the sea tonight for the charity dip, is the case waterproof",
        ),
        (
            "self_harm",
            "theres a rope in the loft and ive been thinking about it all day",
            "theres a rope light in the loft that keeps tripping the smart plug",
        ),
        (
            "self_harm",
            "my sister keeps saying she wants to go to sleep forever and won't talk to us",
            "my sister keeps saying she wants to go to sleep forever after a night shift lol",
        ),
        (  # private details read out on a call
            "staff_conduct",
            "Your agent read my full card number out loud on the call while I was on speaker.",
            "Your agent asked me to read out my card number on the call, is that normal?",
        ),
        (  # a put-down on a call
            "staff_conduct",
            "The man I spoke to laughed and said my husband won't be needing it then.",
            "The man I spoke to was so kind and said he'd sort it today.",
        ),
        (
            "staff_conduct",
            "The previous agent told him he was too old to understand broadband.",
            "The previous agent told him the contract was too old to upgrade online.",
        ),
        (
            "staff_conduct",
            "ur engineer who came round made comments about my religion the whole time",
            "ur engineer who came round made comments about my wiring, all fixed now",
        ),
        (  # an outlet's readers writing in; a quote asked of the comms team
            "press_media",
            "Readers keep emailing us about your exit fees. Is there anyone who can give an official comment?",
            "Please update my communication preferences: email only, no texts.",
        ),
        (
            "press_media",
            "Writing a post about how you treat night-shift agents. Would love a quote from your comms team.",
            "Writing a post about my favourite apps and yours is in it! Just saying thanks.",
        ),
        (
            "press_media",
            "my cousin works for the Mirror and she says this is exactly the kind of story they run",
            "my cousin works for the Mirror and she says your deals are the best this month",
        ),
        (  # a whole platform talking, going round local groups, replies and signatures piling up
            "public_viral",
            "half of twitter is dunking on your company right now because of the outage tweet",
            "half of my office uses your app, can we get a team discount",
        ),
        (
            "public_viral",
            "the screenshot of your email to me has gone round every local group in the county",
            "the screenshot of the error is attached, it happens every time I log in",
        ),
        (
            "public_viral",
            "@brand you're trending in Ireland and not for a good reason",
            "@brand the trending page in your app shows the same three songs all week",
        ),
        (
            "public_viral",
            "Over 500 replies under my post about your broken boiler cover.",
            "Over 500 photos in my cloud backup and it stopped syncing.",
        ),
        (
            "public_viral",
            "There's a petition about your data sharing that has passed 15,000 signatures.",
            "Started a petition in my street for a new post box lol, is my parcel coming today?",
        ),
        (  # acting on a client's authority; a complaint to a named regulator
            "legal_regulatory",
            "Our client authorises us to request copies of all call recordings relating to her account.",
            "Our client list has grown, can we add ten more lines to the business account?",
        ),
        (
            "legal_regulatory",
            "Reported them to the Advertising Standards Authority today over the speed claims.",
            "I saw your advert on the bus today, is the speed offer available in my area?",
        ),
        (  # a lawyer's recommendation, a divorce date, a cookie banner, a solicitor as a customer
            "legal_regulatory",
            "My barrister is drafting a letter about the exit fee on my behalf now.",
            "My barrister friend recommended your broadband, what's the best deal?",
        ),
        (
            "legal_regulatory",
            "I'll see you in court over the double charge.",
            "The court date for my divorce is next week, I need my ex off the joint account.",
        ),
        (
            "legal_regulatory",
            "Under GDPR I want every recording of my calls within one month.",
            "Anyone know how the GDPR cookie settings work on the new site? Mine keep resetting.",
        ),
        (
            "legal_regulatory",
            "A solicitor is calling on my behalf about the damaged flooring claim.",
            "Caller is a solicitor calling to update the address on her firm's account.",
        ),
    ],
)
def test_class_rule_fires_and_its_twin_does_not(category: str, urgent: str, harmless: str) -> None:
    assert category in categories(urgent)
    assert category not in categories(harmless)


def test_train6_judges_the_rules_and_is_not_trained_on() -> None:
    """Trained on, it lowered some categories out of fold (the shared budget moved; docs/urgency.md): it stays
    a regression set for the class rules until that is solved."""
    assert urgency_sets()["urgency_train6.jsonl"].role == "rules"


def test_train6_is_written_by_hand_with_a_twin_for_every_category() -> None:
    rows = [json.loads(line) for line in TRAIN6.read_text().splitlines()]
    assert all(row["source"] == "written" and set(row["categories"]) <= set(CATEGORIES) for row in rows)
    labelled = {category: sum(category in row["categories"] for row in rows) for category in WRITTEN_FOR}
    assert min(labelled.values()) >= 20 and labelled["self_harm"] >= 40
    clean = [row for row in rows if not row["categories"]]
    assert len(clean) >= 0.45 * len(rows)
    assert not any(set(row["categories"]) - WRITTEN_FOR for row in rows)


def test_the_rules_find_most_of_train6_and_few_of_its_clean_messages() -> None:
    rows = [json.loads(line) for line in TRAIN6.read_text().splitlines()]
    found = [{d.category for d in classify(row["text"], channel=row["channel"])} for row in rows]
    clean_flagged = sum(bool(f) for f, row in zip(found, rows, strict=True) if not row["categories"])
    self_harm = [("self_harm" in f) for f, row in zip(found, rows, strict=True) if "self_harm" in row["categories"]]
    assert clean_flagged <= 8  # the rules' figure on the set they were written against: a regression figure
    assert sum(self_harm) >= 0.5 * len(self_harm)
