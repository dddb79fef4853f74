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
        (  # away for a while with a reason or a return: a holiday, not a goodbye
            "self_harm",
            "I won't be around tomorrow, I'm on annual leave until Monday, so please call my colleague.",
            "I won't be around tomorrow, so it doesn't matter what you do with my account.",
        ),
        (  # affairs in order before a move abroad
            "self_harm",
            "I'm getting my affairs in order before my relocation to Canada, please close the account.",
            "I've sorted my affairs, so please close the account. Tell my sister I'm sorry.",
        ),
        (  # the last email from an old address
            "self_harm",
            "This is the last message from me on this account, please use my new email from now on.",
            "This is the last message from me. Thank you for trying. I can't go on.",
        ),
        (  # hyperbole about a product
            "self_harm",
            "I'd sooner throw myself off a bridge than install that update again.",
            "I keep thinking about throwing myself off a bridge.",
        ),
        (  # the topic, asked about
            "self_harm",
            "Do you have guidelines on suicide content in the community forum? I'm a moderator.",
            "My flatmate says she wants to commit suicide and I don't know what to do.",
        ),
        (  # a bat as an animal
            "threat_violence",
            "I've got a bat box from your shop and the roof panel is cracked.",
            "I'll bring my bat to your shop tomorrow and we'll see.",
        ),
        (  # a court to play on
            "legal_regulatory",
            "we booked the squash court through your app and the booking vanished",
            "we will see you in court over the vanished booking",
        ),
        (  # an academic, not the press
            "press_media",
            "I'm a PhD student at the university and would like a research licence for my lab.",
            "I'm a researcher at the BBC working on a story about your outage.",
        ),
        (  # a reply that helped
            "staff_conduct",
            "your support account replied on Instagram and the fix worked, thanks",
            "your support account replied on Instagram and mocked me in front of everyone",
        ),
        (  # a photo of the parcel
            "agent_harassment",
            "can u show me a pic of da broken box before I send it back",
            "can u send me a pic of yourself in that uniform",
        ),
    ],
)
def test_harmless_sense_is_clean_and_its_near_miss_is_found(category, harmless, urgent):
    assert category not in categories(harmless)
    assert category in categories(urgent)
