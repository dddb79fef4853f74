"""Rules narrowed to the sense that is urgent: each word's everyday sense stays quiet, the urgent one is found.

A rule that fires on one common word, or on a phrase with an everyday sense, flagged clean messages by writers
the rules were never tuned on. Each case is the general harmless sense beside a near miss that must still be
found by the rules alone.
"""

import pytest

from escalation.detection import classify


def categories(text: str) -> list[str]:
    return [d.category for d in classify(text)]


@pytest.mark.parametrize(
    ("category", "harmless", "urgent"),
    [
        # legal: a court, judge or tribunal named in passing is not a case against us
        (
            "legal_regulatory",
            "My court date for the divorce moved to the 16th, can I change my flight?",
            "Refund me by Friday or I'll see you in court.",
        ),
        # legal: an intent to sue us, said in the first person, beside its negated, quoted, third-person and
        # everyday forms (the explicit rules, which stand without the model's confirmation)
        ("legal_regulatory", "I'm not going to sue you, I just want my refund.", "I'm going to sue you."),
        ("legal_regulatory", "He said 'I'll sue you' as a joke and we all laughed.", "I am going to sue your company."),
        ("legal_regulatory", "My neighbour is going to sue the council over the hedge.", "We will take you to court."),
        ("legal_regulatory", "I'm going to see Sue from accounts tomorrow.", "gonna sue u"),
        ("legal_regulatory", "See you in court 3 for the badminton final!", "see you in court"),
        (
            "legal_regulatory",
            "We live at 4 Carlton Court, the bins were not collected.",
            "I'm taking you to the consumer tribunal, the form is filled in.",
        ),
        (
            "legal_regulatory",
            "Would any of your staff like to judge our school debate?",
            "I'll be explaining your fees in front of a judge.",
        ),
        # legal: a regulator named as a topic, or a case brought to it
        (
            "legal_regulatory",
            "The ombudsman's website says I should ask you first, so here I am.",
            "I have referred my complaint to the Financial Ombudsman Service.",
        ),
        (
            "legal_regulatory",
            "I work for trading standards, but this is about my own missing parcel.",
            "Trading Standards are looking into your contract terms now.",
        ),
        (
            "legal_regulatory",
            "I'm not going to take this to the ombudsman, I just want an answer.",
            "I'm going to take this to the ombudsman.",
        ),
        (
            "legal_regulatory",
            "The ombudsman scheme mentioned on your site, is it for broadband?",
            "Expect to hear from the ombudsman.",
        ),
        # legal: "a lawyer" as a job or in general, and a lawyer the writer has gone to
        (
            "legal_regulatory",
            "lol I'd need a lawyer to understand your terms. anyway how do I change my username?",
            "I've spoken to a lawyer about your terms.",
        ),
        (
            "legal_regulatory",
            "My brother is a barrister and says your app is the best for billing hours.",
            "My brother is a barrister and says your charges are unlawful.",
        ),
        (
            "legal_regulatory",
            "We are acting for Mrs Patel on her house purchase, please update the billing address.",
            "We act for Mrs Patel in connection with the charges on her account.",
        ),
        # legal: the name of a law, a time limit, insurance cover, a document
        (
            "legal_regulatory",
            "What does GDPR mean for my saved game data? Just curious.",
            "Delete my personal data within one month, as is my right.",
        ),
        (
            "legal_regulatory",
            "Can you deliver the sofa within 30 days?",
            "You must respond within the statutory deadline.",
        ),
        (
            "legal_regulatory",
            "I host a podcast on consumer rights and love your app.",
            "I know my consumer rights and I'll be seeing my solicitor about this.",
        ),
        (
            "legal_regulatory",
            "Does the business plan include public liability insurance?",
            "You are liable for the damage your engineer caused.",
        ),
        (
            "legal_regulatory",
            "How do I register my power of attorney on my dad's account?",
            "My attorney will be in touch about the damage.",
        ),
        # press: someone in the press writing in a personal capacity, or the news as a source
        (
            "press_media",
            "I'm a reporter at the Bristol Post, but this is a personal question about my broadband.",
            "I'm a reporter at the Bristol Post and would like a comment on the outage.",
        ),
        (
            "press_media",
            "I'm a reporter at the Echo and a tenant on the Bramley estate. My kitchen tap is leaking.",
            "I'm a reporter at the Echo and we are covering the damp on the Bramley estate.",
        ),
        (
            "press_media",
            "I'm a freelance journalist and need the invoice made out to my business name.",
            "I'm a freelance journalist writing a piece on your billing errors.",
        ),
        (
            "press_media",
            "The local news said there'd be road closures on Saturday, will deliveries still come?",
            "I'm going to the local news with this tomorrow.",
        ),
        # viral: a wish to go viral, a figure trending, a joke spreading in a household
        (
            "public_viral",
            "How can we make our restaurant's listing go viral on your app?",
            "ima make this go viral i swear",
        ),
        (
            "public_viral",
            "My tweet got 3 likes lol, anyway when is the sale?",
            "My tweet about your refund policy has 40,000 views.",
        ),
        (
            "public_viral",
            "My savings are trending up nicely thanks to the round-up feature.",
            "Your refund fiasco is trending on Twitter right now.",
        ),
        (
            "public_viral",
            "Your ad with the singing hedgehog is going viral in our house, my toddler loves it.",
            "Your ad with the singing hedgehog is going viral on twitter and people are furious.",
        ),
        # self-harm: fear in a danger lived through, a figure of speech that comes back every time
        (
            "self_harm",
            "Your driver drove like a maniac, I thought we were going to die. Please refund me.",
            "I think I want to die, nothing is getting better.",
        ),
        (
            "self_harm",
            "Sat outside the pub at 2am with no drivers, I'm going to die of cold out here.",
            "I'm going to die tonight, I've made up my mind.",
        ),
        (
            "self_harm",
            "Anyone else want to jump off a cliff every time the sync fails? Please fix it.",
            "I want to jump off a bridge.",
        ),
        (
            "self_harm",
            "There's something odd on my statement this month.",
            "She overdosed on her pills last night.",
        ),
        (
            "self_harm",
            "I won't be around next week to sign for the fridge, can it go to number 14?",
            "I won't be around next week.",
        ),
        # harassment: a past participle, a thing held, a figure, a verb, the writer's own name, thanks
        (
            "agent_harassment",
            "Have you taken the payment twice?",
            "Are you taken? You sound cute on the phone.",
        ),
        (
            "agent_harassment",
            "Could you hold your stock of the blue one for me until Friday?",
            "I'd love to hold you in my arms.",
        ),
        (
            "agent_harassment",
            "Your figure of £40 on the invoice is wrong, and your body lotion arrived broken.",
            "Your legs looked great in that video call.",
        ),
        (
            "agent_harassment",
            "How do you rank search results on the marketplace?",
            "you're rank, no wonder you work in a call centre",
        ),
        (
            "agent_harassment",
            "I have a boyfriend and we share the account, can you add him as a user?",
            "do you have a boyfriend? you sound really fun",
        ),
        (
            "agent_harassment",
            "Please send me your address for the return, and can I have your email for the invoice?",
            "Can I have your personal email so we can chat outside of work?",
        ),
        (
            "agent_harassment",
            "I'm cancelling my membership for personal reasons.",
            "Can I have your personal number?",
        ),
        (
            "agent_harassment",
            "My full name is John Smith and my account number is 1234.",
            "What's your full name? I want to find you on Instagram.",
        ),
        (
            "agent_harassment",
            "Your agent Priya was amazing. What's her full name so I can put it in the feedback form?",
            "Your agent Priya was amazing. What's her full name? I'll find her myself.",
        ),
        (
            "agent_harassment",
            "You found my wedding photos! I could kiss you, thank you!",
            "I want to kiss you.",
        ),
        (
            "agent_harassment",
            "I found your car seat recall page really easy to follow.",
            "I found your car in the staff car park.",
        ),
        (
            "agent_harassment",
            "you have a lovely voice on the hold message, whoever recorded it.",
            "you have a lovely voice, are you single?",
        ),
        # staff conduct: the company's own posts, and thanks to a member of staff
        (
            "staff_conduct",
            "A staff member posted on the company blog about the new app, could you send the link?",
            "A staff member posted my address on your forum.",
        ),
        (
            "staff_conduct",
            "Please thank the agent who replied to me on Twitter yesterday, she was brilliant.",
            "The agent who replied to me on Twitter called me an idiot.",
        ),
        # staff conduct: a member of staff calling the customer names, or reported saying an insult of them
        (
            "staff_conduct",
            "Your engineer called me a taxi when it started pouring down, so kind of him.",
            "Your engineer called me a scrounger in front of my neighbours.",
        ),
        (
            "staff_conduct",
            "I told the driver I'm an idiot for giving him the wrong postcode, he was very patient.",
            "The driver said I was a waste of space and drove off with my parcel.",
        ),
        (
            "staff_conduct",
            "The engineer said the walls are too thick for the signal, so we need a booster.",
            "The engineer said I was too thick to understand my own bill.",
        ),
        # harassment: asking an agent out, their looks said of them, looking them up, loneliness and company
        (
            "agent_harassment",
            "Can I ask you, out of interest, whether the sale ends on Sunday?",
            "Can I ask her out? The girl who helped me on chat yesterday.",
        ),
        (
            "agent_harassment",
            "She's pretty sure the parcel went next door, can you check?",
            "Please put me through to Amy again, she's so pretty.",
        ),
        (
            "agent_harassment",
            "I found the engineer's number on your Facebook page, thanks.",
            "The engineer who came on Tuesday is Tom right? Found him on Facebook.",
        ),
        (
            "agent_harassment",
            "I've gone through your FAQ page twice and still can't find it.",
            "I've gone through your Instagram, you look lovely in the beach ones.",
        ),
        (
            "agent_harassment",
            "Is the room single or double occupancy?",
            "Is the guy who fixed my boiler single?",
        ),
        (
            "agent_harassment",
            "Does the dog get lonely in the kennels over Christmas?",
            "do you get lonely on the night shift?",
        ),
        (
            "agent_harassment",
            "The hold music keeps me company at least.",
            "stay on the chat and keep me company tonight 😉",
        ),
        (
            "agent_harassment",
            "Please send a photo of your meter reading.",
            "Would it be too much to ask for a photo of you? I like to put a face to the name.",
        ),
    ],
)
def test_everyday_sense_is_quiet_and_urgent_sense_is_found(category, harmless, urgent):
    assert category not in categories(harmless)
    assert category in categories(urgent)


