"""Writes bench/data/urgency_corpus.jsonl: the labelled set the urgency rules are tuned on (a regression set).

Deterministic (seeded): signal sentences per category and hard negatives, set in short portal messages,
social posts, and long emails with the signal buried among routine paragraphs; some with typos in the
surrounding words, some with the signal only in a quoted earlier message (labelled clean), some negated or
sarcastic (clean). The held-out set (bench/data/urgency_holdout.jsonl) was written by hand before any tuning
and is never tuned on.

    .venv/bin/python bench/urgency_corpus.py
"""
import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("data") / "urgency_corpus.jsonl"

SIGNALS = {
    "self_harm": [
        "Sometimes I just want to go to sleep and never wake up.",
        "My sister tried to kill herself last year and now she's talking the same way again.",
        "He keeps threatening to end his life if I leave him, and he's the account holder.",
        "I've been burning myself to cope and I don't know who to tell.",
        "By the time you read this it won't matter anymore.",
        "I don't want to wake up tomorrow.",
        "I keep thinking everyone would be happier if I just disappeared.",
        "I've been stockpiling my meds for a while now.",
        "Lately I feel like ending things.",
        "I'm going to jump off the bridge by my house tonight.",
        "My brother has been self-harming and he's locked himself in the bathroom.",
        "She told me she's planning to take an overdose this weekend.",
        "I can't see a way out of this except ending it.",
        "my mum said she'd rather be dead than lose the house",
        "Honestly I'd be better off dead than dealing with this debt.",
        "I honestly want to kill myself over this, I can't keep going.",
        "I have been thinking about suicide every night this week.",
        "Some days I don't want to be alive anymore and this bill is the last straw.",
        "Everyone would be better off without me, including you lot.",
        "I won't be around much longer so the payment plan doesn't matter.",
        "My son told me he wants to end his life and he won't open his door.",
        "my girlfriend texted me 'i want to die' and now she's not answering",
        "I've been hurting myself again since the account was frozen.",
        "there is no point in living if I lose the house",
        "I took all my pills last night but I woke up. Please just close the account.",
        "I'm planning to end it all tonight, I just wanted someone to know.",
        "My dad keeps saying he's going to kill himself if the business fails.",
        "i wanna die, seriously, nothing works out",
        "I'm suicidal and I don't know who else to tell.",
        "I wish I was dead rather than deal with this debt.",
        "I want to kil myself, this is too much",
        "My roommate is talking about ending her life and uses your account on my plan.",
        "I've written a goodbye note, I just need my account closed so my family isn't charged.",
        "I have nothing left to live for after this.",
        "Please do a welfare check, my sister said she wanted to die and she lives alone.",
    ],
    "threat_violence": [
        "Caller threatened to shoot the driver if the parcel was late again.",
        "Someone will put a brick through your window, you watch.",
        "I'll stab the next courier who leaves my parcel in the rain.",
        "Cancel my account and I'll break every window in your shop.",
        "Your staff are going to get hurt if this carries on.",
        "I'm going to smash your engineer's face in if he comes back.",
        "Someone's going to get stabbed over this, I promise you.",
        "I'll put your manager in hospital.",
        "Do you know what happens to people who cross me?",
        "You have kids, right? It would be a pity if anything happened to them.",
        "The guy who cut off my service should be shot.",
        "I'm coming for your manager and she won't see it coming.",
        "Keep it up and I'll throw a brick through your office window.",
        "If I don't get my money back I will come to your office and hurt someone.",
        "I know where your CEO lives and I'm going to pay him a visit.",
        "You'll regret this. I promise you'll regret it.",
        "Watch your back, I'm not someone you want to cross.",
        "I'll be waiting outside your store when you close tonight.",
        "I swear I'm going to kill the next agent who puts me on hold.",
        "It would be a shame if something happened to your warehouse.",
        "People have been hurt for less than what you did to me.",
        "I'm bringing my gun to the branch tomorrow and we'll sort it out.",
        "Someone should shoot up your headquarters, honestly.",
        "This is your last warning. Next time I won't be so polite.",
        "im gonna find that agent and beat the hell out of him",
        "You're going to pay for this, one way or another.",
        "I know what car your manager drives. Think about that.",
        "that rep deserves to get hurt for the way he spoke to me",
        "I have friends who can find your agent after work.",
        "something bad will happen to your staff if this continues",
        "I'll burn your shop down if I have to.",
        "i will hunt you down, every last one of you",
        "Consider this your final warning.",
    ],
    "legal_regulatory": [
        "I've instructed counsel and will be seeking costs.",
        "Please treat this as a formal request under section 45 of the Data Protection Act 2018.",
        "I'm filing a complaint with the CFPB tomorrow morning.",
        "My attorney has advised me not to speak to you any further.",
        "I'll be taking you to an employment tribunal.",
        "I request all information you hold on me under the CCPA.",
        "Expect to hear from the ombudsman.",
        "I'm exercising my right to have my data deleted under Article 17.",
        "I have instructed my solicitor and you will hear from them shortly.",
        "I am going to sue you for the losses this outage caused.",
        "This is a formal data subject access request under Article 15 of the GDPR; please respond within one month.",
        "I will be filing a complaint with the ombudsman if this is not resolved.",
        "My lawyer says you are in breach of contract.",
        "I have reported you to the Better Business Bureau and the attorney general.",
        "Under the GDPR I request the erasure of all my personal data within 30 days.",
        "We are taking legal action over the unauthorised charges.",
        "I'll see you in small claims court.",
        "Expect a letter before action from my attorney next week.",
        "I'm joining the class action lawsuit against your company.",
        "I've made a complaint to the Information Commissioner about how you handled my data.",
        "Your debt collection practices violate the FDCPA and I will be consulting a lawyer.",
        "This is a cease and desist: stop contacting my employer.",
        "I'm reporting this to trading standards and the regulator.",
        "my atorney is drafting the letter now",
        "I want a copy of all the personal data you hold about me, as is my right under the data protection act.",
        "we will be seeking damages through the courts",
        "I have a legal right to a refund under the Consumer Rights Act and I will enforce it.",
        "Please note I have escalated this to the FCA.",
    ],
    "press_media": [
        "Consumer journalist here, we're investigating hidden fees at subscription firms.",
        "I'm putting together material for an article on your refund delays.",
        "Could your press office call me back? I work for the local paper.",
        "I write for the Telegraph's consumer column and we're looking at your cancellation fees.",
        "A TV consumer show wants to feature my case next month.",
        "I'm happy to talk to the papers about this if you don't fix it.",
        "I'm a freelance tech writer preparing an article on your data breach; would you comment?",
        "I'll be sharing this with Watchdog and the Daily Mail.",
        "Journalist here: can your press team confirm the outage figures?",
        "My cousin is an editor at the Mirror and wants to hear about this.",
        "We'd like to include your response in a news segment tonight.",
        "I'm a journalist at the Daily Record writing a story about your billing errors.",
        "We are running a piece on this tomorrow and would like a comment before publication.",
        "I'm going to the press with this, I have all the emails.",
        "A reporter from the local paper has already been in touch with me.",
        "I produce a consumer programme for Radio 4 and we're investigating your refund delays.",
        "This is a media enquiry regarding the data breach reported this morning.",
        "Could your press office give us a statement for our article?",
        "I've spoken to a journalist at the Guardian about how you treat customers.",
        "As an editor at TechWeekly I'd like to ask you some questions on the record.",
        "I'm contacting the BBC and every newspaper that will listen.",
        "Our newspaper is covering the outage and we'd like to speak to someone.",
        "I'll be telling my story to the media if this isn't fixed.",
        "I am a freelance reporter researching an investigation into subscription traps.",
        "The story goes live at 6pm; this is your chance to respond.",
        "im going to the newspapers about this, mark my words",
        "I've been approached by a TV producer who wants to feature my case.",
    ],
    "public_viral": [
        "My post has been shared 12,000 times since this morning.",
        "Your refund policy is now the top search result when people google your name.",
        "Everyone in my group chats is sharing the screenshot of your reply.",
        "My video about your company has 2 million views on TikTok.",
        "Our Facebook group of 40,000 members is now discussing how you treated me.",
        "A famous YouTuber picked up my complaint and made a video about it.",
        "My comment is the top reply on your latest ad with 5k likes.",
        "Your brand name is trending because of my post.",
        "The thread I started is now the first Google result for your company.",
        "Half my followers have shared the screenshot of your reply.",
        "People are duetting my TikTok about your refund policy.",
        "My post about your service has gone viral with 50,000 shares.",
        "The video of your driver is trending on TikTok right now.",
        "Everyone on Twitter is talking about how you scammed me.",
        "My Reddit thread about this reached the front page overnight.",
        "The screenshots of your reply are all over social media.",
        "I posted the whole conversation on Facebook and it has 12k comments.",
        "#BoycottTact is trending and you only have yourselves to blame.",
        "my tweet about your hidden fees has 30k retweets",
        "Thousands of people have shared my review since yesterday.",
        "This is blowing up on Twitter, you might want to respond.",
        "The clip of your agent's call has been viewed over a million times.",
        "half the internet is roasting your new update",
        "Your outage is all over LinkedIn today.",
        "I'm an influencer with 200k followers and I've posted about this.",
        "Hundreds of other customers are commenting under my post with the same problem.",
        "there's a huge backlash building against your pricing change",
    ],
    "staff_conduct": [
        "Your official account just called me a liar in front of thousands of people.",
        "A member of your staff posted my complaint on her Instagram as a joke.",
        "Your team keeps quote tweeting customers' complaints with clown emojis.",
        "Your employee called me a 'Karen' in a public reply.",
        "The moderator replied 'cope' and locked my thread in front of the whole community.",
        "Your staff member posted my order details on her personal Instagram to make fun of me.",
        "Your team retweeted my complaint with laughing emojis.",
        "Your manager publicly accused me of lying in a review response.",
        "An agent made a joke about my disability in the public chat.",
        "Your social media person replied to my post with 'skill issue'.",
        "Someone from your company posted a meme about me in the forum.",
        "Your agent posted a screenshot of my message on Twitter and mocked me.",
        "One of your employees left a racist comment on my public review.",
        "Your support account tweeted that I was 'too stupid to use the app'.",
        "A moderator publicly humiliated me on the forum for asking a simple question.",
        "Your community manager called me a liar in front of everyone in the comments.",
        "Your CEO posted something deeply offensive about disabled customers on LinkedIn.",
        "I want that rude reply from your staff deleted from your Facebook page.",
        "Your rep shared my personal details in a public reply.",
        "Is this how your staff talk to customers? Your agent replied publicly calling me an idiot.",
        "Your social media team posted a sexist joke in reply to my complaint.",
        "One of your agents made fun of my accent on your public support channel.",
        "The offensive tweet from your official account needs to be taken down.",
        "your moderator laughed at me publicly and locked my thread",
        "An employee of yours insulted my daughter in a public comment on Instagram.",
        "Please apologise publicly for the tweet your staff posted about me.",
        "Your support person replied to my post with a mocking meme.",
    ],
    "agent_harassment": [
        "You have a really sexy voice, you know that?",
        "Your kids are adorable in that Facebook photo.",
        "I saw your photo on the company website, let me take you out for dinner.",
        "Caller made sexual comments and kept asking for the agent's home address.",
        "Your voice is so sexy, I listen to the recording again and again.",
        "I found out your real name from LinkedIn.",
        "I know which gym you go to.",
        "Tell her I'll be waiting for her after work.",
        "Send me your Instagram so we can chat properly.",
        "Are you seeing anyone? You seem like my type.",
        "I saw your photo on the team page, you're beautiful.",
        "I want the girl with the nice voice, what's her real name?",
        "You sound so sexy on the phone, what are you wearing?",
        "I found you on Facebook, you're even prettier in person.",
        "Send me a picture of yourself and I'll pay the bill.",
        "Are you single? We should go out sometime.",
        "I know your real name and where you work, Harbor Wren.",
        "I looked up your Instagram, nice legs.",
        "Give me your personal number so we can talk outside this chat.",
        "I only want to talk to the cute girl who helped me last time.",
        "I've been thinking about you all week, babe.",
        "I googled you and found your home address. Nice house.",
        "Can we meet in person after your shift?",
        "Your profile picture is so hot, are you like that in real life?",
        "I dream about you every night since our last chat.",
        "What do you look like? How old are you?",
        "hey sexy, fix my account and I'll make it worth your while",
        "I know who you really are, your name isn't what it says here.",
    ],
}

