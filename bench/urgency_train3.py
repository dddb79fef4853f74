"""Writes bench/data/urgency_train3.jsonl: training messages for the urgency model in voices the other sets lack.

The model knew the words of the sets it was trained on and missed the same meaning in other words. This set
is written to teach meaning over wording, for every category: signals said many ways (a grammar per kind of
signal, with nested slots so the same idea comes out in different words: veiled threats of many shapes —
"I know where you live", "it'd be a shame if", "people like you get what's coming", against property, against
a member of staff by name —, passive and indirect self-harm, goodbyes, a parent, partner or flatmate reporting
someone at risk), set in many voices: long emails with the signal in the middle of routine paragraphs, a reply
above a quoted earlier message, an agent's note of a phone call, texting with its spellings and typos,
non-native English, social and forum posts. Nearly half of it is clean, and the clean messages are hard
negatives for each category: the same alarming words and the same constructions in harmless senses ("I know
where your office is, I'll drop the form in", "it'd be a shame to lose a loyal customer", "I'll be waiting
outside the depot at nine for my parcel", "my phone died", "my lawyer friend says it's fine"), and signals
that sit only in the quoted earlier message (labelled clean: that message was read when it arrived). About 140
messages are written by hand, one each (`WRITTEN`).

Written from general knowledge of how such messages are phrased (crisis-line and moderation guidance, support
inboxes), not from any held-out set: nothing here was read from, or checked against, an evaluation set.
Deterministic (seeded). `manage.py train_urgency_model` learns from it; its figures are regression figures.

    .venv/bin/python bench/urgency_train3.py
"""

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import save_corpus  # noqa: E402

OUT = Path(__file__).with_name("data") / "urgency_train3.jsonl"
SEED = 20261205

# Slots shared by every grammar. A "{name}" in any string is replaced by a random entry of the list `name`,
# recursively, so sentences combine freely.
SHARED = {
    "name": ["Priya", "Gary", "Tom", "Sarah", "Ahmed", "Lena", "Marco", "Jess", "Daniel", "Olu", "Kasia", "Ben"],
    "kin": [
        "my son", "my daughter", "my husband", "my wife", "my partner", "my flatmate", "my brother", "my sister",
        "my mum", "my dad", "my best friend", "my colleague", "my teenage son", "my 15 year old", "my boyfriend",
        "my girlfriend", "my housemate", "my elderly father", "a friend of mine", "my nephew",
    ],  # fmt: skip
    "thing": [
        "the refund", "my deposit", "the router", "the replacement card", "the parcel", "my account",
        "the contract", "the bill", "the warranty claim", "the delivery", "the loan", "the booking",
    ],  # fmt: skip
    "place": ["office", "shop", "branch", "depot", "warehouse", "store", "call centre", "head office"],
    "staffer": [
        "the woman I spoke to", "your manager", "the lad on the phone", "your engineer", "that agent",
        "the guy at the counter", "your driver", "the supervisor", "{name} from your team", "{name} on your helpline",
        "{name}",
    ],  # fmt: skip
    "when": ["tonight", "this weekend", "tomorrow", "after this", "soon", "by Friday", "before the month is out"],
    "outlet": [
        "the BBC", "the local paper", "the Guardian", "Which?", "a consumer affairs show", "the Evening Standard",
        "a journalist friend of mine", "the Daily Mail", "a reporter at the Echo", "Watchdog", "the Times",
        "my podcast (40k listeners)", "my newsletter", "a TV producer", "the Financial Times", "local radio",
    ],  # fmt: skip
    "regulator": [
        "the ombudsman", "the Financial Ombudsman", "the ICO", "the data protection authority", "Ofcom", "the FCA",
        "Trading Standards", "the CFPB", "the attorney general", "the consumer tribunal", "the energy regulator",
        "the Better Business Bureau", "the CNIL", "the regulator",
    ],  # fmt: skip
    "site": ["Twitter", "TikTok", "Facebook", "Reddit", "Instagram", "LinkedIn", "YouTube", "Mumsnet", "X", "Threads"],
    "routine": [
        "My order number is in the subject line.",
        "I have been a customer for nine years.",
        "The invoice for March still shows the old address.",
        "I tried resetting the router twice as your guide says.",
        "The app logs me out every time I open the settings page.",
        "I rang on Tuesday and was on hold for forty minutes.",
        "Your website says the parcel was delivered but nothing came.",
        "I have attached the screenshots of the error.",
        "The direct debit was taken twice this month.",
        "I moved house in January and updated my details online.",
        "Could you also check why my loyalty points vanished?",
        "The engineer never turned up for the Thursday slot.",
        "I've read the FAQ and it doesn't cover this.",
        "My reference is 88213-B if that helps.",
        "The replacement was the wrong size again.",
        "I need a copy of last year's statements for my accountant.",
        "Sorry for the long message, I wanted to give you everything.",
        "The chat bot kept sending me in circles.",
        "Nobody replied to my last two emails.",
        "The price went up without any notice.",
    ],
}

