"""The pure classifier: each category with its hard negatives, context (negation, quotation, reported speech,
harmless senses), explanations, and the phrase language leads write rules in."""
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escalation.detection import (
    CATEGORIES,
    PhraseError,
    RuleSpec,
    classify,
    default_ruleset,
    defaults_load,
    phrase_compile,
    ruleset_compile,
    ruleset_merge,
)
from escalation.detection.phrases import lowered


def categories(text: str, channel: str = "") -> list[str]:
    return [d.category for d in classify(text, channel=channel)]


@pytest.mark.parametrize(("category", "text"), [
    ("self_harm", "I can't do this anymore, I'm going to kill myself tonight."),
    ("self_harm", "Honestly everyone would be better off without me."),
    ("self_harm", "My son says he wants to end his life and won't come out of his room."),
    ("self_harm", 'my wife texted me "i want to die" an hour ago and now her phone is off'),
    ("threat_violence", "If the refund isn't here by Monday I will come to your office and hurt someone."),
    ("threat_violence", "I know where your manager lives. Watch your back."),
    ("threat_violence", "It would be a shame if something happened to your nice shop."),
    ("legal_regulatory", "My solicitor will be writing to you about the unauthorised charges."),
    ("legal_regulatory", "This is a subject access request: send me all personal data you hold within one month."),
    ("legal_regulatory", "I have filed a complaint with the ombudsman."),
    ("press_media", "I'm a journalist at the Gazette writing a story about your outage; any comment?"),
    ("press_media", "If this isn't fixed I'm going to the press with everything."),
    ("public_viral", "My thread about your fees went viral overnight, 40k retweets."),
    ("public_viral", "The screenshots of this chat are all over Reddit."),
    ("staff_conduct", "Your agent posted my message on Twitter and mocked me in front of everyone."),
    ("staff_conduct", "One of your moderators left a racist comment on my public review."),
    ("agent_harassment", "You sound so sexy on the phone, what are you wearing?"),
    ("agent_harassment", "I looked you up on LinkedIn and I know your real name. Nice house."),
])
def test_each_category_is_detected(category, text):
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "This bug is killing me, the export fails every time.",
    "I'd kill for dark mode.",
    "I'm not going to sue, I just want my money back.",
    "How do I kill the sync process when it hangs?",
    "My colleague Sue from finance asked me to forward the invoice.",
    "Press the reset button and hold it for ten seconds.",
    "I'm dying to try the new reports feature.",
    "I could die of embarrassment, I sent the invoice to the wrong client.",
    "Is your product GDPR compliant? Our procurement checklist asks.",
    "Your agent posted the fix in the forum, thank you, that solved it.",
    "The new app design is gorgeous!",
    "Can you send me the returns address and the order number?",
    "I'm not suicidal, just very frustrated that the payment failed again.",
    "I read a news article saying you're launching in Canada. Any dates?",
    "Shoot me an email when the fix is out.",
    "I want to end my subscription at the end of the month.",
    "Share the folder with my team please, the share button is greyed out.",
])
def test_hard_negatives_are_clean(text):
    assert categories(text) == []


def test_negation_cancels_but_not_across_a_new_clause():
    assert categories("I have no intention of suing anyone.") == []
    assert categories("I would never hurt myself.") == []
    assert "legal_regulatory" in categories("If you don't refund me I will sue you.")


def test_a_negative_subject_contracted_with_its_verb_negates():
    assert categories("Nobody's going to hurt anyone, we just want the lift fixed.") == []
    assert categories("nobodys going to the papers over a late bus, relax") == []
    assert "threat_violence" in categories("Somebody's going to hurt you if the lift isn't fixed.")
    assert "press_media" in categories("I'm going to the papers over this.")


def test_only_negative_subjects_negate_with_a_final_s():
    # "nos" is the plural of "no." here, not a negation: the threat after it stands.
    assert "threat_violence" in categories("Refund orders nos 4411, 4412 today, watch your back.")
    assert "legal_regulatory" in categories("Order nos 4411, 4412 legal action pending")
    assert "threat_violence" in categories("orders nos 4411 and 4412, I will hurt you")
    assert categories("nobodys going to sue you") == []
    assert categories("nothings going to hurt you, relax") == []


def test_quoted_earlier_messages_do_not_count():
    reply = "Thanks, the export works now.\n\n> I will kill you if this isn't fixed\n> and sue you too"
    assert categories(reply) == []
    below_header = "All sorted!\n\nOn Mon, 4 Mar 2024, Support wrote:\nI'm a journalist writing a story about you."
    assert categories(below_header) == []
    assert "threat_violence" in categories("> old text\n\nNow I will kill you.")


