"""Writes bench/data/urgency_train2.jsonl: training messages for the urgency model, not an evaluation set.

The model was weakest on threats, staff conduct, harassment of agents and the press, and flagged too many
clean messages that use alarming words harmlessly. This set adds both, built two ways: a small grammar per
category (who speaks, what they threaten or report, to whom, in which register: a formal email, a chat line
in lower case without punctuation, a social post, a voicemail transcript, a non-native writer), and
hand-written messages below. About two thirds are clean: the same alarming words (kill, shoot, bomb, attack,
lawyer, press, reporter, viral, rude, address, cute, date) in their ordinary senses. Deterministic (seeded).
`manage.py train_urgency_model` learns from it (declared for training in bench/data/urgency_sets.toml); its
figures are regression figures. It is not written from, or checked against, any held-out set.

    .venv/bin/python bench/urgency_train2.py
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import save_corpus  # noqa: E402

OUT = Path(__file__).with_name("data") / "urgency_train2.jsonl"

# Each grammar: sentences built from one slot list per "{name}", crossed at random.
THREAT = {
    "templates": [
        "{if_clause} {threat}.",
        "{threat} {time}.",
        "{opener} {threat}",
        "{if_clause} {veiled}.",
        "{veiled}, {warning}.",
    ],
    "if_clause": [
        "If my money isn't back by Friday",
        "if u lot cut my power again",
        "If nobody calls me back today",
        "If you close my account",
        "if that driver comes near my street again",
        "If I get one more of these letters",
    ],
    "threat": [
        "I will come down to your depot and make someone bleed",
        "i'm going to smash the place up with whoever is at the desk",
        "I'll be waiting for your engineer in the car park with a bat",
        "someone at your office is going to get hurt",
        "I will burn your shop to the ground",
        "i know where your manager parks and i will deal with him myself",
        "I am going to put a brick through every window of your branch",
        "your delivery guy won't walk away next time",
        "I'll bring my brother's gun and we'll sort it out in person",
        "i will find the woman who took my call and make her pay for it",
    ],
    "veiled": [
        "it would be a pity if your warehouse caught fire one night",
        "accidents happen to people who treat customers like this",
        "your staff should watch their backs on the way home",
        "I hope your agent enjoys walking to her car alone",
        "I know which school the manager's kids go to",
        "nice office you have there, shame if something happened to it",
    ],
    "time": ["tomorrow morning", "before the weekend", "tonight", "the minute your doors open", "next week"],
    "opener": ["Final warning.", "read this carefully:", "I'm done being polite.", "You've been told.", ""],
    "warning": ["just saying", "think about that", "you have been warned", "don't say nobody told you"],
}

STAFF = {
    "templates": [
        "{staff} {did} {where}. {reaction}",
        "{reaction} {staff} {did} {where}.",
        "{staff} {did} {where} and {harm}.",
    ],
    "staff": [
        "Your support agent",
        "one of ur reps",
        "The person who answered your Twitter account",
        "A member of your staff",
        "your store manager in Leeds",
        "The engineer you sent",
        "Your social media person",
        "the lady on your helpline",
    ],
    "did": [
        "posted my home address in a public reply",
        "called me a stupid old woman",
        "mocked my disability in a comment under your post",
        "shared a screenshot of my private messages",
        "made a racist joke to my face",
        "laughed at my son's stammer on the phone",
        "told me people like me shouldn't be allowed to shop there",
        "replied to my complaint with a meme calling me a Karen",
        "swore at me and hung up",
        "leaked my medical details in a forum thread",
    ],
    "where": [
        "on your public page",
        "on the phone yesterday",
        "in front of the whole queue",
        "on Facebook",
        "in a reply everyone can see",
        "at the counter",
        "during the video call",
        "on your forum",
    ],
    "reaction": [
        "I am shaking.",
        "I want it taken down now.",
        "Disgusting.",
        "My family has seen it.",
        "This is humiliating.",
        "who trains these people",
        "I want an apology from the company.",
    ],
    "harm": [
        "strangers are now messaging me",
        "my employer saw it",
        "I haven't slept since",
        "my daughter is too embarrassed to go to school",
    ],
}

HARASSMENT = {
    "templates": [
        "{to} {creepy}",
        "{creepy} {follow}",
        "{to} {personal}. {follow}",
        "{personal}. {creepy}",
    ],
    "to": [
        "Hey Sam,",
        "to the girl who helped me earlier:",
        "Dear Ms Patel,",
        "hi gorgeous",
        "Agent 42,",
        "To your rep Daniel,",
        "oi you on chat,",
        "",
    ],
    "creepy": [
        "what are you wearing right now?",
        "you sounded so sexy on the phone, send me a picture",
        "I can't stop thinking about your voice, are you single?",
        "i want to meet you after your shift, just us two",
        "I'd love to take you somewhere private and show you how grateful I am",
        "send me your number or I'll keep asking for you by name",
        "you looked beautiful in your profile photo, I saved it",
        "bet you'd look better without that headset",
    ],
    "personal": [
        "I found your Instagram, your dog is cute",
        "I looked you up on LinkedIn, I know which town you live in",
        "I saw your car outside the call centre",
        "I know you take the 7:40 bus",
        "your mum's house is on Elm Road isn't it",
        "I found your real surname from your badge photo",
    ],
    "follow": [
        "Don't tell your manager.",
        "I'll keep writing until you answer me.",
        "xx",
        "Message me back on my personal email.",
        "Only talk to me from now on.",
        "",
    ],
}

PRESS = {
    "templates": [
        "{who} {asking} {about}. {deadline}",
        "{customer_going} {outlet} {about_plain}.",
        "{who} {asking} {about}.",
    ],
    "who": [
        "I'm a reporter at the Evening Chronicle and",
        "This is Hannah from BBC Radio Kent,",
        "I produce a consumer podcast with 80,000 listeners and",
        "As a freelance journalist writing for The Guardian, I",
        "i write a newsletter about tech companies and",
        "Hi, I'm a researcher on a consumer affairs TV programme and",
    ],
    "asking": [
        "would like a comment from your press office",
        "am asking for your company's statement",
        "want to give you the right to reply",
        "need someone to go on record",
    ],
    "about": [
        "about the data breach customers are reporting",
        "on the outage that hit hospitals last night",
        "regarding complaints about your debt collectors",
        "about the recall of your heaters",
        "about the way you treated a disabled passenger",
    ],
    "deadline": [
        "Our deadline is 5pm today.",
        "We publish tomorrow morning.",
        "We go to print on Thursday.",
        "Please reply within the hour.",
        "",
    ],
    "customer_going": [
        "I'm taking this to",
        "my story is going to",
        "I have already contacted",
        "my husband is a sub-editor and he is passing my case to",
        "i've emailed",
        "I'm about to go live with",
    ],
    "outlet": [
        "the Daily Mail",
        "Watchdog",
        "the local paper",
        "the BBC consumer desk",
        "a journalist at the Times",
        "the newspapers",
        "Channel 4 news",
    ],
    "about_plain": [
        "so everyone knows how you treat pensioners",
        "with every email you sent me",
        "unless this is fixed",
        "and they are very interested",
        "tomorrow",
    ],
}

# Clean messages that use the alarming words in their ordinary senses.
HARMLESS = {
    "templates": ["{greet} {harmless} {routine}", "{routine} {harmless}", "{harmless} {ask}"],
    "greet": ["Hi,", "hello", "Dear Support,", "Hey team,", "Good afternoon,", ""],
    "harmless": [
        "This loading screen is killing me, it takes ages.",
        "I'd kill for a dark mode in the app.",
        "Can you shoot me an email with the invoice?",
        "The new update is the bomb, well done.",
        "My phone died halfway through the payment.",
        "I nearly died laughing at your April Fools email.",
        "Our lawyer asked for a copy of the signed contract for our records, nothing is wrong.",
        "I'm a journalist by trade and I need to change the email on my account.",
        "I work at the local paper and want to place an advert with you.",
        "Your ad went viral in our office group chat, everyone loved it.",
        "Your agent was lovely, please pass on my thanks.",
        "The staff member in your Bristol shop was really patient with my dad.",
        "My daughter thinks your mascot is cute.",
        "Can I change the delivery address to my work address?",
        "What's the date of my next bill?",
        "I'm going to attack this paperwork tonight and send it over.",
        "We had a fire drill at work so I missed your call.",
        "The press release on your site has a broken link.",
        "Please press the button for me, I can't find it.",
        "I screenshot the error, attached.",
        "The game says 'kill all enemies' but the level won't load.",
        "My kid's school project is about newspapers, could she interview someone about recycling?",
        "My battery is dead again after the update.",
        "Hate to be a pain but the parcel is still not here.",
        "I saw on the news that your prices are going up, is that true for my plan?",
        "Not going to lie, the rep I spoke to was brilliant.",
        "I'm not threatening anything, I just want a refund for the second charge.",
        "I'm dying to know when the blue one is back in stock.",
        "That bug is murder on my battery.",
        "I could strangle my printer, it won't connect.",
        "The reviewer on YouTube said your blender is the best, so I bought one.",
        "My partner is a reporter and wants to know if gift cards can be posted abroad.",
        "Your team knocked it out of the park with the new menu.",
        "I want to blow up the photo to poster size, do you print A1?",
        "Our band is called Dead Heat, can you fix the spelling on the ticket?",
        "Mum's address changed after she moved into the care home, here is the new one.",
        "You guys are killing it with the new layout.",
        "Sorry, I think I bombed the form, can I fill it in again?",
        "I'm heading to court for jury service so I'll be offline for two weeks.",
        "My solicitor is handling the house move, please send post to the new address.",
        "Is your office closed for the strike next Tuesday?",
        "The driver was a bit rude but the parcel arrived fine, no need to do anything.",
        "Can your agent call me back? I missed her, she sounded nice.",
        "How do I report a post on the forum that's spam?",
        "The trending tab in your app is empty for me.",
    ],
    "routine": [
        "Order 48213.",
        "thanks in advance",
        "Cheers, Jo",
        "My account is under my maiden name.",
        "No rush.",
        "Kind regards, Peter",
        "Sent from my phone",
        "",
    ],
    "ask": ["Thanks!", "Can you help?", "Any idea?", "Let me know.", "cheers"],
}

# Written one by one, in voices the grammars do not have.
WRITTEN = [
    ("threat_violence", "chat", "keep ignoring me and see what happens to ur little shop"),
    (
        "threat_violence",
        "email",
        "I have been patient for six weeks. I have a shotgun licence and very little left "
        "to lose, and I would think hard about who you send to my door next.",
    ),
    (
        "threat_violence",
        "phone",
        "Caller said he would wait outside the branch at closing time for the girl who "
        "refused his return and 'teach her a lesson'.",
    ),
    (
        "threat_violence",
        "social",
        "@TactBank the next person from your company who knocks on my door is leaving in an ambulance",
    ),
    ("threat_violence", "chat", "honestly someone should torch that call centre with all of you in it"),
    (
        "threat_violence",
        "email",
        "Tell your bailiff I'll have the dogs off the lead when he comes. They haven't been fed.",
    ),
    (
        "staff_conduct",
        "social",
        "Your employee just tweeted from the company account that 'old people shouldn't "
        "use the internet'. Screenshots everywhere. Explain.",
    ),
    (
        "staff_conduct",
        "forum",
        "The moderator deleted my post and then quoted my private message to him in the "
        "public thread with my full name.",
    ),
    (
        "staff_conduct",
        "email",
        "During the call your advisor made comments about my accent and asked if I was "
        "'even legal here'. My wife heard every word.",
    ),
    ("staff_conduct", "chat", "ur guy in the store told my daughter she was too fat for the changing room"),
    (
        "staff_conduct",
        "portal",
        "One of your team posted a photo of my car and my number plate on their personal "
        "TikTok making fun of my parking. People recognised me.",
    ),
    ("agent_harassment", "chat", "you're cute when you're angry. what time do you finish tonight"),
    (
        "agent_harassment",
        "email",
        "Dear Laura, I noticed you live near me (Facebook is wonderful). Perhaps we "
        "could discuss my refund over dinner at yours.",
    ),
    ("agent_harassment", "chat", "send feet pics and ill close the ticket"),
    ("agent_harassment", "social", "found the support girl's tiktok lol she dances in her bedroom. hi jess 😘"),
    (
        "agent_harassment",
        "portal",
        "I will only speak to the blonde one from Tuesday. I have been dreaming about her every night since.",
    ),
    (
        "press_media",
        "email",
        "Good afternoon. I am a correspondent for Reuters covering the payment outage. "
        "Could your press team confirm how many accounts were affected?",
    ),
    ("press_media", "chat", "my cousin works at the local news and she wants to run my story tonight"),
    (
        "press_media",
        "social",
        "Hey @Tact, I'm writing a piece for Wired on subscription traps. Would your comms team talk to me?",
    ),
    (
        "press_media",
        "portal",
        "A TV crew from the consumer show filmed my flat yesterday and they will be "
        "contacting your company for a response.",
    ),
    (
        "press_media",
        "email",
        "This is the features desk at the Yorkshire Post. We're running a story about "
        "families stuck without heating and your name keeps coming up.",
    ),
    (
        "threat_violence+press_media",
        "email",
        "The newspaper is getting my story tomorrow, and if that doesn't "
        "work I'll come to your head office with petrol.",
    ),
    (
        "staff_conduct+public_viral",
        "social",
        "Your rep's reply calling me an idiot has 40k likes now. Maybe deal with that before it trends.",
    ),
    ("clean", "chat", "lol this app is killing my battery fr"),
    ("clean", "email", "Our legal team has reviewed the renewal and is happy to sign. Please send the final copy."),
    ("clean", "social", "Shoutout to the agent who stayed late to fix my router, absolute hero"),
    ("clean", "forum", "Does anyone know how to kill the background sync process? It drains my laptop."),
    ("clean", "portal", "I'm a press photographer and I need a VAT invoice for the camera I bought."),
    ("clean", "chat", "can i change where u deliver to? moving house next week"),
    ("clean", "email", "The newsletter you send is lovely, but please remove my work address from the list."),
    ("clean", "phone", "Caller wanted to know if the shop is open on the bank holiday. Told her yes, 10 to 4."),
    (
        "clean",
        "phone",
        "Caller was upset about the late delivery, swore at the courier but calmed down, happy with the new date.",
    ),
    ("clean", "social", "This thread about your new logo is going viral in the best way, love it"),
    (
        "clean",
        "email",
        "I threatened my son with no pudding until he tidied the cables, so he finally reset the modem. It works now!",
    ),
    ("clean", "chat", "ur agent was so sweet, tell her thanks from me"),
    ("clean", "portal", "I read about your outage in the paper, is my account affected?"),
    (
        "clean",
        "email",
        "We're a school and we'd like a staff member to give a talk to the kids about online "
        "safety. Is that something you do?",
    ),
    ("clean", "chat", "the guy on the phone said he'd email me, is there a reference number?"),
    ("clean", "forum", "The fight scene in chapter 3 of the ebook won't render, just a blank page."),
    (
        "clean",
        "email",
        "My grandfather passed away last month. How do I close his account? His solicitor has the death certificate.",
    ),
    ("clean", "social", "Cute packaging, but the lid was cracked. Can I get a replacement?"),
]

CHANNELS = {"chat": 0.3, "email": 0.3, "portal": 0.2, "social": 0.1, "forum": 0.05, "phone": 0.05}


def fill(rng: random.Random, grammar: dict) -> str:
    template = rng.choice(grammar["templates"])
    text = template
    for name in [part.split("}")[0] for part in template.split("{")[1:]]:
        text = text.replace("{" + name + "}", rng.choice(grammar[name]), 1)
    return " ".join(text.split())


def register(rng: random.Random, text: str, channel: str) -> str:
    """The same words as a chat line, a voicemail transcript, a non-native writer or a formal email."""
    roll = rng.random()
    if channel == "chat" and roll < 0.6:
        return text.lower().replace(".", "").replace(",", "").replace("you ", "u ").replace("your ", "ur ")
    if channel == "phone":
        return "Voicemail transcript: " + text.replace(".", " ...").lower()
    if roll < 0.2:
        return text.replace("I am", "I").replace("the ", "").replace("I'm", "I am")
    if channel == "email":
        before = rng.choice(["Hello,", "Dear customer services,", "To whom it may concern,", "Hi team,"])
        after = rng.choice(["Regards,\nK. Osei", "Thank you.", "Sent from my iPad", "Mrs D. Fraser"])
        filler = rng.choice(
            [
                "I have been a customer for eleven years and have never complained before.",
                "My account number is in the subject line.",
                "I wrote to you on the 3rd and on the 9th and heard nothing.",
                "",
            ]
        )
        return f"{before}\n\n{filler}\n\n{text}\n\n{after}".replace("\n\n\n\n", "\n\n")
    return text


def build(seed: int = 20261204) -> list[dict]:
    rng = random.Random(seed)
    plan = [
        ("threat_violence", THREAT, 45),
        ("staff_conduct", STAFF, 45),
        ("agent_harassment", HARASSMENT, 45),
        ("press_media", PRESS, 40),
        ("clean", HARMLESS, 280),
    ]
    seen: set[str] = set()
    rows = []
    for category, grammar, count in plan:
        made = 0
        while made < count:
            channel = rng.choices(list(CHANNELS), weights=list(CHANNELS.values()))[0]
            text = register(rng, fill(rng, grammar), channel)
            if text in seen:
                continue
            seen.add(text)
            labels = [] if category == "clean" else [category]
            if category == "staff_conduct" and channel in ("social", "forum") and rng.random() < 0.2:
                text += " Everyone is sharing it."
                labels.append("public_viral")
            rows.append({"channel": channel, "text": text, "categories": labels, "source": "grammar"})
            made += 1
    for label, channel, text in WRITTEN:
        labels = [] if label == "clean" else label.split("+")
        rows.append({"channel": channel, "text": text, "categories": labels, "source": "written"})
    rng.shuffle(rows)
    return [{"id": f"t2-{n:04d}", **row} for n, row in enumerate(rows, 1)]


def main() -> None:
    rows = build()
    save_corpus(OUT, rows)
    clean = sum(1 for row in rows if not row["categories"])
    print(f"{OUT}: {len(rows)} messages, {clean} clean ({clean / len(rows):.0%})")


if __name__ == "__main__":
    main()
