"""A German reply restates a note's verb as its noun or the other way round ("zur Ablehnung" for "nicht ablehnen"),
its "-et" form as the infinitive ("erstatten" for "wird erstattet") and a present participle as its verb ("weil
Kaufbelege fehlen" for "fehlende Kaufbelege"); a sentence that shares those words with a note and nothing more
specific does not, and English words keep their stems."""

import pytest

from redaction.scanner import paraphrase, scan

CLAIM = {
    "channel": "public",
    "internal_notes": [
        "Kellerschloss war laut Foto kein Sicherheitsschloss, Obliegenheit prüfen, aber nicht ablehnen.",
        "Rückerstattung 79,80 € freigegeben, Rücklastschriftgebühr 8,50 € wird ebenfalls erstattet.",
        "Entschädigung vorläufig 4.380 € wegen fehlender Kaufbelege gekürzt.",
    ],
}


def restated(text: str, context: dict = CLAIM) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "quote"]


@pytest.mark.parametrize(
    "text",
    [
        "Das Kellerschloss war zwar kein Sicherheitsschloss, das führt bei uns aber nicht zur Ablehnung.",
        "Die 79,80 € gehen zurück, und die Rücklastschriftgebühr erstatten wir dir auch.",
        "Die Entschädigung ist geringer, weil Kaufbelege fehlen.",
    ],
)
def test_a_verb_said_as_its_noun_its_infinitive_or_its_participle_restates_the_note(text) -> None:
    assert restated(text)


@pytest.mark.parametrize(
    "text",
    [
        "Eine Ablehnung prüfen wir bei jedem Schaden sorgfältig.",  # two generic words of the first note
        "Gebühren erstatten wir nur, wenn sie bei uns entstanden sind.",  # the verb without the note's fee
        "Bitte reichen Sie fehlende Unterlagen nach.",  # the participle alone
    ],
)
def test_the_same_words_without_the_notes_fact_restate_nothing(text) -> None:
    assert restated(text) == []


@pytest.mark.parametrize(
    ("forms", "stem"),
    [
        (("Ablehnung", "ablehnen", "Ablehnungen"), "ablehn"),
        (("erstattet", "erstatten", "Erstattung"), "erstat"),
        (("fehlende", "fehlenden", "fehlen"), "fehl"),
        (("Zahlung", "Zahlungen", "zahlen"), "zahl"),
    ],
)
def test_german_verb_forms_share_a_stem(forms, stem) -> None:
    assert {paraphrase.stem(form.lower()) for form in forms} == {stem}


def test_english_words_ending_like_german_ones_keep_their_stems() -> None:
    assert [paraphrase.stem(w) for w in ("young", "offender", "budget", "weekend")] == [
        "young",
        "offend",
        "budget",
        "weekend",
    ]