SIGNAL = {
    "self_harm": [
        "I don't think I'll be around much longer, so {thing} doesn't really matter now",
        "everyone would honestly be better off if I just wasn't here anymore",
        "I've been thinking about ending it all, this was the last straw",
        "I can't keep going like this, I've started giving my things away",
        "I won't need {thing} where I'm going",
        "I keep thinking how easy it would be to just not wake up",
        "I've written letters to my family, so it doesn't matter what you do about {thing}",
        "this is my last message to anyone, thank you for trying",
        "I've been cutting again since this started",
        "I've got the pills saved up and {when} I'm done",
        "I stood on the bridge last night and nearly went over",
        "no one would even notice if I disappeared for good",
        "I'm so tired of existing, I just want it all to stop for good",
        "what's the point of sorting {thing}, I won't be here to use it",
        "I've made my peace and said my goodbyes",
        "I hurt myself last night because of all this",
        "I'm a burden to everyone and I've decided to end things",
        "honestly I just want to go to sleep and never wake up",
        "I've sorted out my will and my affairs, I'm ready to go",
        "losing {thing} was the end for me, I can't see a way forward anymore and I don't want to be alive",
        "{kin} told me {he} wants to die and {he} is not answering the phone",
        "{kin} has been giving away {his} things and said goodbye to everyone last night",
        "I found pills hidden in {kin}'s room and a note saying sorry",
        "{kin} texted me saying {he} can't do this anymore and won't be around to see {when}",
        "{kin} said {he} is going to jump off the bridge, please help",
        "I'm worried about {kin}, {he} keeps talking about not wanting to live since the debt letters came",
        "{kin} has been self harming and this account issue has pushed {he} over the edge",
        "{kin} left a voicemail saying goodbye and that we'd be better off without {him}",
        "I'm calling for {kin}, {he} said tonight is the night {he} ends it",
        "I cant do this no more, I want to disappear forever",
        "goodbye everyone, I'm sorry, I just can't carry on",
        "there's no point in me living if I lose the house",
        "sometimes I think about driving into a wall on the way home",
        "i just want to die tbh",
        "i took a load of my tablets last night and i feel weird, does it matter now",
        "i keep looking at the train tracks and thinking one step",
        "I'm not scared of dying anymore, that's what worries me",
        "I've been researching how many of my pills it would take",
        "if you cut my power I'll just end it, I mean it",
        "{kin} hasn't left {his} room in days and keeps saying {he} wants to go to sleep forever",
        "my mum keeps saying she's ready to join dad and has stopped taking her heart pills",
        "{kin} posted 'I'm sorry for everything, look after the dog' and now {he} won't answer",
        "please check on the account holder, {he} told me on the phone {he} wants to kill {him}self",
        "tell my kids I loved them, I won't be needing {thing}",
        "i genuinely dont want to be alive anymore",
        "every night I pray I don't wake up",
        "I'm just going to walk into the sea and be done with it",
        "there's a rope in the garage and I keep thinking about it",
        "I've planned how I'd do it, I just need the house to be empty",
        "after this I don't want to exist",
        "I'm at the end of my rope, this is the last time anyone hears from me",
        "I feel like I'm drowning and I want it to be over for good",
        "ive been hurting myself again, the marks are getting worse",
        "nobody will miss me when I'm gone, not even my family",
        "I have nothing left to live for",
    ],
    "threat_violence": [
        "I know where you live",
        "I know where {staffer} lives and I know what car they drive",
        "it'd be a shame if something happened to your {place}",
        "would be a real shame if your {place} windows got put in one night",
        "people like you get what's coming to them",
        "you'll get what's coming, mark my words",
        "watch your back",
        "tell {staffer} to watch their back on the way to the car park",
        "you won't see me coming",
        "I'd hate for anything to happen to {staffer}",
        "I've got nothing left to lose and I know which {place} you work at",
        "next time it won't be a letter, it'll be a visit",
        "somebody is going to get hurt and it won't be me",
        "keep looking over your shoulder",
        "I'll be waiting for {staffer} after the shift finishes",
        "I'm going to make {staffer} regret this, personally",
        "your vans would look better with their tyres slashed",
        "I'll torch your {place} with everyone inside",
        "a brick goes through a window very easily",
        "I've got a can of petrol and a lot of free time",
        "I'm coming down to your {place} {when} and someone will be leaving in an ambulance",
        "if {thing} isn't sorted {when}, I will hurt someone",
        "I will break {staffer}'s legs",
        "I'm going to find {staffer} and beat the living daylights out of them",
        "I own a gun and I'm not afraid to use it",
        "you and your staff deserve a bullet",
        "I will bomb your {place}",
        "your family isn't safe, just so you know",
        "I hope {staffer} enjoys the walk home tonight, alone",
        "I've been parked outside your {place} watching who comes out",
        "I'd sleep with one eye open if I were {staffer}",
        "i will stab the next person who tells me to wait",
        "it'd be a pity if your delivery vans caught fire",
        "{staffer} had better pray I don't find them",
        "I'm going to smash up your {place} and everyone in it",
        "I've got your home address from the electoral roll, see you soon",
        "you better hope I never run into {staffer} in the street",
        "I'm not responsible for what I do if {thing} isn't sorted {when}",
        "I'm outside your {place} right now and I'm not leaving until someone gets hurt",
        "remember this when your {place} is a pile of ashes",
        "you lot are going to bleed for this",
        "I know {staffer} has two kids, it'd be a shame",
        "my mates and I will be paying your {place} a visit, bring first aid",
        "your {place} has a lot of glass, be a pity",
        "I'll make sure {staffer} never works again, or walks again",
        "I've been to prison for less than what I'm going to do to you",
        "one more letter and I start smashing things, starting with your staff",
        "it's people like you that end up in the news, and not in a good way",
        "when I find out who cancelled {thing} I will hurt them",
        "sleep well, while you still can",
    ],
    "legal_regulatory": [
        "I have instructed a solicitor and you will hear from them {when}",
        "I'm filing a complaint with {regulator}",
        "this is a formal subject access request under Article 15, respond within one month",
        "I will be taking you to small claims court",
        "consider this a letter before action",
        "my lawyer will be in touch regarding damages",
        "I have reported your company to {regulator}",
        "under GDPR I demand you erase all my personal data within 30 days",
        "we are preparing legal proceedings for breach of contract",
        "I'm joining the class action against you",
        "my attorney has advised me to sue",
        "I've escalated this to {regulator} and copied my MP",
        "I will see you in court over {thing}",
        "you have 14 days to respond before I start legal action",
        "i'm gonna sue u for every penny",
        "my barrister says you have broken consumer law",
    ],
    "press_media": [
        "I'm a reporter at {outlet} working on a story about {thing} failures and would like a comment",
        "I've sent the whole thread to {outlet}",
        "I'm going to the papers with this",
        "{outlet} want to run my story next week",
        "journalist here, we're publishing on Thursday, request for comment by 5pm",
        "I'm a freelance writer for {outlet} investigating complaints like mine",
        "a TV crew from {outlet} is interested in filming at my house",
        "I'll be talking about how you treated me on {outlet}",
        "I've contacted {outlet} and they are very interested",
        "producer from {outlet} here, we're covering customers losing {thing}",
        "our newsroom is looking into your billing, can your press office call me",
        "I'm writing this up for {outlet}, expect a call from their editor",
        "my cousin works at {outlet} and she wants to interview me about this",
        "I'm doing a segment on my YouTube news channel about your company",
        "I've already spoken to {outlet}, they're running it in the morning edition",
        "we're a student newspaper investigating the complaints against you",
    ],
    "public_viral": [
        "my post about {thing} has been shared 12,000 times on {site}",
        "it's trending on {site} right now",
        "my video about you has 2 million views on {site}",
        "the thread about your company blew up overnight",
        "thousands of people in the comments on {site} have the same story",
        "everyone on {site} is talking about how you treated me",
        "my review went viral, 40k likes and counting",
        "the screenshot of your reply is all over {site}",
        "hundreds of people are retweeting my complaint",
        "a post about you is at the top of {site} today",
    ],
    "staff_conduct": [
        "{staffer} posted my home address in a public reply on {site}",
        "{staffer} mocked my accent on the call and laughed",
        "your employee made a TikTok making fun of my complaint",
        "{staffer} called me a stupid cow on the phone",
        "your official account replied 'cry more' to my post on {site}",
        "{staffer} shared my medical details on your forum",
        "your CEO's post about customers like me was disgusting and hurtful",
        "{staffer} made a racist comment about my family",
        "{staffer} swore at me and hung up",
        "the technician insulted my disabled son in front of him",
        "one of your staff posted a photo of me on {site} calling me a Karen",
        "your social media team's reply to my complaint was mocking and cruel",
        "{staffer} told me to stop being so dramatic and that disabled people always moan",
        "your branch manager put my complaint letter on the staff noticeboard for a laugh",
        "{staffer} tweeted from the company account that I was lying, thousands saw it",
        "the driver you sent shouted abuse at my wife in the street",
        "your agent read my bank details out loud on a public livestream",
        "{staffer} commented on my post telling everyone my order history",
        "your employee's review reply named my son and his school",
        "the call handler said I deserved to lose the house",
    ],
    "agent_harassment": [
        "{name}, I looked you up on {site}, you're even prettier in your photos",
        "are you single? you have such a sexy voice",
        "I'll wait for you after work, I know your shift ends at 6",
        "send me a photo of yourself and I'll close the ticket",
        "I found your Instagram, nice holiday pics by the way",
        "I know you live near the station, {name}",
        "only put me through to {name}, I dream about her",
        "what are you wearing right now",
        "I want your personal number, not the helpline",
        "I've been following {name} on {site}, tell her I said hi",
        "bet you look good in that uniform",
        "I'd love to take you out {when}, I know which bar you go to",
        "{name} has lovely legs in her profile picture, tell her I noticed",
        "I drove past your {place} to see if {name} was on shift",
        "I've saved all of {name}'s photos from {site}",
        "you're too cute to be working in a call centre babe",
        "i'll only pay if {name} comes round in person, alone",
        "I found out {name}'s surname and her mum's house",
        "tell {name} I think about her every night",
        "I know {name}'s real name, it's on her LinkedIn with her town",
    ],
}