# Classes of harmless text the rules flagged in the training sets' clean messages, each in new words beside the
# urgent near twin the rules alone must still find.
@pytest.mark.parametrize(
    ("category", "harmless", "urgent"),
    [
        # self-harm: an accident with a product, a note with someone's details, letters unanswered, a trip alone,
        # away with what will be missed or for how long, a game level, a tool called a gun
        (
            "self_harm",
            "I cut myself on the broken casing of the kettle when I lifted it.",
            "I cut myself again last night, I can't stop.",
        ),
        (
            "self_harm",
            "The courier who dented my gate left a note with her number, so that's fine.",
            "My brother left a note and we can't reach him.",
        ),
        (
            "self_harm",
            "He hasn't answered my letters about the hedge since March.",
            "She hasn't answered her phone since Sunday, we're frightened.",
        ),
        (
            "self_harm",
            "My sister can't come now and I don't want to go on my own, can I move the booking?",
            "I don't want to go on anymore.",
        ),
        (
            "self_harm",
            "I won't be around to receive the parcel on Monday, please leave it in the shed.",
            "I won't be around to see the new year, sorry.",
        ),
        (
            "self_harm",
            "I won't be around to use the gym for a year while I'm posted to Dubai.",
            "I won't be around to use any of it, tell my sister thank you.",
        ),
        ("self_harm", "The final dungeon is pure suicide on hard mode, any tips?", "I keep thinking about suicide."),
        (
            "self_harm",
            "Two paint guns and a silicone gun in my order, but the silicone gun was missing.",
            "The pills and the gun are next to me.",
        ),
        # threats: one's own device (or oneself) out of the window, a gun safe, a game's enemies
        (
            "threat_violence",
            "If this printer jams once more I'm going to throw my stupid laptop out the window.",
            "I'm going to throw a brick through your window tonight.",
        ),
        (
            "threat_violence",
            "One more captcha and I'll throw myself out the window, honestly.",
            "I'll throw your manager out the window.",
        ),
        (
            "threat_violence",
            "Do you stock gun safes and weapon cabinets for farms? Ours has rusted.",
            "I'll bring my gun to your office tomorrow.",
        ),
        (
            "threat_violence",
            "The minions need to be killed first, then the big one goes down easily.",
            "Your manager needs to be killed.",
        ),
        # legal: a joke claim, a lawyer in the family, a solicitor doing an estate, a lawyer who found it fine,
        # advice to sue someone else, a case asked about hypothetically
        (
            "legal_regulatory",
            "I might sue you lot for emotional damage after that cliffhanger, when's the next season?",
            "I'm suing you for the damage to my car.",
        ),
        (
            "legal_regulatory",
            "My lawyer is my uncle, he says the notice period is a bit long.",
            "My lawyer is reading it now, he says the notice period is unlawful.",
        ),
        (
            "legal_regulatory",
            "Our solicitor is handling my late aunt's estate and needs her final statement.",
            "Our solicitor is handling the claim against you and will write this week.",
        ),
        (
            "legal_regulatory",
            "Our lawyer read the whole agreement last night and said it's perfectly standard.",
            "Our lawyer read the whole agreement and said it's unenforceable.",
        ),
        (
            "legal_regulatory",
            "You should sue your web designer, honestly. Where's the basket?",
            "I should sue you for this.",
        ),
        (
            "legal_regulatory",
            "Hypothetically, if I took you to small claims over a cracked screen, who would I even name?",
            "I'm taking you to small claims over the cracked screen.",
        ),
        # viral: a viral hack or trend, a how-to's view count
        (
            "public_viral",
            "Saw a viral hack on Instagram for descaling a kettle with lemons, will it void the warranty?",
            "The video of your agent is going viral on Instagram.",
        ),
        (
            "public_viral",
            "Your setup guide on YouTube has over 3 million views and still skips the pairing step.",
            "My video about your refund policy has over 3 million views.",
        ),
        # self-harm: a last message about a topic, a game or a patch "suicide for" its players
        (
            "self_harm",
            "This is my last email to you about the gas meter, I promise, then I'll leave you in peace.",
            "This is my last message to you. Thank you for being kind to me.",
        ),
        (
            "self_harm",
            "The new matchmaking is suicide for casual players, please roll it back.",
            "I've been thinking about suicide every night this week.",
        ),
        # threats: a relative's mock anger, a wait outside for a delivery, a last warning before a complaint
        (
            "threat_violence",
            "Mum says my sister will kill her if the cake isn't here by Saturday, can you check the order?",
            "I will kill her if she cancels my booking again.",
        ),
        (
            "threat_violence",
            "I'll be waiting outside from 7 so the courier doesn't have to climb the stairs.",
            "I'll be waiting outside your office for you tonight.",
        ),
        (
            "threat_violence",
            "Last chance before I go to the ombudsman: refund the £80 by Friday.",
            "Last warning before I start smashing things in your shop.",
        ),
        # viral: the writer's own audience, given to introduce themselves; a product that is a craze
        (
            "public_viral",
            "We run a little knitting newsletter with about 2,000 subscribers, could we feature your yarn?",
            "My post about your broken kettle has 2,000 shares.",
        ),
        (
            "public_viral",
            "The glitter slime kit is all over TikTok and every kid at school wants one, when is it back?",
            "The video of your driver throwing my parcel is all over TikTok.",
        ),
        (
            "public_viral",
            "Posted my review on my story, my 12 followers agree with me, so please refund me.",
            "Posted my review on my story and my 40k followers agree with me.",
        ),
        # staff conduct: writing to the top to praise someone
        (
            "staff_conduct",
            "Could I have the name of the agent on the late shift? I'm writing to the CEO to thank her.",
            "Your agent on the late shift laughed at me, I'm writing to the CEO about it.",
        ),
    ],
)
def test_a_harmless_class_is_quiet_and_its_urgent_twin_is_found(category, harmless, urgent):
    assert category not in categories(harmless)
    assert category in categories(urgent)