def test_quotation_marks_and_reported_speech_follow_the_category():
    # Threats inside quotation marks or reported from someone else are not the customer's threat...
    assert categories('The film was called "I Will Kill You Tomorrow" and the app crashed during it.') == []
    assert categories("My friend said I should sue you, but I just want this fixed.") == []
    assert categories("A review I read said your manager should be shot, which is awful. My order is late.") == []
    assert "threat_violence" in categories("Your manager should be shot.")
    # an apostrophe inside a word does not end a single quote
    assert categories("'I'm going to sue you all' - me to my alarm every Monday.") == []
    assert categories("‘I’ll sue you’ is what my son tells the cat when it sits on his homework.") == []
    # ...but a third party's words about self-harm are exactly what must reach a lead.
    assert categories('My daughter wrote "I want to die" in her diary, she uses your app.') == ["self_harm"]


def test_detection_names_its_triggers_and_spans():
    text = "Hi, my lawyer says you are in breach of contract."
    (detection,) = classify(text)
    assert detection.category == "legal_regulatory"
    assert 0.6 <= detection.score <= 1
    assert [text[s:e] for s, e in detection.spans] == list(detection.triggers)
    assert "my lawyer" in detection.triggers and "breach of contract" in detection.triggers
    assert json.loads(json.dumps(detection.as_dict()))["spans"] == [list(s) for s in detection.spans]


def test_two_weak_signals_make_a_detection_one_does_not():
    assert categories("Do you have a regulator I could write to?") == []
    assert categories("Which regulator oversees you? I will be consulting a lawyer.") == ["legal_regulatory"]


def test_a_weak_word_said_again_is_one_signal_except_for_self_harm():
    assert categories("We booked the indoor court, then court 2 is free at six for the second match.") == []
    assert categories("The court has listed the hearing and the judge wants your records.") == ["legal_regulatory"]
    # self-harm is favoured: a place said twice still counts twice
    assert categories("I'm at the bridge. I keep looking down from the bridge.") == ["self_harm"]


def test_a_joke_claim_for_emotional_damage_is_not_a_lawsuit():
    assert categories("I'm going to sue you for emotional damage lol") == []
    assert categories("sue you for emotional damage lol") == []
    assert categories("I'm going to sue you.") == ["legal_regulatory"]


def test_a_public_channel_raises_public_categories_score():
    text = "Your agent posted my message on Twitter and mocked me in front of everyone."
    private = {d.category: d.score for d in classify(text, channel="email")}
    public = {d.category: d.score for d in classify(text, channel="social")}
    assert public["staff_conduct"] > private["staff_conduct"]


def test_long_email_with_the_signal_buried_and_typos():
    routine = "I tried loging out and in agian as your help page sugests. The export still fails. " * 30
    text = routine + "Honestly some days I don't want to be alive anymore. " + routine
    (detection,) = classify(text, channel="email")
    assert detection.category == "self_harm"
    assert text[detection.spans[0][0]:detection.spans[0][1]] == "don't want to be alive"


def test_only_the_first_max_chars_are_read():
    from escalation.detection import MAX_CHARS

    assert classify("x " * MAX_CHARS + "I will kill you") == []


def test_categories_are_the_fixed_names():
    assert CATEGORIES == ("self_harm", "threat_violence", "legal_regulatory", "press_media", "public_viral",
                          "staff_conduct", "agent_harassment")
    specs, policies = defaults_load()
    assert set(policies) == set(CATEGORIES)
    assert {spec.category for spec in specs} == set(CATEGORIES)


def test_phrase_language():
    phrase = phrase_compile("(my|our) (lawyer|attorney) .. (letter|call)")
    assert phrase.regex.search(lowered("Our LAWYER will send a letter"))
    assert not phrase.regex.search("our lawyer will definitely send you a letter")  # gap is 3 words
    assert phrase_compile("self-harm*").regex.search("selfharming")
    assert phrase_compile("don't want to live").regex.search("I dont want to live")
    assert phrase_compile("# retweets").regex.search("12k retweets")
    assert not phrase_compile("sue").regex.search("pursue")
    assert phrase_compile("kill myself").regex.search("kill\nmyself")  # hard-wrapped email
    assert not phrase_compile("kill myself").regex.search("kill. Myself")
    for bad, message in [("(a|b", "never closed"), ("kill $", "not allowed"), ("(|)", "at least one word"),
                         (".. sue", "gap"), ("", "empty")]:
        with pytest.raises(PhraseError, match=message):
            phrase_compile(bad)


