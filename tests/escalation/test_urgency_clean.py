"""Clean near misses: the classes of harmless text the rules used to flag, each beside its urgent twin.

Written from `bench/data/urgency_train7.jsonl` (clean messages in many voices, written by hand): an ellipsis or
an emoji before a harmless purpose, staff conduct that only names a threat's target, the customer looking an
agent up, and idioms, jobs and news in their ordinary senses."""

import json
from pathlib import Path

import pytest

from escalation.detection import classify
from escalation.detection.phrases import phrase_compile

TRAIN7 = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_train7.jsonl"


def categories(text: str) -> set[str]:
    return {d.category for d in classify(text)}


def test_a_phrase_reaches_past_an_ellipsis_but_not_a_full_stop():
    regex = phrase_compile("coming for you ..3 to pick up").regex
    assert regex.search("i'm coming for you... to pick up my parcel")
    assert regex.search("i'm coming for you.. to pick up my parcel")
    assert regex.search("i'm coming for you … to pick up my parcel")
    assert not regex.search("i'm coming for you. to pick up my parcel")
    assert not regex.search("i'm coming for you! to pick up my parcel")


@pytest.mark.parametrize(
    ("category", "harmless", "urgent"),
    [
        (  # an ellipsis, an emoji or a bracket before the errand the "threat" was for
            "threat_violence",
            "ok I'm coming for you... to pick up my spare charger 😄",
            "I'm coming for you... and this time I won't be polite.",
        ),
        (
            "threat_violence",
            "Don't make me come over there 😅 (to return the jacket a third time)",
            "Don't make me come over there. You won't like what happens.",
        ),
        (  # a purpose that is itself a threat keeps it one
            "threat_violence",
            "I'll come down to your shop to collect the order tomorrow.",
            "I'll come down to your shop and pay your manager a visit.",
        ),
        (  # hunting someone down a bargain
            "threat_violence",
            "I'll hunt you down a discount code if you tell me the shop",
            "I'll hunt you down... and you'll pay for this.",
        ),
        (  # waiting for a delivery, knowing where the vans park
            "threat_violence",
            "I'll be waiting outside at 8 for the engineer, gate code 1234.",
            "I'll be waiting outside for your engineer with a bat.",
        ),
        (
            "threat_violence",
            "I know your address from the invoice, can I post the return there?",
            "I know your address. Think about that.",
        ),
        (  # sport and games
            "threat_violence",
            "I'll find you on the leaderboard 😎 the weekly points didn't reset",
            "I'll find you, and when I do you'll regret it.",
        ),
        (
            "threat_violence",
            "I'm going to smash this order out of the park, three parcels at once",
            "I'm going to smash your shop windows tonight.",
        ),
        (  # a mock threat that ends in praise
            "threat_violence",
            "you'd better watch out, I'm going to leave a glowing review 😉",
            "you'd better watch out, I know where your depot is.",
        ),
        (  # a job the writer or someone they know has: not a case
            "legal_regulatory",
            "My friend is a lawyer and she loves your app, she recommended it.",
            "My lawyer will be in touch about the unlawful charges.",
        ),
        (
            "legal_regulatory",
            "I'm a retired judge and your staff were so helpful with my wife's account.",
            "I will take this to court and let a judge decide.",
        ),
        (
            "legal_regulatory",
            "We'd like to take action on the bug report, which logs do you need?",
            "If this isn't fixed we will take legal action.",
        ),
        (
            "legal_regulatory",
            "I need my contract for my solicitor, we're buying a house.",
            "My solicitor is preparing a claim against you for the damage.",
        ),
        (
            "legal_regulatory",
            "a friend of mine is a barrister, she says your app is the best for billing hours",
            "a friend of mine is a barrister and she says your charges are unlawful, expect a letter",
        ),
        (
            "legal_regulatory",
            "Our company lawyer needs the W-9 form for onboarding you as a supplier.",
            "Our company lawyer needs a copy of every email you sent me, we are taking this to court.",
        ),
        (  # a new product everyone likes
            "public_viral",
            "everyone is talking about the new flavour at work, when is it in supermarkets?",
            "everyone is talking about your price rise on twitter, it's gone viral",
        ),
        (  # a crisis line someone works on; a note for a courier; caffeine; a city
            "self_harm",
            "I volunteer on a crisis line and we use your rota app.",
            "I called the crisis line last night because I wanted to end it.",
        ),
        (
            "self_harm",
            "I left a note for the driver on the door, did they see it?",
            "I've left a note for my kids. I won't be here tomorrow.",
        ),
        (
            "self_harm",
            "I overdosed on caffeine waiting for this update, thanks!",
            "My son overdosed on his tablets last night.",
        ),
        (
            "self_harm",
            "No reason to keep living in the city now I work remotely, please move my broadband.",
            "There's no reason to keep living, I'm so tired.",
        ),
        (  # a course, or a story the writer watched
            "press_media",
            "I'm an investigative journalism student and want to use your free tier.",
            "I'm an investigative journalist writing about your outage, can you comment?",
        ),
        (
            "press_media",
            "my mum saw your shop on the local news, she says hello",
            "I'm a reporter at the local news and need a comment on the outage.",
        ),
        (  # routine news from staff, and a kind public reply
            "staff_conduct",
            "Your CEO tweeted about the launch date, is pre-order open yet?",
            "Your CEO tweeted that customers like me are idiots.",
        ),
        (
            "staff_conduct",
            "your rep called me back like he promised, thanks",
            "your rep called me a liar on the phone.",
        ),
        (  # a voice in a tutorial, looking someone up to thank them
            "agent_harassment",
            "I love your voice on the tutorial videos, so calm!",
            "I love your voice, what are you wearing right now?",
        ),
        (
            "agent_harassment",
            "I looked you up on the staff page so I could thank you by name, Ahmed.",
            "I looked you up on Facebook, you're even prettier in person.",
        ),
    ],
)
def test_harmless_twin_is_quiet_and_urgent_twin_is_flagged(category, harmless, urgent):
    assert category not in categories(harmless)
    assert category in categories(urgent)


@pytest.mark.parametrize(
    "threat",
    [
        "The next rep who hangs up on me is going to regret it, I know where you park.",
        "Keep laughing at me on the phone and see where it gets you. I know where you live.",
        "Keep ignoring me and I'll make sure the man who hung up on me gets hurt.",
    ],
)
def test_conduct_that_only_names_a_threats_target_is_not_staff_conduct(threat):
    found = categories(threat)
    assert "threat_violence" in found
    assert "staff_conduct" not in found


def test_conduct_described_is_still_staff_conduct():
    assert "staff_conduct" in categories("Your agent laughed at me on the phone and then hung up on me.")
    assert "staff_conduct" in categories("Your agent posted my home address in a public reply on Twitter.")


def test_looking_an_agent_up_is_harassment_not_their_conduct():
    found = categories("I found your agent Lucy on Instagram, tell her I'll be waiting outside her flat.")
    assert "agent_harassment" in found
    assert "staff_conduct" not in found


def test_train7_is_hand_written_and_mostly_clean():
    rows = [json.loads(line) for line in TRAIN7.read_text().splitlines()]
    clean = [row for row in rows if not row["categories"]]
    assert len(rows) >= 250 and len(clean) / len(rows) >= 0.9
    assert {row["source"] for row in rows} == {"written"}
    flagged = [row["id"] for row in clean if classify(row["text"], channel=row["channel"])]
    assert len(flagged) <= 14, flagged  # the rules still flag 14 of its clean messages (docs/urgency.md)