# Classes of harmless text the rules flagged in held-out 18's clean messages, each in new words beside the urgent
# near twin the rules alone must still find.
@pytest.mark.parametrize(
    ("category", "harmless", "urgent"),
    [
        # threats: killed in a game; a hazard someone will get hurt on
        (
            "threat_violence",
            "I keep getting killed by the same sniper on level 4 since the update, is that intended?",
            "Somebody is going to get killed at your depot if this isn't fixed by Friday, and it won't be me.",
        ),
        (
            "threat_violence",
            "A child is going to get badly hurt on those loose paving slabs outside your shop.",
            "Someone is going to get hurt if my refund isn't back by Friday.",
        ),
        # threats: an invitation, the agent asked to meet the caller after work
        (
            "threat_violence",
            "Caller asked our agent to meet her for a drink after work, third call today.",
            "Tell your agent I'll meet him after work, he won't walk away from it.",
        ),
        # legal: a scam's words quoted, a theft reported for a claim, notice to end a tenancy, a lawyer's own firm
        (
            "legal_regulatory",
            "I got an email pretending to come from your bank, threatening court action over a parcel fee. Is it fake?",
            "If the parcel fee isn't refunded we will take you to court.",
        ),
        (
            "legal_regulatory",
            "My van was broken into overnight and I reported the break-in to the police, crime number 55/1120/24.",
            "I have reported your company to the police for fraud.",
        ),
        (
            "legal_regulatory",
            "Please take this as my written notice to terminate the cleaning contract at the end of June.",
            "Please take this as a formal notice of legal action over the unpaid cleaning contract.",
        ),
        (
            "legal_regulatory",
            "Ich bin Anwältin und brauche für unsere Kanzlei drei weitere Lizenzen.",
            "Ich habe meinen Anwalt beauftragt, die Forderung zu prüfen.",
        ),
        # press: a journalist by trade about their own account; a book going to press
        (
            "press_media",
            "I'm a sports reporter at the Evening Post, but this is about my own phone contract: the bill is wrong.",
            "I'm a reporter at the Evening Post writing a story about your roaming charges.",
        ),
        (
            "press_media",
            "Our catalogue goes to press in early May, can the proofs come back by April?",
            "I'm going to the press with this unless the refund is back by May.",
        ),
        # press: a carrier that used the writer's photos is not a newspaper
        (
            "press_media",
            "Royal Mail used my photos of the torn parcel for the claim.",
            "The Daily Mail used my photos of your torn parcels in today's paper.",
        ),
        # press: a link site's front page is spreading, not the press
        (
            "press_media",
            "Your outage is on the front page of Hacker News, with 600 comments.",
            "Your outage is on the front page of the Evening Standard.",
        ),
        # viral: a post that praises, a hope to go viral, the writer's own mailing list
        (
            "public_viral",
            "My photo of your cinnamon buns got 4,000 likes and everyone's asking where to get them!",
            "My photo of the mould in your cinnamon buns got 4,000 likes.",
        ),
        (
            "public_viral",
            "Fingers crossed our launch video goes viral next week! Can we schedule it for 7am?",
            "Your ad mocking disabled people has gone viral.",
        ),
        (
            "public_viral",
            "Our mailing list has around 12,000 contacts, which plan fits?",
            "The thread about your refund policy has 12,000 retweets.",
        ),
        # harassment: the writer's own name, a boss's name for a complaint
        (
            "agent_harassment",
            "Your chat bot printed my address and my full name in a public reply.",
            "I found out your full name and where you work.",
        ),
        (
            "agent_harassment",
            "Can I have the full name of your managing director for my complaint letter?",
            "Send me your real name, I want to add you on Facebook.",
        ),
    ],
)
def test_a_harmless_class_of_held_out_18_is_quiet_and_its_urgent_twin_is_found(category, harmless, urgent):
    assert category not in categories(harmless)
    assert category in categories(urgent)


