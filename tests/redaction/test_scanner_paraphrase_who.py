"""The words private text puts right before a person's name say who that person is ("fitter Wendell Osei",
"site lead Lorcan Beattie"): a reply that names the person is found for the name, and calling them what the
note does restates none of the note's facts. Without the name, those words count as before."""

from tests.redaction.findings import found

STAFF = [{"name": "Wendell Osei", "username": "wosei", "email": "wendell.osei@warmhome.example"}]
BOILER = {
    "channel": "public",
    "public_post": "@WarmHomeHeating my new boiler keeps cutting out, no heating for the kids.",
    "internal_notes": ["Flue vent blocked, fitter Wendell Osei booked."],
    "staff": STAFF,
}
# A person only the note names, by the work they do.
SCAFFOLD = {
    "channel": "private",
    "internal_notes": ["Scaffold firm: Tallmast Access, site lead Lorcan Beattie."],
}


def test_the_note_s_words_for_a_named_colleague_restate_nothing() -> None:
    text = "Our fitter Wendell Osei will clear the flue vent on Tuesday."
    assert found(text, BOILER) == [("person", "Wendell Osei")]


def test_without_the_name_the_same_words_restate_the_note() -> None:
    text = "Our fitter will clear the flue vent on Tuesday."
    assert [kind for kind, _ in found(text, BOILER)] == ["quote"]


def test_a_person_only_a_note_names_keeps_the_words_before_their_name() -> None:
    text = "I've spoken to Tallmast Access and their site lead Lorcan Beattie about the ladder."
    assert found(text, SCAFFOLD) == [("person", "Lorcan Beattie")]


def test_what_the_note_says_was_done_still_counts_beside_the_name() -> None:
    # "via" parts what was done from who did it: the hire van is the note's fact, not who Ines is.
    context = {
        "channel": "public",
        "internal_notes": ["Approved courtesy hire van via Ines Marchetti (imarchetti)."],
        "staff": [{"name": "Ines Marchetti", "username": "imarchetti", "email": "ines.m@warmhome.example"}],
    }
    text = "Ines Marchetti has approved a courtesy hire van for you."
    kinds = [kind for kind, _ in found(text, context)]
    assert kinds == ["person", "quote"]


def test_a_named_person_s_circumstance_is_still_a_restatement() -> None:
    # The relation and the name say who; what the message says about her is its fact.
    context = {
        "channel": "public",
        "private_messages": ["My aunt Oriane stays with us and uses a stairlift, she is registered as disabled."],
    }
    text = "We know Oriane uses a stairlift and is registered as disabled, so we've prioritised the repair."
    kinds = [kind for kind, _ in found(text, context)]
    assert "quote" in kinds and "person" in kinds


# The words a comma sets after the name say who the person is too ("Priya Raman, duty manager.").
COMPLAINT = {
    "channel": "public",
    "internal_notes": ["Complaint passed to Priya Raman (praman), duty manager."],
    "staff": [{"name": "Priya Raman", "username": "praman", "email": "priya.raman@warmhome.example"}],
}


def test_the_words_after_a_named_colleague_restate_nothing() -> None:
    text = "Priya, our duty manager, has your complaint now."
    assert found(text, COMPLAINT) == [("person", "Priya")]


def test_without_the_name_the_words_after_it_restate_the_note() -> None:
    text = "Your complaint has been passed to our duty manager."
    assert [kind for kind, _ in found(text, COMPLAINT)] == ["quote"]


def test_a_clause_after_a_name_is_what_the_note_says_was_done() -> None:
    # Not a noun phrase: "she will waive the late fee" is the note's fact beside the name.
    context = {**COMPLAINT, "internal_notes": ["Called Priya Raman, she will waive the late fee tomorrow."]}
    text = "Priya will waive the late fee for you."
    assert [kind for kind, _ in found(text, context)] == ["person", "quote"]
