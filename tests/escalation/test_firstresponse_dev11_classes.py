"""The classes read from dev11, the tuning half of blind set 11 (docs/first-response.md): each said in words of its
own, beside a near miss that lacks the element (or the flaw) and is warned (or stays quiet) as before."""

import pytest

from tests.escalation.draft_classes import COMMITMENT, EMPATHY, REQUEST, codes, promises

GERMAN_EMPATHY = "Es tut mir leid, dass die Rechnung doppelt kam. "
GERMAN_REQUEST = "Nennen Sie mir bitte Ihre Kundennummer. "
GERMAN_COMMITMENT = "Ich prüfe die Buchung noch heute."


@pytest.mark.parametrize(
    "empathy",
    [
        "A parking fine for a ticket you'd paid would rattle anyone.",
        "A dead phone on the morning of a job interview is the worst timing.",
        "Two missed deliveries in a row isn't okay.",
        "A cold dinner at your anniversary table wasn't acceptable.",
        "Not the first week in the new flat you were after.",
        "That's such unlucky timing, with the exam tomorrow.",
    ],
)
def test_the_reaction_called_natural_or_the_situation_called_not_okay_is_empathy(empathy):
    assert "missing_empathy" not in codes(f"{empathy} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    "no_empathy",
    [
        "Tuesday is the worst time to call, the lines are busy.",
        "Your password isn't okay to share here.",
        "Let me know if the new slot isn't okay.",
        "I don't think that would rattle anyone.",
        "This is the model you were after.",
    ],
)
def test_near_misses_that_name_no_feeling_are_still_warned(no_empathy):
    assert "missing_empathy" in codes(f"{no_empathy} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    "commitment",
    ["Tracing the parcel now.", "Oof. Testing the connection right now, bear with me.", "Reviewing your claim today."],
)
def test_a_step_under_way_as_a_bare_gerund_commits(commitment):
    assert "missing_commitment" not in codes(f"{EMPATHY}{REQUEST}{commitment}")


@pytest.mark.parametrize(
    "no_commitment",
    [
        "Try checking your spam folder now.",
        "Checking your router lights yourself is quickest.",
        "Thanks for checking it today.",
    ],
)
def test_near_misses_that_leave_the_step_to_the_customer_are_still_warned(no_commitment):
    assert "missing_commitment" in codes(f"{EMPATHY}{REQUEST}{no_commitment}")


@pytest.mark.parametrize(
    "promise",
    [
        "The extra charge will be refunded to your card.",
        "Your premium will be reduced from next month.",
        "The water will be back on by 6pm.",
        "Your broadband will be restored within two hours.",
        "We'll have the fridge collected on Thursday.",
    ],
)
def test_money_back_a_bill_cut_a_service_back_or_a_collection_as_certain_is_a_promise(promise):
    assert "promises_outcome" in codes(f"{EMPATHY}{REQUEST}{promise}")
    assert promises(promise)


@pytest.mark.parametrize(
    "near_miss",
    [
        "If the review finds an overcharge, it will be refunded to your card.",
        "We'll check whether your premium will be reduced.",
        "We'll let you know when the water will be back on.",
        "We'll have the fridge looked at on Thursday.",
        "We'll have the fridge collected once you've chosen a slot.",
    ],
)
def test_a_review_or_a_condition_is_no_promise(near_miss):
    assert "promises_outcome" not in codes(f"{EMPATHY}{REQUEST}{near_miss}")


def test_a_good_german_first_response_is_not_warned():
    assert codes(f"{GERMAN_EMPATHY}{GERMAN_REQUEST}{GERMAN_COMMITMENT}") == []
    for draft in (
        "Wie ärgerlich, gerade vor dem Umzug. Könnten Sie mir die Vertragsnummer schicken? Wir kümmern uns darum.",
        "Das ist unangenehm. Teilen Sie uns bitte das Datum mit. Ihre Meldung haben wir an die Technik weitergegeben.",
        "Wir bedauern den Ausfall. Senden Sie uns ein Foto. Unser Serviceteam prüft jetzt den Zähler.",
    ):
        assert codes(draft) == [], draft


def test_a_german_request_for_private_details_in_public_asks_to_go_private():
    assert codes(f"{GERMAN_EMPATHY}{GERMAN_REQUEST}{GERMAN_COMMITMENT}", channel="facebook") == ["missing_info_request"]
    private = "Schicken Sie uns bitte per Privatnachricht Ihre Bestellnummer. "
    assert codes(f"{GERMAN_EMPATHY}{private}{GERMAN_COMMITMENT}", channel="facebook") == []


@pytest.mark.parametrize(
    ("draft", "code"),
    [
        (f"Vielen Dank für Ihre Nachricht. {GERMAN_REQUEST}{GERMAN_COMMITMENT}", "missing_empathy"),
        (f"{GERMAN_EMPATHY}Bitte entschuldigen Sie die Wartezeit. {GERMAN_COMMITMENT}", "missing_info_request"),
        (f"{GERMAN_EMPATHY}{GERMAN_REQUEST}Bitte prüfen Sie Ihren Spam-Ordner.", "missing_commitment"),
        (f"{GERMAN_EMPATHY}{GERMAN_REQUEST}Sie können den Status online prüfen.", "missing_commitment"),
    ],
)
def test_german_near_misses_are_still_warned(draft, code):
    assert code in codes(draft)


@pytest.mark.parametrize(
    "promise",
    [
        "Die Gutschrift wird Ihnen bis Freitag überwiesen.",
        "Der neue Akku ist spätestens Mittwoch bei Ihnen.",
    ],
)
def test_a_german_outcome_as_certain_is_a_promise(promise):
    assert "promises_outcome" in codes(f"{GERMAN_EMPATHY}{GERMAN_REQUEST}{promise}")


def test_a_german_review_of_whether_a_refund_applies_is_no_promise():
    draft = f"{GERMAN_EMPATHY}{GERMAN_REQUEST}Wir prüfen, ob Ihnen eine Erstattung zusteht."
    assert codes(draft) == []