HARD_NEGATIVES = [
    "I'm not here next week, I'm on holiday, so please reply by Friday.",
    "My pills subscription renewal failed, can you retry the card?",
    "Your press team sent us a nice release about the new feature, thanks.",
    "I tried to end the call but the app froze.",
    "The dog in your team photo is adorable!",
    "Our top result on Google is a competitor's ad for our own brand name, how do I report that?",
    "The courier asked for her number to confirm the delivery slot, is that normal?",
    "I'll find it eventually, no rush on your side.",
    "We're writing an article for our internal wiki about your API, is there a diagram?",
    "The game character can shoot the dragon but the sound cuts out.",
    "I'll break the news to my team that we're switching plans.",
    "Your rep killed it on the demo call, we're signing.",
    "My son took my phone and messed up the notification settings.",
    "The streaming keeps cutting out right before the shooting scene in the movie.",
    "My lawyer friend recommended your software to me.",
    "Can I make my profile private so people can't look me up?",
    "Everyone at my office loves the new dashboard.",
    "Our launch post got 300 likes, thanks for the template!",
    "Please send the invoice to our attorney's office address, it's on file.",
    "I've been thinking about you guys since the outage, hope the team is OK.",
    "I'm going to hit the roof if the export fails again, it's so annoying.",
    "The press release tool keeps changing my headline font.",
    "I'm going to end my trial early and buy the annual plan.",
    "The screenshot of the error is attached, the page went blank.",
    "My manager is going to kill me if this report isn't ready, please help!",
    "This login bug is killing me, I've reset my password three times.",
    "I would kill for a dark mode in the mobile app.",
    "I'm not going to sue anyone, I just want the double charge reversed.",
    "Honestly I'm dying to try the new reports feature.",
    "How do I kill the sync process when it hangs?",
    "The new dashboard is a killer feature, well done.",
    "My colleague Sue in finance asked me to forward this invoice.",
    "Please press the reset button and hold for ten seconds, that's what the manual says. It didn't work.",
    "I read your help article about exports but it doesn't mention CSV.",
    "Is your product GDPR compliant? Our legal team is asking.",
    "We're a law firm evaluating your software for our intake team.",
    "I shared my screen with your agent and it was sorted quickly.",
    "The trending section of the app shows old posts.",
    "Your agent was really helpful, please thank her.",
    "The new app design is gorgeous!",
    "Can you send me the returns address and the order number?",
    "I'm a reporter by trade but this is a personal account question: why was I billed twice?",
    "The media player won't play my uploaded videos.",
    "I'd like a copy of my invoices for my accountant.",
    "I can't take these notification sounds anymore, how do I mute them?",
    "I'm not suicidal or anything, just really frustrated with the outage.",
    "I would never hurt myself, but this billing mess is stressing me out.",
    "I'm not threatening anyone, I just want a manager to call me.",
    "Our compliance team needs your data processing addendum.",
    "The game keeps crashing when my character dies on level 4.",
    "Shoot me an email when the fix is deployed.",
    "I bombed my presentation because the slides didn't export.",
    "My phone is blowing up with your notifications.",
    "You'll pay less on the annual plan, right?",
    "The dead link on your pricing page should be fixed.",
    "I found you on Instagram and signed up for the trial.",
    "Could you share the document with my team?",
    "The share button doesn't work on Android.",
    "Your rep said the discount would apply but it didn't.",
    "My daughter uses the app for school, can I add her?",
    "I want to end my subscription at the end of the month.",
    "The 'kill switch' setting doesn't disable integrations.",
    "Our deadline for the audit is Friday, could you send the logs?",
    "Do you support single sign-on with Azure AD?",
    "Your chatbot is hopeless, can I speak to a human?",
    "I posted a question in the community forum and nobody answered.",
    "I want to delete my account, I don't use it anymore.",
    "Can your legal department send me the current terms?",
    "The press release about your new pricing was confusing.",
    "I'm writing a report for my boss comparing support tools.",
    "Love the new logo, it looks great.",
    "I read a news article saying you're expanding to Canada, any dates?",
    "The podcast app integration stopped syncing episodes.",
    "The story editor crashes when I add an image.",
    "We use your product in our newsroom, the editor role can't publish.",
    "My tweet scheduling integration with Twitter stopped working.",
    "How do I make my board public so clients can view it?",
    "Can I connect my LinkedIn account for sign-in?",
    "Could you stop calling me at work? Email is better.",
    "Thanks for the help, your team is brilliant.",
    "Your agent posted the fix in the forum, thanks, that solved it.",
    "Someone in your forum is posting spam, I reported the user.",
    "I could die of embarrassment, I sent the invoice to the wrong client.",
    "That outage was career suicide for our launch, but we survived.",
    "The final notice letter had the wrong amount on it.",
    "This is my last message before I switch providers, please refund the last month.",
    "Hot tip for your docs: mention the API rate limits on the first page.",
    "Court booking feature on the sports club plan is broken.",
    "The app bombs out whenever I upload a big file.",
    "What's your name, by the way? I'd like to mention you in my feedback.",
    "Your headline font is too small on mobile.",
    "I really miss the old layout, can I switch back?",
    "Please give me the tracking number for my order.",
    "Our attack surface report from the pen test flagged your webhook endpoint.",
    "The consequences of the price change for our budget are significant, can we talk discounts?",
]

