"""The classes of train11's misses (docs/first-response.md): a step said as sending the case on, arranging for
someone, reproducing the fault or contacting them; German steps by a team in the present or asking after it;
promises as an outcome we will have done, free or at our cost, as good as done or on its way, and German promises
with the object first, a passive unblocking or an exchange free of charge. Each beside a near miss that stays as
it was."""

import pytest

from tests.escalation.draft_classes import EMPATHY, REQUEST, codes, promises

GERMAN = "Es tut mir leid, dass die Lieferung fehlt. Nennen Sie mir bitte Ihre Bestellnummer. "


@pytest.mark.parametrize(
    ("commitment", "near_miss"),
    [
        ("I'm sending this to our billing team.", "Please send this to our returns address."),
        ("I'm arranging for an engineer to check the meter.", "You can arrange for a courier to collect it."),
        ("We're reproducing the fault on a test machine.", "Please don't try to reproduce the fault."),
        ("I'll contact them for an update.", "You can contact them directly."),
    ],
)
def test_sending_arranging_reproducing_or_contacting_commits(commitment, near_miss):
    assert "missing_commitment" not in codes(f"{EMPATHY}{REQUEST}{commitment}")
    assert "missing_commitment" in codes(f"{EMPATHY}{REQUEST}{near_miss}")


@pytest.mark.parametrize(
    ("commitment", "near_miss"),
    [
        ("Unsere Abrechnungsabteilung prüft den Vorgang.", "Unsere Abteilung war am Freitag geschlossen."),
        ("Unser Technikteam schaut sich die Fehlerberichte an.", "Unser Technikteam war lange unterbesetzt."),
        ("Ich frage direkt beim Spediteur nach.", "Fragen Sie bitte beim Nachbarn nach."),
    ],
)
def test_german_team_step_in_the_present_or_asking_after_it_commits(commitment, near_miss):
    assert "missing_commitment" not in codes(f"{GERMAN}{commitment}")
    assert "missing_commitment" in codes(f"{GERMAN}{near_miss}")


@pytest.mark.parametrize(
    ("promise", "near_miss"),
    [
        ("I'll have the late fee waived today.", "I'll have the team check the late fee."),
        ("Your next service will be free.", "Let me check whether the repair will be done at our cost."),
        ("There'll be nothing to pay for the visit.", "We'll check what there is to pay for the visit."),
        ("You'll get a month free as an apology.", "You'll get an email when the month is up."),
        ("Consider the charge reversed.", "Please consider the options in your account."),
        ("Expect a brand-new kettle within the week.", "Expect an update from me by Friday."),
        ("A new card is already on its way to you.", "Your complaint is on its way to our manager."),
        ("A new key will be waiting at reception for you.", "Reception will be open until ten."),
    ],
)
def test_an_outcome_had_done_free_as_good_as_done_or_on_its_way_promises(promise, near_miss):
    assert promises(promise)
    assert promises(near_miss) == []


@pytest.mark.parametrize(
    ("promise", "near_miss"),
    [
        ("Die Liefergebühr erstatten wir Ihnen selbstverständlich.", "Ob wir Ihnen die Gebühr erstatten, prüfen wir."),
        ("Ihr Konto wird noch heute freigeschaltet.", "Wir prüfen, ob Ihr Konto freigeschaltet werden kann."),
        ("Ein Techniker tauscht das Gerät kostenlos aus.", "Ein Techniker prüft, ob das Gerät getauscht werden muss."),
    ],
)
def test_german_object_first_passive_unblocking_or_free_exchange_promises(promise, near_miss):
    assert promises(promise)
    assert promises(near_miss) == []