# Hard negatives: the same words and constructions in their ordinary senses, for every category.
HARMLESS = {
    "self_harm": [
        "this update is killing me",
        "I'm dying to know when {thing} will arrive",
        "my phone died halfway through the call",
        "I won't be around on Friday, can the engineer come Monday",
        "I won't need {thing} after this month because I'm moving abroad",
        "I'm so done with this printer lol",
        "I give up on the app, I'll just use the website",
        "my battery is dying so please reply by email",
        "my grandmother passed away last month, please close her account",
        "I'm dead tired after sorting {thing} all day",
        "I could just die of embarrassment, I sent the form to the wrong address",
        "goodbye and thanks, I'm cancelling because I've switched provider",
        "I volunteer at a suicide prevention charity, can you update our billing contact",
        "I can't keep going back and forth about {thing}",
        "what's the point of the new menu, it hides everything",
        "I'm exhausted, the kids are sick and {thing} is late",
        "I'd rather die than sit on hold again, haha",
        "this is my last message on this ticket, it's solved, thanks",
        "{kin} is a nurse on a mental health ward and needs the invoice in her name",
        "I'm over it, just send {thing} whenever",
        "I hurt my back lifting the box, can the courier carry it in",
        "I want to end my contract, not my life, calm down with the surveys",
        "I'm not going anywhere until {thing} is sorted",
        "I'm ready to go, just waiting for the driver to confirm the slot",
        "the tablet I bought keeps dying after an hour",
        "I'm at the end of my tether with this bill, honestly",
        "bridge mode on the router doesn't work",
        "I've made my peace with the delay, just tell me when",
        "my dad's funeral is on Friday, please pause the deliveries",
        "I'm writing letters to my family about the new tariff, they're on the same plan",
        "my pills subscription didn't arrive this month, I need them by Friday",
        "I feel like I'm drowning in paperwork, can you email the form",
    ],
    "threat_violence": [
        "I know where your {place} is, I'll drop the forms in {when}",
        "it'd be a shame to lose a loyal customer over {thing}",
        "it would be a shame if the offer ended before I could use it",
        "I'll be waiting outside the {place} at nine to collect {thing}",
        "I'd kill for a working router right now",
        "shoot me an email when {thing} is ready",
        "we're going to attack the paperwork {when}",
        "smash that like button if you agree, great service",
        "watch your back pocket, the card reader app charges twice",
        "people like you deserve a pay rise",
        "my son's toy gun arrived broken",
        "the storm blew the fence down and {thing} got soaked",
        "my daughter plays a shooting game and the download keeps failing",
        "we bombed the presentation because the wifi dropped",
        "I'm coming down to your {place} {when} to return {thing}",
        "I'll hunt down the receipt and send it over",
        "the fire alarm went off so I missed your call",
        "that crime podcast I pay for through you stopped updating",
        "keep looking at my order, something is off with the address",
        "I'd hate for {staffer} to get in trouble, they were really kind",
        "{staffer} knows where I live, they delivered yesterday, please send them again",
        "next time I'll order earlier, my fault",
        "I'm outside your {place} right now, is it open yet",
        "I know {staffer} has kids, so no rush to call back after school time",
        "your {place} has a lot of glass, is the branch step-free for a wheelchair",
        "I'll be paying your {place} a visit tomorrow to return {thing}",
        "we're going to blow up the photo to poster size",
        "my husband is a firefighter and works nights, call in the afternoon",
        "sleep well everyone, thanks for the quick fix",
        "it's people like you that make this company great",
        "I'm going to smash this quiz, thanks for the tips",
        "the knife block I ordered arrived without the knives",
    ],
    "legal_regulatory": [
        "my lawyer friend says it's probably fine, just wanted to check",
        "I'm not going to sue, I just want {thing} fixed",
        "I'm a paralegal, please update my work email",
        "I booked the tennis court through your app and it double charged",
        "the link to your terms of service is broken",
        "how do I download a copy of my data",
        "my solicitor needs a copy of the invoice for the house sale",
        "we are a law firm evaluating your software, is it hosted in the EU",
        "I'm on jury service next week so I'll be offline",
        "is this payment legal tender in Ireland, sorry, I mean is cash accepted",
        "I work for the ombudsman and we'd like a quote for 40 seats",
        "I watched a courtroom drama and the stream kept freezing",
    ],
    "press_media": [
        "press the reset button for ten seconds, it worked",
        "I read in the news that you merged with another company, will my plan change",
        "my daughter is a journalist and uses the same account, can we add her",
        "can you help with the invoice for our press release service",
        "I subscribe to your newsletter but it stopped arriving",
        "the media player won't load on my laptop",
        "my social media login is broken",
        "I saw your advert on TV and want the deal",
        "I listen to a podcast about gardening on your app and it skips",
        "I'm a reporter, but this is a personal question about my broadband",
        "I work in media sales, can I change my plan",
        "the news app keeps crashing on my tablet",
        "my son's school newspaper wants a quote, sorry wrong inbox",
    ],
    "public_viral": [
        "your ad went viral in our office, love it",
        "I'll leave a review once {thing} arrives",
        "I had a viral infection so the payment was late, sorry",
        "the trending products page doesn't load",
        "I shared the link with my wife so she can pay",
        "I started a thread on the forum asking how to sync contacts",
        "I posted a photo of the damaged box on here so you can see it",
        "my post in the community forum got no answers",
        "I'm not going to post about this, I just want it fixed",
    ],
    "staff_conduct": [
        "{staffer} was lovely and sorted {thing} in minutes",
        "your rep posted the fix on the forum, thanks",
        "the agent was a bit slow but very polite",
        "I want to complain about the delay, not the staff, they were fine",
        "your employee's tutorial on YouTube was really helpful",
        "{staffer} shared a screenshot of the settings with me, that helped",
        "your official account replied on {site} and the link worked",
        "the engineer laughed at my dog's antics, he was great",
        "{staffer} posted my parcel back the same day, thank you",
        "your staff shared the refund form in a reply, all good now",
    ],
    "agent_harassment": [
        "can I speak to {name} again, she was brilliant",
        "what's your name so I can praise you to your manager",
        "I looked up your opening hours on {site}",
        "can you send me a photo of the damaged parcel",
        "{name} has such a calm voice, thank you for your patience",
        "your team page photos don't load",
        "I'd love to date the invoice for the 1st, can you change it",
        "please put me through to {name}, she knows my case",
        "I found {name}'s post on {site} about the outage, very helpful",
        "is {name} working today, I'd like to thank her in person",
    ],
}