def test_rules_added_and_disabled_change_the_result():
    specs, policies = defaults_load()
    text = "I'm going to report you to the parish council."
    assert categories(text) == []
    added = [RuleSpec("legal_regulatory", "trigger", "report you to the parish council", "strong", "lead")]
    rules = ruleset_compile(ruleset_merge(specs, added, []), policies)
    assert [d.category for d in classify(text, rules=rules)] == ["legal_regulatory"]
    assert rules.digest != default_ruleset().digest
    harmless = "(kill|killed|murder) for (a|an|the|some|this|that|dark mode|your|it|one)"
    disabled = [("threat_violence", "harmless", harmless)]
    rules = ruleset_compile(ruleset_merge(specs, [], disabled), policies)
    assert len(rules.rules) == len(default_ruleset().rules) - 1


def test_a_shipped_trigger_can_be_marked_explicit_and_the_digest_says_so(tmp_path):
    specs, policies = defaults_load()
    explicit = [spec for spec in specs if spec.explicit]
    explicit_kinds = {(s.category, s.kind) for s in explicit}
    assert {c for c, _ in explicit_kinds} == {
        "legal_regulatory",
        "press_media",
        "public_viral",
        "staff_conduct",
        "agent_harassment",
    }
    assert {k for _, k in explicit_kinds} == {"trigger"}
    unmarked = [dataclasses.replace(spec, explicit=False) for spec in specs]
    assert ruleset_compile(unmarked, policies).digest != default_ruleset().digest
    assert ruleset_compile(specs, policies).digest == default_ruleset().digest
    rules = tmp_path / "rules.toml"
    tables = "".join(f"[{c}]\n" for c in CATEGORIES if c != "press_media")
    rules.write_text(tables + '[press_media]\nstrong = ["the press", { phrase = "call the bbc", explicit = true }]\n')
    assert [(s.pattern, s.explicit) for s in defaults_load(rules)[0]] == [("the press", False), ("call the bbc", True)]
    rules.write_text(tables + '[press_media]\nstrong = [{ phrase = "call the bbc", explict = true }]\n')
    with pytest.raises(ValueError, match="a rule is a phrase"):
        defaults_load(rules)


def test_a_bad_rule_from_the_ui_is_collected_not_raised():
    specs, policies = defaults_load()
    errors: list = []
    rules = ruleset_compile([*specs, RuleSpec("press_media", "trigger", "(oops", "weak", "lead")], policies,
                            errors=errors)
    assert len(errors) == 1 and "never closed" in errors[0].message
    assert len(rules.rules) == len(specs)


def test_labelled_sets_meet_the_targets():
    """The tuned-on set as a regression test (bench/urgency_eval.py prints both sets' figures)."""
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_corpus.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(rows) >= 500
    clean = [row for row in rows if not row["categories"]]
    assert len(clean) / len(rows) >= 0.4
    flagged = sum(1 for row in clean if classify(row["text"], channel=row["channel"]))
    assert flagged / len(clean) <= 0.03
    for category in CATEGORIES:
        labelled = [row for row in rows if category in row["categories"]]
        found = sum(1 for row in labelled if category in categories(row["text"], row["channel"]))
        assert found / len(labelled) >= (0.97 if category == "self_harm" else 0.9), category


@given(st.text(max_size=400), st.sampled_from(["", "email", "social", "forum", "phone", "nonsense"]))
@settings(max_examples=300, deadline=None)
def test_any_text_classifies_without_error_and_explains_itself(text, channel):
    for detection in classify(text, channel=channel):
        assert detection.category in CATEGORIES and 0 < detection.score <= 1
        said = [" ".join(text[s:e].split()) for s, e in detection.spans]
        assert list(dict.fromkeys(said)) == list(detection.triggers)
        assert all(0 <= s < e <= len(text) for s, e in detection.spans)


@given(st.text(alphabet=st.sampled_from(list("ab (|)*.#-+~1' \n\u00e9")), max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_phrase_a_lead_types_compiles_or_says_why(pattern):
    try:
        phrase = phrase_compile(pattern)
    except PhraseError as exc:
        assert str(exc)
    else:
        phrase.regex.search("a b ab ba " * 50)  # compiled, and quick on ordinary text
