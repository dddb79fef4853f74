"""Harmless senses of legal, viral and harassment words, each beside a near miss that must still be found."""

import pytest

from escalation.detection import classify


def categories(text: str) -> list[str]:
    return [d.category for d in classify(text)]


@pytest.mark.parametrize(
    ("category", "harmless", "urgent"),
    [
        (  # a court as where jury service is done
            "legal_regulatory",
            "I'm called up for jury duty at the crown court next week, please pause my deliveries.",
            "Refund me or I'll see you in court.",
        ),
        (  # a solicitor doing a house sale or probate, not acting against us
            "legal_regulatory",
            "our solicitors are dealing with the sale of our flat, please update the billing address",
            "Our solicitors are dealing with your unauthorised charges and will write to you.",
        ),
        (  # a lawyer asking for a document for the records
            "legal_regulatory",
            "My lawyer needs a copy of the invoice for her records, could you resend it?",
            "My lawyer needs a copy of the invoice before we file the claim.",
        ),
        (  # the company's own web page about the ombudsman
            "legal_regulatory",
            "The ombudsman link on your website goes to a 404.",
            "I have gone to the ombudsman about this.",
        ),
        (  # viral inside a small private group
            "public_viral",
            "the photo of your mascot went viral in our family whatsapp group haha",
            "the photo of your mascot went viral on twitter and people are furious",
        ),
        (  # viral for the right reasons
            "public_viral",
            "Your new packaging is going viral for all the right reasons, congrats!",
            "Your new packaging is going viral for all the wrong reasons.",
        ),
        (  # going viral as a wish
            "public_viral",
            "i've always had dreams of going viral but for now can you fix my invoice",
            "my post about your invoice is going viral",
        ),
        (  # the writer's own full name
            "agent_harassment",
            "Your staff member replied to my review publicly using my full name.",
            "I found out your full name, Sarah.",
        ),
        (  # "one night" as a time of day, not an advance
            "agent_harassment",
            "I stayed one night at your hotel and the heating was broken.",
            "How about one night with me after your shift?",
        ),
        (  # a pet name typed in the wrong chat window
            "agent_harassment",
            "love you babe, oops wrong chat sorry! my parcel is late",
            "hey babe what are you doing tonight",
        ),
    ],
)
def test_harmless_sense_is_clean_and_its_near_miss_is_found(category, harmless, urgent):
    assert category not in categories(harmless)
    assert category in categories(urgent)
