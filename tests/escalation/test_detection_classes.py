"""Rules for classes of phrasing (veiled threats, passive and third-party self-harm, staff exposing a customer,
an agent looked up), each tried in wording of its own, beside a harmless sense of the same construction."""

import pytest

from escalation.detection import classify


def categories(text: str) -> list[str]:
    return [d.category for d in classify(text)]


@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("self_harm", "Don't bother with the upgrade, I won't be needing a phone where I'm going."),
        ("self_harm", "some nights I just hope I don't wake up"),
        ("self_harm", "This will be the last time anyone hears from me."),
        ("self_harm", "my brother has been giving away all his stuff to friends"),
        ("self_harm", "I keep staring at the railway line on my walk home"),
        ("self_harm", "my wife keeps saying she wants to go to sleep forever"),
        ("self_harm", "what's the point of me staying, honestly"),
        ("self_harm", "Grandad told me he is ready to join my late grandmother."),
        ("self_harm", "I've worked out how I'd do it"),
        ("threat_violence", "People like you get what's coming."),
        ("threat_violence", "I'd hate for anything to happen to the girl on reception."),
        ("threat_violence", "Next time it won't be an email."),
        ("threat_violence", "Those vans of yours would look better with their tyres slashed."),
        ("threat_violence", "I've got a jerry can of petrol in the boot."),
        ("threat_violence", "Your staff aren't safe, remember that."),
        ("threat_violence", "Enjoy your weekend while you still can."),
        ("threat_violence", "someone from your depot will be going home in an ambulance"),
        ("staff_conduct", "Your engineer posted my home address in the comments under your ad."),
        ("staff_conduct", "the advisor told me to stop being so dramatic"),
        ("agent_harassment", "give me her private number, the one she uses after work"),
        ("agent_harassment", "tell Maria I dream about her"),
        ("agent_harassment", "I found out your surname from the badge photo"),
        ("agent_harassment", "send me a photo of you in the uniform"),
        ("threat_violence", "watch your back when you lock up tonight"),
    ],
)
def test_a_class_of_phrasing_is_found_in_words_of_its_own(category, text):
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "I've made my peace with the new pricing, just send the invoice.",
        "I'm writing letters to my family about switching to your broadband.",
        "We run a suicide prevention charity and need a VAT receipt.",
        "I'll be waiting outside the store at ten to pick up my order.",
        "It would be a shame to lose such a loyal customer over a fiver.",
        "I work for the local government ombudsman, can we get an invoice?",
        "Our conveyancer needs the final bill before completion.",
        "Your manager called me a liar on the phone.",  # staff conduct, not harassment of an agent
        "Could you send me a photo of the meter reading your engineer took?",
        "Mind your back step, the courier nearly slipped on it.",
    ],
)
def test_the_same_constructions_in_harmless_senses_are_not_alarms(text):
    found = categories(text)
    assert not set(found) & {"self_harm", "threat_violence", "legal_regulatory", "agent_harassment"}