ROUTINE = [
    "I've been a customer for about three years and mostly it has been fine.",
    "My account number is on the invoice I attached.",
    "I tried logging out and in again, and clearing the cache, as your help page suggests.",
    "The problem started after the update last Tuesday.",
    "I'm using the Android app, version 5.2, on a Pixel 7.",
    "I was charged twice for the March invoice and the second charge hasn't been refunded.",
    "Your previous reply said it would take five working days, and it has now been twelve.",
    "We have about forty users on the Business plan.",
    "I called the phone line but the wait was over an hour.",
    "The export to PDF produces a blank page when there are more than 100 rows.",
    "Please can someone look into this as a priority.",
    "I have attached screenshots of the error message.",
    "My billing address changed last month and I updated it in settings.",
    "The app keeps asking me to verify my email even though I already did.",
    "Our team relies on the weekly report for our Monday meeting.",
    "I'm not very technical so please explain in simple steps.",
]
GREETINGS = ["Hi,", "Hello,", "Dear Support,", "Hi there,", "To whom it may concern,", "Good morning,", ""]
CLOSINGS = ["Thanks,\nAlex", "Regards,\nM. Chen", "Cheers", "Sent from my iPhone", "Kind regards,\nPriya", ""]


def typo(rng: random.Random, sentence: str) -> str:
    """One slip of the keyboard in a routine sentence: a dropped, doubled or swapped letter."""
    words = sentence.split(" ")
    index = rng.randrange(len(words))
    word = words[index]
    if len(word) > 4:
        i = rng.randrange(1, len(word) - 2)
        slip = rng.choice(["drop", "double", "swap"])
        if slip == "drop":
            word = word[:i] + word[i + 1:]
        elif slip == "double":
            word = word[:i] + word[i] + word[i:]
        else:
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    words[index] = word
    return " ".join(words)


