"""Tolerant reading and the phrase language's general mechanisms: each with messages it must now catch and
near-misses it must leave alone."""
import pytest

from escalation.detection import PhraseError, RuleSpec, classify, default_ruleset, defaults_load, phrase_compile
from escalation.detection.normalize import Speller
from escalation.detection.phrases import inflections, lowered
from escalation.detection.rules import ruleset_compile, ruleset_merge


def categories(text: str, channel: str = "") -> list[str]:
    return [d.category for d in classify(text, channel=channel)]


def search(pattern: str, text: str) -> bool:
    return phrase_compile(pattern).regex.search(lowered(text)) is not None


def test_inflections_are_regular_forms_only():
    assert inflections("kill") == ["killing", "killed", "kills", "kill"]
    assert set(inflections("die")) == {"die", "dies", "died", "dying"}
    assert {"stabbed", "stabbing"} <= set(inflections("stab"))
    assert {"shared", "sharing"} <= set(inflections("share")) and "shareing" not in inflections("share")
    assert {"cries", "cried"} <= set(inflections("cry"))
    assert "killer" not in inflections("kill")  # an agent noun is another word ("killer feature")


def test_plus_matches_inflections_and_not_other_words():
    assert search("threaten+ to sue", "He THREATENED to sue us")
    assert search("threaten+ to sue", "threatening to sue")
    assert not search("threaten+ to sue", "threatenable to sue")
    assert search("die+", "dying") and not search("die+", "diet")
    with pytest.raises(PhraseError, match="either"):
        phrase_compile("kill*+")


def test_numbered_gap_is_a_word_window_within_a_sentence():
    assert search("(agent|rep) ..6 rude to me", "the agent i spoke to yesterday was really rude to me")
    assert not search("(agent|rep) ..2 rude to me", "the agent i spoke to yesterday was really rude to me")
    assert not search("(agent|rep) ..6 rude to me", "The agent was lovely. The app is rude to me")
    with pytest.raises(PhraseError, match="gap"):
        phrase_compile("a ..13 b")
    with pytest.raises(PhraseError, match="gap"):
        phrase_compile("a ..0 b")


def test_chat_spellings_of_your_and_youre_are_accepted():
    assert search("watch your back", "watch ur back")
    assert search("you're so hot", "ur so hot")
    assert not search("watch your back", "watch our back")


def test_speller_squeezes_stretched_letters_towards_known_words():
    speller = Speller(["kill", "please", "so"])
    assert speller.normalize("pleeease").text == "please"
    assert speller.normalize("I want to KIIILL").text == "I want to kill"
    assert speller.normalize("sooooo").text == "so"
    assert speller.normalize("nothing stretched here").text == "nothing stretched here"


def test_speller_reads_texting_and_dropped_g():
    speller = Speller(["thinking", "ending", "tonight"])
    assert speller.normalize("thinkin bout endin it tonite").text == "thinking about ending it tonight"
    assert speller.normalize("u r gonna").text == "you are going to"
    assert speller.normalize("the kin").text == "the kin"  # too short to be a dropped g


def test_speller_corrects_only_marked_long_keywords_one_edit_away():
    speller = Speller(["reported", "shouting"], keywords=["journalist", "reporter", "ombudsman", "shooting"])
    assert speller.normalize("a jounalist").text == "a journalist"  # dropped letter
    assert speller.normalize("a journailst").text == "a journalist"  # swapped letters
    assert speller.normalize("the ombudsmen").text == "the ombudsman"  # changed letter
    assert speller.normalize("I reported it").text == "I reported it"  # a word the rules use is kept
    assert speller.normalize("he was shouting").text == "he was shouting"
    assert speller.normalize("a jurnalst").text == "a jurnalst"  # two edits away: left alone
    speller = Speller([], keywords=["shooting"])
    assert speller.normalize("xhooting").text == "xhooting"  # the first letter must agree
    assert speller.normalize("a layer").text == "a layer"  # short keywords are never corrected


def test_rewritten_text_keeps_offsets_of_what_was_typed():
    text = "ok so.. thinkin bout endin it all"
    [detection] = classify(text)
    assert detection.category == "self_harm"
    assert detection.triggers == ("thinkin bout endin it all",)
    assert [text[start:end] for start, end in detection.spans] == ["thinkin bout endin it all"]


@pytest.mark.parametrize(("category", "text"), [
    ("self_harm", "thinkin bout endin it all tonite"),
    ("self_harm", "i feel so sucidal today"),
    ("self_harm", "wanna kiiill myself"),
    ("threat_violence", "yall better watch ur backs"),
    ("legal_regulatory", "my atorney will be in touch"),
    ("press_media", "i told a jounalist about this"),
    ("agent_harassment", "r u single? u sound cute"),
])
def test_tolerant_reading_catches_what_was_typed_in_a_hurry(category, text):
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "pleeease help me reset my password",
    "the manager was shouting across the warehouse about the forklift",
    "I reported the bug yesterday, any news?",
    "my phone is dying so please be quick",
    "ur app is killin it with the new update",
    "i won't be around on friday, can the delivery be on saturday?",
])
def test_tolerant_reading_leaves_ordinary_messages_clean(text):
    assert categories(text) == []


def test_a_word_talked_about_is_not_used():
    assert categories("Why does your filter block the word suicide in our support group posts?") == []
    assert categories("Can you remove terms like 'kill' from the banned list?") == []
    assert "self_harm" in categories("I keep thinking about suicide.")


def test_a_phone_note_reports_the_callers_own_words():
    note = "Caller said he has a shotgun and the engineer better not come back to his house."
    assert "threat_violence" in categories(note, channel="phone")
    assert "threat_violence" not in categories("My neighbour said he has a shotgun at home.", channel="email")


def test_single_quoted_earlier_words_do_not_count_as_a_threat():
    text = "Your letter said 'we will hurt your credit score if unpaid'. Is that really your policy?"
    assert "threat_violence" not in categories(text)


def test_proximity_rules_catch_staff_conduct_and_leave_praise_alone():
    assert "staff_conduct" in categories("the agent i spoke to yesterday was really nasty to me")
    assert "staff_conduct" in categories("The woman at the till called me a time waster and laughed at me.")
    assert categories("your agent was so nice and patient with me yesterday, thank you") == []
    assert categories("nobody was rude, i'm just frustrated") == []


def test_a_lead_rule_can_use_the_new_mechanisms():
    specs, policies = defaults_load()
    added = [RuleSpec("legal_regulatory", "trigger", "(parish|town) council~ ..4 complain+", "strong", "lead")]
    rules = ruleset_compile(ruleset_merge(specs, added, []), policies)
    assert rules.digest != default_ruleset().digest
    text = "the parish councill will hear me complaining about this"
    assert [d.category for d in classify(text, rules=rules)] == ["legal_regulatory"]
    assert classify(text) == []


def test_the_nearest_negation_counts_not_the_first():
    assert categories("i'm not suing, i'm not going to the press, i just want my money") == []
    assert "press_media" in categories("I'm not happy, so I am going to the press with this")


def test_slang_for_a_journalist_is_read_as_the_word():
    assert "press_media" in categories("a journo from the times dm'd me about my complaint")
    assert categories("can you email me the journal export again?") == []