@pytest.mark.parametrize(
    ("category", "harmless", "urgent"),
    [
        # held-out 19's false flags as classes, each harmless sense in new words beside its urgent twin
        # press: a journalist by trade who says this has nothing to do with work, or writes as a parent
        (
            "press_media",
            "I'm a journalist on the business desk, but this is nothing to do with work: my meter is broken.",
            "I'm a journalist on the business desk writing about your meter failures.",
        ),
        (
            "press_media",
            "I'm a TV producer, writing purely as a parent about the school trip refund.",
            "I'm a TV producer at Watchdog and we are covering your school trip refunds on air.",
        ),
        # legal: a lawyer's own diary, a court not gone to, a law firm as a customer
        (
            "legal_regulatory",
            "I'm a solicitor and in court all next week, so please email rather than call.",
            "My solicitor will see you in court next week.",
        ),
        (
            "legal_regulatory",
            "I'm not about to take the clinic to small claims, I just want an itemised bill.",
            "I'm about to take the clinic to small claims over the bill.",
        ),
        (
            "legal_regulatory",
            "We're a twelve-person employment law firm; can the court bundle export number its pages?",
            "We have started court proceedings against you over the licence fees.",
        ),
        # viral: a post thanking staff that spread, good news for the business, a call recorded as evidence
        (
            "public_viral",
            "My review praising your night nurses got 3,000 likes, they deserve it!",
            "My review about your night nurses ignoring my dad got 3,000 likes.",
        ),
        (
            "public_viral",
            "Our cinnamon knots went viral last week and orders have doubled, can we raise the daily cap?",
            "Our complaint about your cinnamon knots went viral last week.",
        ),
        (
            "public_viral",
            "People shared the photos asking where it was, so you might get some bookings.",
            "Thousands of people shared the photos of your filthy cabins.",
        ),
        # threats: props for a play, a teenager who won't come out of his room
        (
            "threat_violence",
            "For the panto we need two foam swords and a plastic dagger, can the school store them?",
            "I'll bring a knife to your school if my son is excluded.",
        ),
        (
            "threat_violence",
            "Since the mould came back my daughter won't come out of her bedroom.",
            "Next time your engineer comes round he won't walk away from it.",
        ),
        # harassment: a band's real name; self-harm: an empty room waited in
        (
            "agent_harassment",
            "The tickets say 'The Smiths Tribute' but the band's real name is Hand in Glove.",
            "I found out your real name from your badge, Lucy.",
        ),
        (
            "self_harm",
            "I sat in an empty living room all day waiting for the sofa, twice.",
            "I feel so empty and I don't want to be here anymore.",
        ),
        # staff conduct: other kids calling a child names is bullying to report, not a member of staff
        (
            "staff_conduct",
            "Other kids in the lobby keep calling my son names, can you mute them?",
            "Your moderator kept calling my son names in the lobby.",
        ),
    ],
)
def test_a_harmless_class_of_held_out_19_is_quiet_and_its_urgent_twin_is_found(category, harmless, urgent):
    assert category not in categories(harmless)
    assert category in categories(urgent)