# Written by hand, one message each, in voices the grammars cannot reach: a widow's phone note, a solicitor's
# letter, a flatmate calling for someone, texting; with hard negatives in the same words.
WRITTEN = [
    ('self_harm', 'chat', 'honestly after this month i dont think ill still be here. sorry for dumping that on u'),
    (
        'self_harm',
        'email',
        "Hello,\n\nI've attached the direct debit form you asked for. I also want to say that I've decided this is "
        "the last bill I'll ever deal with. I'm tired, I've been tired for years, and I've made arrangements. Please "
        'make sure my daughter gets any refund.\n\nThank you for your patience over the years.'
    ),
    (
        'self_harm',
        'phone',
        'Call note: elderly customer, very low. Said her husband died in spring and she "doesn\'t see the point in '
        'keeping the lights on any more, or herself". Asked if we could cancel everything. Kept her on the line, '
        'gave Samaritans number.'
    ),
    (
        'self_harm',
        'portal',
        'My son is 16 and uses the account. Last night he posted something about not wanting to be here and his '
        "friends messaged me. Can you please help me see what he's been posting on your forum, I'm terrified."
    ),
    ('self_harm', 'chat', 'cant stop thinking about the pills in the cupboard. not a joke. what do i do'),
    (
        'self_harm',
        'email',
        "To the billing team,\n\nMy partner handled all of this before he passed. I can't do it without him and I "
        "don't want to do anything without him. I've been sitting in the car in the garage a lot. I don't know why "
        "I'm telling you this."
    ),
    ('self_harm', 'social', '@support its fine, not like ill be around to pay it anyway'),
    ('self_harm', 'chat', 'i have been hurting myself since they took the car. my arms are a mess'),
    (
        'self_harm',
        'portal',
        "Please close my account. Close all of them. I'm putting my affairs in order this week and I won't be "
        'needing any of it after Sunday.'
    ),
    (
        'self_harm',
        'forum',
        "Not sure where else to post this. I've lost the business, the house is next, and I keep thinking my family "
        "would get the life insurance if I wasn't here. Sorry this is the wrong place."
    ),
    (
        'self_harm',
        'phone',
        'Flatmate called on behalf of account holder. Says account holder locked himself in bathroom after reading '
        'our letter and said he\'d "finish it tonight". Flatmate has called 999. Asked us to hold collections.'
    ),
    ('self_harm', 'chat', 'whats the point in fixing my broadband when i wont be alive next week'),
    (
        'self_harm',
        'email',
        'I am writing for my mother. She is 81. Since your letter about the arrears she tells me she wants to die '
        'and she has stopped eating. Please stop the letters.'
    ),
    ('self_harm', 'chat', 'i feel like a burden on every1. maybe tonights the night i stop being one'),
    (
        'self_harm',
        'portal',
        "I have tried everything. I don't have anything left. I've written notes to the people I love. This is just "
        "to say don't send any more reminders."
    ),
    ('self_harm', 'social', 'ive been saving my meds for weeks. one more letter from u lot and thats it'),
    (
        'self_harm',
        'email',
        'Dear Sir/Madam, My brother has not answered his phone for two days. The last message he sent me said "tell '
        'mum I\'m sorry". He mentioned your company had cut off his service. Is there any way to check if his '
        'account has been used?'
    ),
    ('self_harm', 'chat', "my gf said she'd be better off dead than dealing with this debt and now shes not replying"),
    ('clean', 'chat', 'this router is killing me lol, 3rd restart today'),
    (
        'clean',
        'email',
        'Hello,\n\nI am putting my affairs in order before my move to Spain, so please close the savings account and '
        'send the balance to my Santander account.\n\nMany thanks'
    ),
    (
        'clean',
        'portal',
        "My mother passed away in March. I'm her executor. What documents do you need to close her account?"
    ),
    ('clean', 'chat', "i'm so tired of this app crashing, i could scream"),
    ('clean', 'forum', "Does anyone know if the last update broke notifications? I'm at the end of my rope with it."),
    ('clean', 'email', "Hi, I won't be around next week (holiday), so please arrange the engineer for the week after."),
    ('clean', 'chat', "no point fixing the old phone, i'll buy a new one"),
    ('clean', 'portal', "I've been saving my receipts for weeks, where do I upload them for the claim?"),
    ('clean', 'email', "Sorry this is the last email from me on this address, I'm switching to my work one."),
    ('clean', 'social', '@support dead battery again, third one this month 💀'),
    (
        'clean',
        'phone',
        "Call note: customer's husband died last year; wants account moved into her name. Very calm. Sent "
        'bereavement pack.'
    ),
    ('clean', 'chat', 'im done, cancel it. going with another provider'),
    ('clean', 'portal', 'I work as a mental health nurse on nights, can you only call after 2pm please.'),
    (
        'clean',
        'forum',
        "I'd rather jump off a bridge than use the old interface again lol. anyway does anyone have the export "
        'setting?'
    ),
    (
        'clean',
        'email',
        'Hi team, my son is writing a school project on online safety and wanted to know if you have a policy on '
        'self-harm content on your forum.'
    ),
    ('threat_violence', 'chat', 'know ur depot on harbour rd. know what time the vans come back. think about it'),
    (
        'threat_violence',
        'email',
        'To the manager,\n\nThis is the fourth time your engineer has missed the appointment. I have a long memory '
        'and a short temper, and I know which pub your lads drink in on a Friday. Fix it.\n\nRegards'
    ),
    (
        'threat_violence',
        'phone',
        'Caller very aggressive re: disconnection. Said "the next engineer who turns up here is getting put through '
        'the fence". Said he has done time and doesn\'t care. Ended call.'
    ),
    (
        'threat_violence',
        'social',
        "@support remember the name of the lady who cut me off. Emma. She'll remember mine soon enough"
    ),
    (
        'threat_violence',
        'portal',
        "If the money isn't back in my account by Monday I'm coming in with a hammer and I'm not there to fix "
        'anything.'
    ),
    ('threat_violence', 'chat', 'ur lucky im not the violent type. well. not usually'),
    (
        'threat_violence',
        'email',
        "Your driver reversed into my wall. If I see that van on my road again, the driver won't be driving anywhere "
        "for a while. That's a promise."
    ),
    ('threat_violence', 'forum', 'Somebody should pay your CEO a visit at his house. I know the area. Just saying.'),
    ('threat_violence', 'chat', 'thats ok, fire burns brick buildings too'),
    (
        'threat_violence',
        'portal',
        "Tell the man who answered the phone at 4pm I have his voice recorded and I'll be looking for him. Won't be "
        'hard, small town.'
    ),
    (
        'threat_violence',
        'phone',
        'Voicemail: "I\'ve been patient. I\'m not patient anymore. I\'ve got a shotgun licence and a lot of anger."'
    ),
    (
        'threat_violence',
        'email',
        "I'm giving you 48 hours. After that I stop asking nicely and start visiting your staff one by one."
    ),
    ('threat_violence', 'chat', 'gonna make ur shop look like a warzone'),
    ('threat_violence', 'social', 'whoever runs this account better hope we never meet in person'),
    ('clean', 'chat', 'know ur depot on harbour rd is closed sundays, is there another one open'),
    (
        'clean',
        'email',
        'I have a short temper with technology, sorry if I sounded rude on the phone yesterday. Thanks for sorting '
        'it.'
    ),
    (
        'clean',
        'phone',
        'Caller upset, engineer missed appointment twice. Raised voice but apologised. Rebooked for Thursday AM.'
    ),
    ('clean', 'portal', 'The engineer knocked over my fence panel, can you send someone to fix it?'),
    ('clean', 'social', '@support your new ad is fire 🔥'),
    ('clean', 'email', 'We are a security company; could you quote for shotgun microphones for our film crew?'),
    ('clean', 'chat', "if i see that delivery van again without my parcel i'll scream haha"),
    ('clean', 'forum', 'Does anyone else get a warzone of notifications after the update?'),
    ('clean', 'portal', "I'll be visiting your Leeds store on Saturday, is the manager in? I want to thank him."),
    (
        'clean',
        'email',
        'I know the area well, I used to live there. Can you check if fibre is available at 12 Mill Lane?'
    ),
    ('clean', 'chat', 'gonna hammer out the details with my wife and get back to u'),
    (
        'legal_regulatory',
        'email',
        'Dear Sirs,\n\nWe act for Mr J Harris in relation to the unlawful disconnection of his supply on 3 May. '
        'Please preserve all call recordings. We expect your substantive response within 14 days.\n\nHarper & Co '
        'Solicitors'
    ),
    ('legal_regulatory', 'chat', 'ive already filled in the form for the energy ombudsman, u have 8 weeks'),
    (
        'legal_regulatory',
        'portal',
        'I would like every piece of personal data you hold about me, including call recordings, under data '
        'protection law. I know you have one month.'
    ),
    (
        'legal_regulatory',
        'phone',
        'Caller said she is taking us to the small claims court for the cost of the spoiled food. Has already sent a '
        'letter before claim.'
    ),
    (
        'legal_regulatory',
        'email',
        'I have been advised by Citizens Advice to raise a formal dispute and then go to the ombudsman. Consider '
        'this the formal dispute.'
    ),
    ('legal_regulatory', 'social', 'reported u to trading standards. enjoy'),
    ('clean', 'email', "I'm a solicitor and I'd like to update the billing email for my firm's account."),
    ('clean', 'chat', 'is small claims something u guys do? like small insurance claims for a broken phone?'),
    ('clean', 'portal', 'Can you send me my data? I just want my old photos from the app.'),
    (
        'clean',
        'forum',
        'The court date for my divorce is next week so I need the bill in my name only, how do I do that?'
    ),
    (
        'press_media',
        'email',
        "Hi, I'm a producer on a regional TV consumer show. We've heard from several viewers about your billing. "
        'Could someone from your press team call me today?'
    ),
    ('press_media', 'chat', 'going to my local paper tmrw with all the screenshots'),
    (
        'press_media',
        'portal',
        "I write a consumer column for a national paper and your treatment of this reader is going in Saturday's "
        'edition unless I hear back.'
    ),
    (
        'press_media',
        'social',
        '@support a journalist from the BBC just DMed me about my thread. want to comment before they do?'
    ),
    (
        'press_media',
        'phone',
        'Caller identified himself as a reporter at the Herald, asking about the outage in Kirkby and whether '
        'customers will be compensated. Transferred to comms.'
    ),
    ('clean', 'chat', 'can u press the reset for me from ur end'),
    ('clean', 'email', 'I\'m a journalist and I need the invoice to say "Freelance Media Ltd", please.'),
    ('clean', 'portal', "Saw on the news that there's a big outage, is my area affected?"),
    ('clean', 'social', '@support loved the piece about you in the local paper, congrats on the award!'),
    (
        'public_viral',
        'social',
        'this thread now has 9k retweets and a dozen of your own customers replying with the same story'
    ),
    ('public_viral', 'forum', 'my post about your cancellation trap is on the front page, 4,000 upvotes overnight'),
    ('public_viral', 'chat', 'my tiktok abt u has 1.2m views lol, comments are wild'),
    (
        'public_viral',
        'email',
        "Just so you are aware, my Facebook post about my father's treatment has been shared over 20,000 times and "
        'local councillors are commenting.'
    ),
    ('clean', 'social', '@support thanks! my mum shared ur tip with all her friends 😊'),
    ('clean', 'forum', 'Sharing this in case it helps anyone: the fix for the sync bug is in settings > accounts.'),
    ('clean', 'chat', 'ive got a viral thing, going to be late with the payment sorry'),
    (
        'staff_conduct',
        'social',
        '@support your account just replied "imagine being this stupid" to a pensioner. delete it and apologise.'
    ),
    (
        'staff_conduct',
        'email',
        'The agent I spoke to laughed and said "people like you always miss payments". I\'m disabled and on benefits '
        'and I was humiliated.'
    ),
    (
        'staff_conduct',
        'forum',
        'One of your moderators just posted my full name and town in reply to my complaint. Everyone on here can see '
        'it.'
    ),
    (
        'staff_conduct',
        'chat',
        'ur engineer took a photo of my flat and put it on his snapchat saying "state of this place"'
    ),
    (
        'staff_conduct',
        'phone',
        'Customer complaining agent on previous call made comments about her accent and said she should "learn '
        'proper English". Wants it escalated.'
    ),
    ('clean', 'social', '@support your agent was a legend, thanks for sorting it so fast'),
    ('clean', 'email', 'The engineer took photos of the meter for your records, is that normal? Just checking.'),
    ('clean', 'forum', 'Moderators, can you move my post to the right section? Thanks.'),
    ('agent_harassment', 'chat', 'before u go whats ur insta? u seem fun'),
    (
        'agent_harassment',
        'email',
        'Hi Sophie, we spoke on the phone last week. I found you on Facebook, you have a beautiful smile. Maybe we '
        'can meet for a drink when my issue is fixed?'
    ),
    (
        'agent_harassment',
        'portal',
        "I will only speak to Jack. I've seen him at your store, I know his car. Tell him I'm waiting."
    ),
    ('agent_harassment', 'chat', 'ur voice is turning me on ngl'),
    ('agent_harassment', 'social', "@support tell the girl who answered today I've found her tiktok 😏"),
    (
        'agent_harassment',
        'phone',
        'Caller repeatedly asked agent (Aisha) what she was wearing and whether she lived alone. Agent ended call. '
        'Third call from this number.'
    ),
    ('clean', 'chat', 'whats ur name? i want to leave u a good review'),
    ('clean', 'email', 'Hi Sophie, thanks for the call last week, the refund came through. Have a great weekend!'),
    ('clean', 'portal', 'Please can Jack call me back, he was handling my case and knows the details.'),
    ('clean', 'phone', 'Caller asked for agent by name (Aisha) as she helped last time. Transferred.'),
    ('self_harm', 'chat', 'i keep writing goodbye texts and deleting them'),
    (
        'self_harm',
        'email',
        'Hi,\n\nCan you tell me if the life insurance on my account pays out in every case? I need to know my kids '
        "will be ok without me. I won't go into why.\n\nThanks"
    ),
    ('self_harm', 'portal', "I don't want a payment plan. I want to stop existing. Sorry."),
    ('self_harm', 'chat', 'been stood on the multi storey roof for an hour. just wanted someone to know'),
    (
        'self_harm',
        'phone',
        'Teenage caller using parent\'s account said she "can\'t do this anymore" and that she\'d "taken something". '
        'Gave 999 and Childline, stayed on line, escalated.'
    ),
    ('self_harm', 'social', '@support dont worry about the refund, i wont be here to spend it'),
    (
        'self_harm',
        'email',
        'My husband has been talking about ending his life since the business failed. He is the account holder. '
        "Please don't call him about the debt, call me."
    ),
    ('self_harm', 'chat', "everyone keeps saying it gets better. it doesnt. i'm checking out"),
    ('self_harm', 'forum', 'Last post from me. Thanks to the people on here who were kind. Look after each other.'),
    ('self_harm', 'portal', "The only reason I haven't done it yet is my cat. Please don't take the last of my money."),
    ('self_harm', 'chat', 'i scratched my wrists till they bled after the call with ur debt team'),
    (
        'self_harm',
        'email',
        "My daughter (19) told her sister she has a plan and a date. She uses your app to talk to people. I don't "
        'know who else to tell.'
    ),
    ('self_harm', 'chat', 'wish i had the guts to just end it'),
    (
        'self_harm',
        'phone',
        'Caller\'s neighbour rang: says the account holder, an older man living alone, told her he\'d "be with his '
        'wife by Christmas" and has stopped answering the door.'
    ),
    ('self_harm', 'social', "honestly think i'd be doing everyone a favour if i disappeared permanently"),
    ('clean', 'chat', 'i keep writing emails to u and deleting them lol, ok here goes: my bill is wrong'),
    ('clean', 'email', 'Can you tell me if the insurance on my phone pays out if my kids break it? They are 4 and 6.'),
    ('clean', 'portal', "I want to stop the direct debit, I'll pay by card from now on."),
    ('clean', 'chat', 'stood in the rain for an hour waiting for ur engineer'),
    ('clean', 'social', "@support dont worry about the refund, i'll spend it on ur competitor"),
    ('clean', 'forum', 'Last post from me in this thread, the fix worked. Thanks everyone!'),
    ('clean', 'portal', "The only reason I haven't switched yet is the price. Can you match it?"),
    ('clean', 'chat', 'checking out now, the basket keeps emptying itself'),
    ('clean', 'email', 'My mum will be with my brother by Christmas, please send her post to his address.'),
    ('threat_violence', 'chat', 'your engineer better bring a helmet next time'),
    (
        'threat_violence',
        'email',
        "I've had enough. My brothers know what your office looks like and they aren't as patient as me."
    ),
    (
        'threat_violence',
        'social',
        "@support there's 3 of you working the night shift right? shame that car park has no cameras"
    ),
    ('threat_violence', 'portal', "I will be at the AGM with something you won't forget, and security won't stop me."),
    (
        'threat_violence',
        'phone',
        'Caller said if we send bailiffs "they\'ll be carried out feet first". Repeated it twice. Logged and '
        'escalated.'
    ),
    (
        'threat_violence',
        'chat',
        "one day someone's gonna snap at one of ur call centre kids and honestly it might be me"
    ),
    (
        'threat_violence',
        'email',
        "You people have ruined my life, so I'll return the favour. I know your CEO's kids go to St Mary's."
    ),
    (
        'threat_violence',
        'forum',
        'Anyone know the home address of their head of customer service? Asking for a friend who wants a word, up '
        'close.'
    ),
    ('threat_violence', 'chat', "i've got a bat by the door with ur delivery driver's name on it"),
    ('threat_violence', 'social', "hope ur building's insurance is up to date 🔥🔥"),
    ('clean', 'chat', 'your engineer better bring a ladder next time, the box is high up'),
    (
        'clean',
        'email',
        'My brothers know your office well, they used to work there. Could they pick up my replacement card?'
    ),
    ('clean', 'social', '@support is the car park at your Leeds branch free at night?'),
    ('clean', 'portal', 'I will be at the AGM as a shareholder. Will there be a Q&A?'),
    (
        'clean',
        'phone',
        'Caller asked about bailiff process, very calm, wanted to know timelines. Sent arrears leaflet.'
    ),
    ('clean', 'chat', "i've got a bat detector from your shop and it stopped working"),
    ('clean', 'social', "hope ur building's insurance covers the flood, saw the news, hope everyone's ok"),
]

