"""German drafts read by the classes the English groups name (docs/first-response.md, Replies in German): blame, each
beside a near-miss twin that names our own failing, a negated fault or someone else's step, and stays quiet."""

import pytest

from tests.escalation.draft_classes import blames, codes, promises

GOOD = "Es tut mir leid, dass die Rechnung doppelt kam. Nennen Sie mir bitte Ihre Kundennummer. Ich prüfe das heute."


@pytest.mark.parametrize(
    ("blame", "twin"),
    [
        ("Wie bereits mitgeteilt, ist eine Erstattung nicht möglich.", "Wie besprochen rufe ich Sie morgen an."),
        ("Wir haben Ihnen doch bereits mitgeteilt, dass es so ist.", "Wir haben Ihnen eine E-Mail geschickt."),
        ("Ich erkläre Ihnen das jetzt zum dritten Mal.", "Sie schreiben uns nun zum dritten Mal, das tut mir leid."),
        ("Sie hätten die Anleitung vor der Installation lesen müssen.", "Wir hätten Sie früher informieren müssen."),
        ("Sie hätten die Anleitung lesen sollen.", "Sie hätten informiert werden müssen, das tut uns leid."),
        ("Hätten Sie die Anleitung gelesen, wäre das nicht passiert.", "Hätten Sie kurz Zeit für einen Rückruf?"),
        ("Das ist Ihr Fehler.", "Das ist nicht Ihr Fehler, sondern unserer."),
        ("Der Fehler liegt eindeutig bei Ihnen.", "Die Entscheidung liegt bei Ihnen."),
    ],
)
def test_german_as_we_told_you_you_should_have_or_your_fault_is_blame(blame, twin):
    assert blames(blame)
    assert blames(twin) == []


@pytest.mark.parametrize(
    ("blame", "twin"),
    [
        ("Mit Ihrer Buchung haben Sie unseren AGB zugestimmt.", "Wir haben Ihre Stornierung akzeptiert."),
        ("Sie wurden bei der Buchung ausdrücklich darauf hingewiesen.", "Sie wurden leider nicht informiert."),
        ("Sie wurden darüber informiert.", "Sie wurden falsch informiert, das bedauern wir."),
        ("Das steht doch klar in der Anleitung.", "Das steht noch nicht fest."),
        ("Die Frist ist auf der Website deutlich angegeben.", "Die Frist war auf der Website nicht klar angegeben."),
    ],
)
def test_german_you_agreed_were_told_or_it_is_clearly_stated_is_blame(blame, twin):
    assert blames(blame)
    assert blames(twin) == []


@pytest.mark.parametrize(
    ("blame", "twin"),
    [
        ("Kein anderer Kunde hat dieses Problem gemeldet.", "Kein Kunde sollte so lange warten müssen."),
        ("Der Schaden ist durch unsachgemäße Nutzung entstanden.", "Der Schaden ist beim Transport entstanden."),
        ("Sie haben die falsche Adresse angegeben.", "Wir haben die falsche Adresse angegeben, das tut mir leid."),
        ("Bitte mäßigen Sie Ihren Ton.", "Ich verstehe Ihren Ärger."),
        ("Künftig bitte vorher die Bedingungen lesen.", "Künftig werden wir Sie früher informieren."),
        ("Sie müssen verstehen, dass wir keine Ausnahmen machen.", "Wir verstehen, dass Sie verärgert sind."),
        ("Auf unserer Seite ist alles in Ordnung.", "Auf unserer Seite prüfen wir das heute."),
        ("Unser Fahrer hat korrekt gehandelt.", "Ich prüfe, ob unser Fahrer korrekt gehandelt hat."),
    ],
)
def test_german_nobody_else_your_handling_your_tone_or_nothing_wrong_here_is_blame(blame, twin):
    assert blames(blame)
    assert blames(twin) == []


def test_a_good_german_draft_with_blame_is_warned_for_the_blame_alone():
    assert codes(f"{GOOD} Wie bereits mitgeteilt, gilt die Frist.") == ["blames_customer"]
    assert codes(GOOD) == []


GERMAN_EMPATHY = "Es tut mir leid. "
GERMAN_REQUEST = "Nennen Sie mir bitte Ihre Kundennummer. "
GERMAN_COMMITMENT = "Ich prüfe das heute."


