"""The learned stage of urgency detection: features, training, the shipped weights, and how it joins the rules."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from escalation import intake
from escalation.detection import CATEGORIES, classify, default_model, training
from escalation.detection.model import (
    FORMAT_SENTENCES,
    LONG_SENTENCES,
    features,
    model_dumps,
    model_from_json,
    read,
)
from escalation.detection.sets import sets_with_role
from escalation.detection.training import (
    examples_from_rows,
    model_fit,
    model_train,
    thresholds_choose,
    urgency_report,
)
from tests.factories import MessageFactory

# The rules have no phrase for these; the shipped model reads them as self-harm.
UNRULED_SELF_HARM = "i dont see the point of anything anymore, tired of waking up every day"

TOY = [
    {"text": "my cat is purring on the sofa", "categories": ["self_harm"]},
    {"text": "the cat keeps purring all night", "categories": ["self_harm"]},
    {"text": "a purring cat woke me up", "categories": ["self_harm"]},
    {"text": "where is my parcel please", "categories": []},
    {"text": "the parcel arrived late again", "categories": []},
    {"text": "please reset my password", "categories": []},
    {"text": "my invoice shows the wrong date", "categories": []},
    {"text": "can I change my delivery address", "categories": []},
]


def test_features_are_words_pairs_and_pieces_with_their_offsets():
    text = "Hello World"
    found = features(text)
    assert found["w:hello"] == (0, 5) and found["w:world"] == (6, 11)
    assert found["b:hello world"] == (0, 11)
    assert {"c:<hel", "c:hell", "c:ello", "c:llo>"} <= set(found)


def test_an_earlier_message_quoted_in_a_reply_is_not_read():
    found = features("Thanks, the refund arrived.\n\nOn Monday, Support wrote:\n> I will hurt you")
    assert "w:refund" in found and "w:hurt" not in found
    assert "w:hurt" not in features("fine now\n> I will hurt you")


def test_negated_words_are_features_of_their_own_within_their_clause():
    found = read("I'm not going to sue.").found
    assert "n:sue" in found and "w:sue" not in found and "w:not" in found
    found = read("if you don't refund me, I will sue").found
    assert "w:sue" in found and "n:refund" in found
    assert "w:sue" in features("I'm not going to sue.")  # the reply checker's model reads words as written


def test_each_sentence_of_four_words_or_more_is_read_on_its_own():
    reading = read("Hi team,\nThe invoice is wrong. Also the parcel is late again! Thanks")
    assert [sorted(g for g in part if g.startswith("w:")) for part in reading.sentences] == [
        ["w:invoice", "w:is", "w:the", "w:wrong"],
        ["w:again", "w:also", "w:is", "w:late", "w:parcel", "w:the"],
    ]
    assert "b:wrong also" not in reading.found  # pairs never span two sentences
    assert read("one short sentence only").sentences == ()


def test_one_alarming_sentence_in_a_long_email_scores_as_it_would_alone():
    sentence = "is that purring cat yours"
    email = "Hello. " + "The invoice is wrong and my parcel is late. " * 6 + sentence + ". Kind regards, Sam Jones"
    model = model_train(examples_from_rows(TOY, format=FORMAT_SENTENCES), CATEGORIES, format=FORMAT_SENTENCES)

    def self_harm(m, reading):
        return m.probabilities(reading.found, reading.sentences)[0]

    alone = self_harm(model, read(sentence))
    assert alone > 0.5
    assert self_harm(model, read(email)) >= alone
    whole = model_train(examples_from_rows(TOY), CATEGORIES)  # the whole message only: the sentence is diluted
    assert self_harm(whole, read(email, sentences=False)) < alone


def test_a_long_message_is_held_to_its_own_threshold():
    model = model_train(examples_from_rows(TOY, format=FORMAT_SENTENCES), CATEGORIES, format=FORMAT_SENTENCES)
    sentence = "is that purring cat yours"
    email = "Hello. " + "The invoice is wrong and my parcel is late. " * (LONG_SENTENCES - 1) + sentence + "."
    short = "Hello. The invoice is wrong and my parcel is late. " + sentence + "."
    assert model.score(email).sentences == LONG_SENTENCES and model.score(short).sentences == 2
    probability = model.score(email).probabilities[0]
    assert probability > 0.5 and model.predict(email)[0].category == "self_harm"
    model.long_thresholds = [min(probability + 0.01, 1.0)] + [0.5] * (len(CATEGORIES) - 1)
    assert model.predict(email) == [] and model.predict(short)[0].category == "self_harm"
    loaded = model_from_json(json.loads(model_dumps(model)), format=FORMAT_SENTENCES)
    assert loaded.long_thresholds == model.long_thresholds and loaded.predict(email) == []
    model.long_thresholds = []  # a weights file without them: one threshold for every message
    assert "long_thresholds" not in model.as_json() and model.predict(email)[0].category == "self_harm"


def test_a_trained_model_finds_its_category_and_names_the_words():
    model = model_train(examples_from_rows(TOY), CATEGORIES)
    (hit,) = model.predict("is that purring cat yours")
    assert hit.category == "self_harm" and hit.score > 0.5
    text = "is that purring cat yours"
    assert {"purring", "cat"} <= set(hit.triggers) and "yours" not in hit.triggers
    assert [text[s:e] for s, e in hit.spans] == list(hit.triggers)
    assert model.predict("my parcel is late") == []


def test_thresholds_come_from_cross_validation_on_the_training_rows():
    rows = TOY * 3
    model, figures = model_fit(rows, CATEGORIES, k=3, trained_on={"toy": len(rows)})
    assert figures["k"] == 3 and figures["rows"] == 24
    assert model.thresholds[0] == figures["categories"]["self_harm"]["threshold"]
    assert figures["categories"]["self_harm"]["recall"] == 1.0
    assert model.trained_on == {"toy": 24}


def test_fitting_the_folds_in_processes_gives_the_serial_model_byte_for_byte():
    rows = [*TOY, *({"text": row["text"] + " today", "categories": row["categories"]} for row in TOY)]
    origins = ["urgency_dev.jsonl"] * len(TOY) + ["urgency_train9.jsonl"] * len(TOY)
    found = [{"self_harm"} if "sofa" in row["text"] else set() for row in rows]
    fit = {"origins": origins, "rules_found": found, "format": FORMAT_SENTENCES}
    serial, serial_figures = model_fit(rows, CATEGORIES, **fit)
    parallel, parallel_figures = model_fit(rows, CATEGORIES, jobs=2, **fit)
    assert model_dumps(parallel) == model_dumps(serial) and parallel.digest == serial.digest
    assert urgency_report(parallel_figures, {}) == urgency_report(serial_figures, {})  # NaN is not NaN
    assert any(serial.weights[CATEGORIES.index("self_harm")])


def test_the_command_refuses_no_processes():
    with pytest.raises(CommandError):
        call_command("train_urgency_model", "--no-database", "--jobs", "0")


def test_confirmation_never_raises_the_self_harm_threshold(monkeypatch):
    # Chosen on top of the confirmed rules, self-harm would get 0.6 (0.8 for long messages); on top of every
    # rule hit, 0.4 (0.9).
    choices = iter([([0.6, 0.7], [0.8, 0.9]), ([0.4, 0.5], [0.9, 0.6])])
    monkeypatch.setattr(training, "thresholds_choose", lambda *args, **kwargs: next(choices))
    model, figures = model_fit(TOY * 2, ["self_harm", "press_media"], k=2)
    assert model.thresholds == [0.4, 0.7]  # press pays for its confirmation; self-harm does not
    assert model.long_thresholds == [0.8, 0.9]
    assert figures["categories"]["self_harm"]["before"]["threshold"] == 0.4


def test_the_model_s_clean_budget_comes_on_top_of_the_rules_flags():
    cats = ["self_harm", "press_media"]
    # Out of fold: two self-harm rows, two press rows, ten clean rows; one clean row scores 0.7 for self-harm.
    probabilities = [[0.9, 0.0], [0.6, 0.0], [0.0, 0.8], [0.0, 0.5], [0.7, 0.0]] + [[0.1, 0.1]] * 9
    labels = [{"self_harm"}, {"self_harm"}, {"press_media"}, {"press_media"}] + [set()] * 10
    rules = [set()] * 14

    def choose(rules, **limits):
        short, longer = thresholds_choose(probabilities, labels, rules, cats, **limits)
        assert longer == [1.0, 1.0]  # no row is long
        return short

    assert choose(rules, budget=0.1, category_budget=0.1, floor=0.6) == [0.6, 0.5]  # one clean row may go
    assert choose(rules, budget=0.1, category_budget=0.1) == [0.9, 0.5]  # 2 of 3 is below precision 0.8
    spent = [set()] * 5 + [{"press_media"}] + [set()] * 8  # the rules flag one clean row: the model's is left
    assert choose(spent, budget=0.1, category_budget=0.1, floor=0.6) == [0.6, 0.5]
    own = [set()] * 5 + [{"self_harm"}] + [set()] * 8  # a self-harm rule's false flag leaves the category its own
    assert choose(own, budget=0.1, category_budget=0.1, floor=0.5) == [0.6, 0.5]
    assert choose(rules, budget=0.0) == [0.9, 0.5]  # finding positives without flagging a clean row is free


def test_threats_are_served_before_a_category_with_more_positives_for_the_same_clean_row():
    cats = ["threat_violence", "agent_harassment"]
    # Room for one clean row: lowering threats to 0.7 finds two threats for it, harassment three messages.
    probabilities = [[0.7, 0.0]] * 2 + [[0.0, 0.7]] * 3 + [[0.7, 0.0], [0.0, 0.7]] + [[0.1, 0.1]] * 8
    labels = [{"threat_violence"}] * 2 + [{"agent_harassment"}] * 3 + [set()] * 10
    chosen, _ = thresholds_choose(probabilities, labels, [set()] * 15, cats, budget=0.1, category_budget=0.1,
                                  floor=0.6)
    assert chosen == [0.7, 1.0]  # a missed threat is a danger to someone; harassment waits for more budget


def test_long_messages_get_their_own_thresholds_within_the_category_s_budget():
    cats = ["self_harm", "press_media"]
    # Self-harm at 0.7 finds a short positive for no clean row, but also flags two long clean rows; among long
    # rows, 0.9 finds a positive for none. With no clean row to spare, one threshold must stay at 0.9.
    probabilities = [[0.7, 0.0], [0.9, 0.0], [0.7, 0.0], [0.7, 0.0], [0.7, 0.0]] + [[0.1, 0.1]] * 15
    labels = [{"self_harm"}, {"self_harm"}, {"self_harm"}, set(), set()] + [set()] * 15
    long = [False, True, True, True, True] + [False] * 15
    rules = [set()] * 20
    limits = {"budget": 0.0, "category_budget": 0.0, "floor": 0.3}
    assert thresholds_choose(probabilities, labels, rules, cats, **limits) == ([0.9, 1.0], [1.0, 1.0])
    short, longer = thresholds_choose(probabilities, labels, rules, cats, long, **limits)
    assert short == [0.7, 1.0] and longer == [0.9, 1.0]
    # With room for the two clean rows, the long threshold comes down too; with every row long, it is one threshold.
    room = {**limits, "budget": 0.2, "category_budget": 0.2}
    assert thresholds_choose(probabilities, labels, rules, cats, long, **room) == ([0.7, 1.0], [0.7, 1.0])
    assert thresholds_choose(probabilities, labels, rules, cats, [True] * 20, **limits) == (
        [1.0, 1.0],
        thresholds_choose(probabilities, labels, rules, cats, **limits)[0],
    )


def test_the_weights_file_round_trips():
    model = model_train(examples_from_rows(TOY), CATEGORIES, thresholds=[0.4] * len(CATEGORIES))
    loaded = model_from_json(json.loads(model_dumps(model)))
    text = "a cat purring"
    assert loaded.thresholds == model.thresholds and loaded.categories == list(CATEGORIES)
    assert loaded.predict(text)[0].score == pytest.approx(model.predict(text)[0].score, abs=0.01)


def test_the_shipped_model_was_never_trained_on_the_evaluation_set():
    model = default_model()
    assert model is not None and model.categories == list(CATEGORIES)
    assert model.trained_on and not set(model.trained_on) & set(sets_with_role("evaluation"))
    assert all(0 < t <= 1 for t in model.thresholds)
    # Self-harm is favoured: its rule hits are never confirmed and its threshold is the lowest.
    self_harm = CATEGORIES.index("self_harm")
    assert model.floors[self_harm] == 0.0 and model.thresholds[self_harm] == min(model.thresholds) == 0.51
    assert model.long_thresholds[self_harm] == min(model.long_thresholds) == 0.51


def test_the_model_adds_what_the_rules_miss_and_says_so():
    model = default_model()
    assert classify(UNRULED_SELF_HARM) == []
    (detection,) = classify(UNRULED_SELF_HARM, model=model)
    assert detection.category == "self_harm" and detection.source == "model"
    assert detection.as_dict()["source"] == "model"
    assert [UNRULED_SELF_HARM[s:e] for s, e in detection.spans] == list(detection.triggers)


def test_a_category_the_rules_find_keeps_the_rules_explanation():
    text = "I want to kill myself"
    assert classify(text, model=default_model()) == classify(text)
    assert classify(text)[0].source == "rules"
    assert classify("Thanks, all sorted!", model=default_model()) == []


@pytest.mark.parametrize(
    "name",
    [
        "urgency_holdout20.jsonl",  # refused by name, before it is read
    ],
)
def test_training_on_an_evaluation_set_is_refused(name):
    with pytest.raises(CommandError, match="kept for evaluation"):
        call_command(
            "train_urgency_model",
            "--no-database",
            "--set",
            f"bench/data/{name}",
            "--output",
            "/dev/null",
            stdout=io.StringIO(),
        )


@pytest.mark.django_db
def test_intake_raises_a_model_detection_and_the_lead_sees_it_came_from_the_model(client, carol, dave_ticket):
    message = MessageFactory(ticket=dave_ticket, body=UNRULED_SELF_HARM)
    marker = intake.message_classify(message_id=message.pk)
    (found,) = marker.categories
    assert found["category"] == "self_harm" and found["source"] == "model"
    escalation = dave_ticket.escalations.get()
    assert escalation.detection["source"] == "model"
    assert escalation.detection["version"] == f"model {default_model().digest}"
    client.force_login(carol)
    page = client.get(reverse("leads:escalation", args=[escalation.pk])).content.decode()
    assert "learned model, probability" in page and "the words that weighed most" in page
    assert all(f"“{word}”" in page for word in escalation.detection["triggers"])


@pytest.mark.django_db
def test_the_model_can_be_turned_off(dave_ticket, settings):
    settings.TACT_URGENCY = {"MODEL": False}
    message = MessageFactory(ticket=dave_ticket, body=UNRULED_SELF_HARM)
    assert intake.message_classify(message_id=message.pk).categories == []


@pytest.mark.django_db
def test_classify_messages_keeps_its_format_with_the_model():
    out = io.StringIO()
    line = json.dumps({"id": 3, "text": UNRULED_SELF_HARM, "channel": "chat"})
    call_command("classify_messages", stdin=io.StringIO(line + "\n"), stdout=out, stderr=io.StringIO())
    row = json.loads(out.getvalue())
    assert list(row) == ["id", "categories"]
    (found,) = row["categories"]
    assert list(found) == ["category", "score", "spans"] and found["category"] == "self_harm"
    out = io.StringIO()
    call_command("classify_messages", "--no-model", stdin=io.StringIO(line + "\n"), stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue()) == {"id": 3, "categories": []}


def test_both_shipped_models_load_through_one_loader_and_none_is_not_an_error(tmp_path):
    from escalation.detection.model import model_load
    from escalation.firstresponse.model import FORMAT, default_reply_model

    assert model_load(tmp_path / "absent.json") is None  # no weights installed: the rules alone
    assert default_model().format != default_reply_model().format == FORMAT


def test_a_long_lived_worker_keeps_only_a_bounded_number_of_short_words_built(monkeypatch):
    """A worker reads every message for years: the words it keeps built (their n-grams, and with the model's
    rows) are at most `CACHED_WORDS`, none longer than `CACHED_WORD_CHARS` (a run of thousands of letters would
    keep thousands of pieces), and a word read again after the caches are full scores the same."""
    from escalation.detection import model as urgency

    shipped = default_model()
    monkeypatch.setattr(urgency, "CACHED_WORDS", 5)
    monkeypatch.setattr(urgency, "_GRAMS", {})
    monkeypatch.setattr(shipped, "_words", {})
    long_word = "a" * 5000
    text = f"I want to hurt myself. {long_word} " + " ".join(f"word{letter}x" for letter in "abcdefghij")
    first = shipped.score(text)
    assert long_word not in shipped._words and long_word not in urgency._GRAMS
    assert len(shipped._words) <= 5 and len(urgency._GRAMS) <= 5
    assert shipped.score(text).probabilities == first.probabilities
    assert read(text).found == read(text).found