OPEN = ["Hi,", "Hello,", "Dear Sir or Madam,", "To whom it may concern,", "Hi team,", "Good morning,", "Hey"]
CLOSE = ["Regards,\nK. Osei", "Thanks", "Sent from my iPhone", "Mrs D. Fraser", "Best,\nSam", "Cheers", "J. Patel"]
WRAP = [
    "{s}.",
    "Hi, {s}.",
    "{routine} {s}.",
    "{s}. {routine}",
    "About {thing}. {s}.",
    "{s}. Please call me back.",
    "I'm writing about {thing}. {routine} {s}. {routine}",
]
NOTE = [
    "Caller rang about {thing}. {routine} Caller said {s}. Advised we'd call back.",
    "Call with customer re {thing}: {s}. Transferred to team lead.",
    "Phone note: customer upset about {thing}. Quote: \"{s}\". Logged.",
    "Spoke to caller ({name}'s account). Said {s}. Agent: {name}.",
]
NON_NATIVE = [
    "Hello sir, I am writing for {thing}. {s}. Please to help me.",
    "Dear support, I am very much angry, {s}. I wait your answer.",
    "Good day. Since three weeks is problem with {thing}. {s}. Kindly do the needful.",
]
TEXTING = {
    r"\byou\b": "u", r"\byour\b": "ur", r"\bare\b": "r", r"\bplease\b": "pls", r"\bbecause\b": "cuz",
    r"\bI'm\b": "im", r"\bdon't\b": "dont", r"\bcan't\b": "cant", r"\bwon't\b": "wont", r"\bgoing to\b": "gonna",
    r"\bthe\b": "da", r"\bto\b": "2", r"\bfor\b": "4", r"\btonight\b": "2nite", r"\bknow\b": "kno",
}  # fmt: skip