@pytest.mark.parametrize(
    ("empathy", "near_miss"),
    [
        ("Bedauerlicherweise kam das Paket beschädigt an.", "Danke für Ihre Nachricht, das Paket wird geprüft."),
        ("Bitte entschuldigen Sie die Unannehmlichkeiten.", "Entschuldigen Sie, kurz eine Frage."),
        ("Ich kann gut nachvollziehen, dass Sie verärgert sind.", "Ich kann Ihre Nachricht leider nicht verstehen."),
        ("Ich verstehe Sie gut.", "Vielen Dank für Ihr Verständnis."),
        ("Das hätte nicht passieren dürfen.", "Das kann bei Regen passieren."),
        ("Das ist wirklich nicht in Ordnung.", "Falls etwas nicht in Ordnung ist, schreiben Sie uns."),
    ],
)
def test_german_apology_understanding_or_owning_the_failure_is_empathy(empathy, near_miss):
    assert "missing_empathy" not in codes(f"{empathy} {GERMAN_REQUEST}{GERMAN_COMMITMENT}")
    assert "missing_empathy" in codes(f"{near_miss} {GERMAN_REQUEST}{GERMAN_COMMITMENT}")


@pytest.mark.parametrize(
    ("asking", "near_miss"),
    [
        ("Schicken Sie bitte ein Foto des Schadens.", "Bitte prüfen Sie Ihren Spam-Ordner."),
        ("Wir benötigen noch Ihre Bestellnummer.", "Wir brauchen noch ein paar Tage."),
        ("Ein Foto wäre sehr hilfreich.", "Ihr Hinweis war sehr hilfreich."),
        ("Wann ist das passiert?", "Wie ärgerlich ist das?"),
        ("Welche Filiale war das?", "Das war die Filiale am Markt."),
    ],
)
def test_german_imperative_need_or_question_is_a_request(asking, near_miss):
    assert "missing_info_request" not in codes(f"{GERMAN_EMPATHY}{asking} {GERMAN_COMMITMENT}")
    assert "missing_info_request" in codes(f"{GERMAN_EMPATHY}{near_miss} {GERMAN_COMMITMENT}")


@pytest.mark.parametrize(
    ("commitment", "near_miss"),
    [
        ("Ich überprüfe das sofort.", "Sie können den Status online überprüfen."),
        ("Ich gehe der Sache nach.", "Wir können das leider nicht überprüfen."),
        ("Ich gebe Ihre Beschwerde an die Filialleitung weiter.", "Geben Sie die Nummer bitte an den Fahrer weiter."),
        ("Ich rufe Sie morgen zurück.", "Rufen Sie uns gern an."),
        ("Ich halte Sie auf dem Laufenden.", "Halten Sie uns auf dem Laufenden."),
        ("Ich gebe Ihnen bis Freitag Bescheid.", "Geben Sie uns Bescheid."),
        ("Sie hören bis Freitag von mir.", "Sie hören oft von Kunden, dass das hilft."),
        ("Unser Serviceteam kümmert sich darum.", "Unser Serviceteam ist montags nicht erreichbar."),
        ("Ich setze mich mit dem Lager in Verbindung.", "Setzen Sie sich mit dem Lager in Verbindung."),
    ],
)
def test_german_step_by_us_or_a_colleague_or_hearing_back_commits(commitment, near_miss):
    assert "missing_commitment" not in codes(f"{GERMAN_EMPATHY}{GERMAN_REQUEST}{commitment}")
    assert "missing_commitment" in codes(f"{GERMAN_EMPATHY}{GERMAN_REQUEST}{near_miss}")


@pytest.mark.parametrize(
    ("promise", "twin"),
    [
        ("Wir erstatten Ihnen den vollen Betrag.", "Wir prüfen, ob wir Ihnen den Betrag erstatten können."),
        ("Wir erstatten Ihnen den Betrag.", "Falls der Schaden beim Versand entstand, erstatten wir Ihnen den Betrag."),
        ("Ich schicke Ihnen morgen ein neues Gerät.", "Wir schicken Ihnen ein Rücksendeetikett."),
        ("Sie erhalten eine vollständige Gutschrift.", "Sie erhalten eine Rückmeldung bis Freitag."),
        ("Wir übernehmen die Kosten für die Reparatur.", "Wir prüfen, ob die Kosten übernommen werden."),
        ("Das Problem wird bis Freitag behoben.", "Eventuell wird das Gerät ausgetauscht."),
        ("Das kommt nicht wieder vor.", "Das kommt leider öfter vor."),
        ("Die Lieferung ist garantiert morgen bei Ihnen.", "Das Gerät ist noch in der Garantie."),
        ("Ich verspreche Ihnen, das Geld ist morgen da.", "Ich verspreche Ihnen, dass wir das prüfen."),
    ],
)
def test_a_german_outcome_as_certain_is_a_promise_and_a_condition_or_review_is_not(promise, twin):
    assert promises(promise)
    assert promises(twin) == []
