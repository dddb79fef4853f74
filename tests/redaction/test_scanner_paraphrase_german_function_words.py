"""German conjunctions, prepositions and pronouns ("sondern", "weil", "seit", "bereits") are in every German
sentence: sharing them with a private message restates nothing, as with "die", "nicht", "wir"."""

from redaction.scanner import scan
from redaction.scanner.language import written_in

CELLAR = {
    "channel": "public",
    "private_messages": ["Seit dem Umbau ist der Keller feucht, weil die Pumpe ausgefallen ist."],
}


def quotes(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, CELLAR) if f.kind == "quote"]


def test_function_words_and_one_word_of_the_message_restate_nothing() -> None:
    assert quotes("Seit Montag ist Ihr Keller bei uns vermerkt, weil Sie angerufen haben.") == []


def test_the_message_s_own_words_still_restate_it() -> None:
    text = "Ihr Keller ist feucht, da die Pumpe ausgefallen ist."
    assert quotes(text) == ["Keller ist feucht, da die Pumpe ausgefallen"]


def test_a_reply_of_such_words_reads_as_german() -> None:
    assert written_in("Sondern bereits seit Montag, weil es jetzt wieder geht.") == "de"