def expand(rng: random.Random, text: str, slots: dict) -> str:
    """Every "{name}" replaced by a random entry of that slot list, recursively; one person's pronouns."""
    he, his, him = rng.choice([("he", "his", "him"), ("she", "her", "her"), ("they", "their", "them")])
    text = text.replace("{he} is", "they are" if he == "they" else he + " is")
    text = text.replace("{he}", he).replace("{his}", his).replace("{him}", him)
    for _ in range(6):
        if "{" not in text:
            break
        text = re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots.get(m.group(1)) or [m.group(0)]), text)
    return text


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 5 or not word.isalpha():
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def texting(rng: random.Random, text: str) -> str:
    """A chat line: lower case, texting spellings (some), a typo or two, little punctuation."""
    for pattern, short in TEXTING.items():
        if rng.random() < 0.6:
            text = re.sub(pattern, short, text, flags=re.IGNORECASE)
    words = [typo(rng, w) if rng.random() < 0.06 else w for w in text.lower().split()]
    return " ".join(words).replace(".", "").replace(",", "").replace("'", "")


def voice(rng: random.Random, sentence: str, slots: dict, *, quoted: str = "") -> tuple[str, str]:
    """The sentence in one of many voices, with its channel: a portal message, a chat line, a long email with
    it in the middle, a reply above a quoted earlier message, an agent's phone note, non-native English, a
    social or forum post. With `quoted`, that text is the earlier message quoted below the reply."""
    roll = rng.random()
    if quoted:
        body = expand(rng, rng.choice(WRAP), {**slots, "s": [sentence]}) if sentence else "Any update on this?"
        earlier = "\n".join("> " + line for line in quoted.split("\n"))
        header = rng.choice(["On Mon, 3 Mar at 09:14, Customer wrote:", "-----Original Message-----", "wrote:"])
        return "email", f"{body}\n\n{header}\n{earlier}"
    if roll < 0.22:
        tail = {**slots, "s": [sentence], "s2": ["pls reply", "", "asap", "?"]}
        return "chat", texting(rng, expand(rng, rng.choice(["{s}", "{s} {s2}", "hi {s}"]), tail))
    if roll < 0.42:
        paragraphs = [expand(rng, "{routine} {routine}", slots) for _ in range(rng.randint(1, 3))]
        paragraphs.insert(rng.randint(1, len(paragraphs)), sentence[0].upper() + sentence[1:] + ".")
        paragraphs.append(expand(rng, "{routine}", slots))
        return "email", "\n\n".join([rng.choice(OPEN), *paragraphs, rng.choice(CLOSE)])
    if roll < 0.52:
        return "phone", expand(rng, rng.choice(NOTE), {**slots, "s": [sentence]})
    if roll < 0.62:
        return "email", expand(rng, rng.choice(NON_NATIVE), {**slots, "s": [sentence]})
    if roll < 0.72:
        channel = rng.choice(["social", "forum"])
        text = expand(rng, rng.choice(["@support {s}", "{s} #fail", "{s}", "Update: {s}"]), {**slots, "s": [sentence]})
        return channel, text
    text = expand(rng, rng.choice(WRAP), {**slots, "s": [sentence]})
    return "portal", text[0].upper() + text[1:]


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    rows: list[dict] = []
    seen: set[str] = set()

    def add(channel: str, text: str, categories: list[str], source: str = "grammar") -> None:
        text = " ".join(line.strip() for line in text.split(" ")).replace(" .", ".")
        if text not in seen:
            seen.add(text)
            rows.append({"channel": channel, "text": text, "categories": categories, "source": source})

    for category, sentences in SIGNAL.items():
        for sentence in sentences:
            for _ in range(5):
                channel, text = voice(rng, expand(rng, sentence, SHARED), SHARED)
                add(channel, text, [category])
            # A second category beside it, in one message: legal and press, a threat in a viral post, ...
            other = rng.choice([c for c in SIGNAL if c != category])
            both = expand(rng, sentence, SHARED) + ". " + expand(rng, rng.choice(SIGNAL[other]), SHARED)
            channel, text = voice(rng, both, SHARED)
            add(channel, text, sorted({category, other}))
    for sentences in HARMLESS.values():
        for sentence in sentences:
            for _ in range(7):
                channel, text = voice(rng, expand(rng, sentence, SHARED), SHARED)
                add(channel, text, [])
    # Signals only in the earlier message quoted below a reply: clean (that message was read when it arrived).
    for category, sentences in SIGNAL.items():
        for sentence in rng.sample(sentences, 4):
            reply = rng.choice(["", "Thanks, all sorted now, please ignore my last email", "Never mind, it arrived"])
            channel, text = voice(rng, reply, SHARED, quoted=expand(rng, sentence, SHARED))
            add(channel, text, [])
            # ... and a signal in the reply above a harmless quoted message counts.
            channel, text = voice(rng, expand(rng, sentence, SHARED), SHARED, quoted=expand(rng, "{routine}", SHARED))
            add(channel, text, [category])
    for label, channel, text in WRITTEN:
        add(channel, text, [] if label == "clean" else [label], "written")
    rng.shuffle(rows)
    return [{"id": f"t3-{n:04d}", **row} for n, row in enumerate(rows, 1)]


def main() -> None:
    rows = build()
    save_corpus(OUT, rows)
    clean = sum(1 for row in rows if not row["categories"])
    print(f"{OUT}: {len(rows)} messages, {clean} clean ({clean / len(rows):.0%})")


if __name__ == "__main__":
    main()
