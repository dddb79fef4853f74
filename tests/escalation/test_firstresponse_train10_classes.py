"""The classes of train10's misses (docs/first-response.md): a step by someone named by role or first name, taking
the case to someone in other verbs, German steps with a separable or causative verb, a dated call-back in German,
"as I said" before our own step and a question about the time they were told; a need as what would assist us,
German requests with "du" or after a preposition; promises as an outcome covered, settled or due by a time. Each
beside a near miss that stays as it was."""

import pytest

from tests.escalation.draft_classes import COMMITMENT, EMPATHY, REQUEST, blames, codes, promises

GERMAN = "Es tut mir leid, dass die Lieferung fehlt. Nennen Sie mir bitte Ihre Bestellnummer. "


@pytest.mark.parametrize(
    ("commitment", "near_miss"),
    [
        ("Our lead therapist will review the session notes.", "Our lead therapist was on leave that week."),
        ("The pharmacist will look into the dispensing record.", "The pharmacist was busy that morning."),
        ("Priya will look at the photos and call you.", "Priya was the name on the booking."),
        ("Our warranty team will inspect the frame.", "Please inspect the frame before riding."),
        ("I'll pick this up with the billing team.", "You can pick it up with the courier."),
        ("I'll run your details past our fraud team.", "Our fraud team runs checks overnight."),
        ("I'm sharing your photos with the quality team.", "Sharing photos online is up to you."),
    ],
)
def test_a_step_by_someone_named_or_taken_to_someone_commits(commitment, near_miss):
    assert "missing_commitment" not in codes(f"{EMPATHY}{REQUEST}{commitment}")
    assert "missing_commitment" in codes(f"{EMPATHY}{REQUEST}{near_miss}")


@pytest.mark.parametrize(
    ("commitment", "near_miss"),
    [
        ("Ich sehe gleich nach, wo das Paket steckt.", "Schauen Sie bitte nach, ob es beim Nachbarn liegt."),
        ("Ich lasse unsere Versandabteilung den Fall prüfen.", "Lassen Sie das Gerät bitte vom Fachhandel prüfen."),
    ],
)
def test_german_separable_or_causative_step_commits(commitment, near_miss):
    assert "missing_commitment" not in codes(f"{GERMAN}{commitment}")
    assert "missing_commitment" in codes(f"{GERMAN}{near_miss}")


def test_german_dated_call_back_is_a_step_but_a_dated_delivery_still_promises():
    assert promises("Ich melde mich spätestens Freitag bei Ihnen.") == []
    assert promises("Die Ware ist spätestens Freitag bei Ihnen.")


def test_as_i_said_before_our_own_step_is_not_blame_but_before_a_rule_it_is():
    assert blames("As I mentioned on the phone, I've asked our surveyor to revisit.") == []
    assert blames("As I mentioned on the phone, the survey does not cover the garage.")


def test_asking_what_time_they_were_told_is_not_blame_but_saying_it_is():
    assert blames("Which date were you given, and what time you were told to arrive?") == []
    assert blames("The arrival time you were told is on the confirmation.")


@pytest.mark.parametrize(
    ("promise", "near_miss"),
    [
        ("Any overdraft fee will be covered by us.", "We'll check whether the overdraft fee will be covered."),
        ("Your next visit will be complimentary.", "Your visit will be reviewed by the manager."),
        ("Your claim will be settled in full.", "Your claim will be assessed by the team."),
        ("The repair will be finished by 12 June.", "The repair will be assessed before we decide."),
        ("The switch-over will complete before your move date.", "I'll let you know when the switch-over starts."),
        ("Your site will be live again within the hour.", "I'll be in touch again within the hour."),
    ],
)
def test_an_outcome_covered_settled_or_due_by_a_time_promises(promise, near_miss):
    assert promises(promise)
    assert promises(near_miss) == []


def test_german_passive_outcome_with_a_long_middle_field_promises():
    assert promises("Der Fehler wird mit dem nächsten Update am Freitag behoben.")
    assert promises("Wir prüfen, ob der Fehler mit dem nächsten Update am Freitag behoben wird.") == []


@pytest.mark.parametrize(
    ("asking", "near_miss"),
    [
        ("It would assist us to have the date of the visit.", "We would assist you with the return."),
        ("Es würde uns helfen, das Datum der Lieferung zu kennen.", "Das würde Ihnen beim Aufbau helfen."),
        ("Schick uns gern ein Foto vom Etikett.", "Wir schicken dir gern einen Gutschein."),
        ("Kannst du uns ein Foto vom Etikett schicken?", "Kannst du dir vorstellen, wie ärgerlich das ist?"),
        ("An welcher Filiale war das?", "An welcher Stelle es hakt, prüfen wir."),
    ],
)
def test_a_need_as_what_would_assist_or_a_german_du_or_preposition_request_asks(asking, near_miss):
    assert "missing_info_request" not in codes(f"{EMPATHY}{asking} {COMMITMENT}")
    assert "missing_info_request" in codes(f"{EMPATHY}{near_miss} {COMMITMENT}")