def email(rng: random.Random, core: str, paragraphs: int) -> str:
    body = [typo(rng, s) if rng.random() < 0.3 else s for s in rng.sample(ROUTINE, paragraphs)]
    body.insert(rng.randrange(1, len(body) + 1), core)  # buried: never the first paragraph
    parts = [rng.choice(GREETINGS), *body, rng.choice(CLOSINGS)]
    return "\n\n".join(p for p in parts if p)


def quoted(rng: random.Random, earlier: str, now: str) -> str:
    """A reply whose only signal sits in the quoted earlier message."""
    lines = "\n".join("> " + line for line in earlier.split("\n"))
    return f"{now}\n\nOn Mon, 4 Mar 2024 at 10:02, Support <help@support.example> wrote:\n{lines}"


def build(seed: int = 20240604) -> list[dict]:
    rng = random.Random(seed)
    rows: list[tuple[list[str], str, str]] = []
    for category, signals in SIGNALS.items():
        for signal in signals:
            rows.append(([category], "portal", signal))
            rows.append(([category], "email", email(rng, signal, rng.randint(3, 6))))
            if rng.random() < 0.45:
                rows.append(([category], rng.choice(["social", "forum"]), "@support " + signal.lower()))
    for sentence in HARD_NEGATIVES:
        rows.append(([], "portal", sentence))
        rows.append(([], "email", email(rng, sentence, rng.randint(2, 5))))
        if rng.random() < 0.5:
            rows.append(([], rng.choice(["social", "forum"]), "@support " + sentence))
    all_signals = [(c, s) for c, ss in SIGNALS.items() for s in ss]
    for _ in range(40):  # the signal only in a quoted earlier message: already classified when it came in
        _, signal = rng.choice(all_signals)
        rows.append(([], "email", quoted(rng, email(rng, signal, 1), rng.choice(ROUTINE))))
    for _ in range(60):  # routine mail, nothing urgent
        rows.append(([], rng.choice(["email", "portal"]), email(rng, rng.choice(ROUTINE), rng.randint(1, 4))))
    rng.shuffle(rows)
    return [
        {"id": f"c{i:04d}", "channel": channel, "text": text, "categories": cats}
        for i, (cats, channel, text) in enumerate(rows, 1)
    ]


if __name__ == "__main__":
    corpus = build()
    OUT.write_text("".join(json.dumps(row) + "\n" for row in corpus))
    clean = sum(1 for row in corpus if not row["categories"])
    print(f"{len(corpus)} messages, {clean} clean ({clean / len(corpus):.0%}) -> {OUT}")
