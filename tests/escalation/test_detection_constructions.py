"""Rules for classes of construction in threats and in messages to agents (conditional harm, watching and
locating, waiting, exposing staff's details; meeting, personal questions, looks and voice, persistence after a
no, finding an agent offline), in legal steps and staff conduct, and their German forms, each in wording the
rules were not written from, beside its harmless twin."""

import json
from pathlib import Path

import pytest

from escalation.detection import classify
from escalation.detection.sets import sets_with_role

PAIRS = [
    # (category, the construction, its harmless twin: the same words in a sense that is not urgent)
    # an idiom of menace, a veiled threat to premises, a shift's end said to the one working it
    (
        "threat_violence",
        "Keep ignoring my emails, if you know what's good for you.",
        "Let me know what's good for you, Tuesday or Wednesday?",
    ),
    (
        "threat_violence",
        "Shops like yours have lovely plate glass windows. Just saying.",
        "Your shop has lovely big windows, the display looks great.",
    ),
    ("threat_violence", "You clock off at 6. Think on.", "You clock off at 6, so I'll ring before then."),
    (
        "threat_violence",
        "It only takes one match, remember that.",
        "It only takes one minute to fill in the form.",
    ),
    # a claim issued at court, a regulator's notice served
    (
        "legal_regulatory",
        "I've issued a money claim against you for the deposit.",
        "I'd like to make a claim on my travel insurance.",
    ),
    (
        "legal_regulatory",
        "Environmental health served an enforcement notice on your kitchen yesterday.",
        "The notice on your website says the kitchen is closed.",
    ),
    # a member of staff named by role or place posting a customer; name-calling in a message; a put-down typed
    (
        "staff_conduct",
        "One of your store staff tweeted a photo of my mum's shopping.",
        "One of your store staff helped my mum with her shopping.",
    ),
    (
        "staff_conduct",
        "The gym receptionist posted my membership photo on the gym's story.",
        "The receptionist posted my membership card back to me.",
    ),
    (
        "staff_conduct",
        "Your store manager posted a video of my son crying on Instagram.",
        "Your store manager posted a video on Instagram about the new range, is it online too?",
    ),
    (
        "staff_conduct",
        "Your driver left a long voice message on my phone calling me a cheapskate.",
        "Your driver left a long voice message on my phone calling me back about the parcel.",
    ),
    (
        "staff_conduct",
        "Your agent typed 'learn to read' at my dad in the chat.",
        "Your agent typed the tracking number and told me where to find it.",
    ),
    # falling for the agent, a date, the agent's own number, seen at work, watched online, wanted on camera
    (
        "agent_harassment",
        "Honestly I think I'm falling for you, you always answer so kindly.",
        "I'm falling for your offers every time, the bundle was great.",
    ),
    (
        "agent_harassment",
        "Could we go on a date once my refund is through?",
        "We go on a date night every Friday so please deliver before 6.",
    ),
    (
        "agent_harassment",
        "Not the store's number, your own number, please.",
        "Not the store's number, the returns address please.",
    ),
    (
        "agent_harassment",
        "Spotted you working the front desk on Saturday, you looked lovely.",
        "Saw you working on the fix, thanks for the update.",
    ),
    (
        "agent_harassment",
        "I've been watching all your streams, I found your Strava too.",
        "I've been watching all the tutorials and still can't pair it.",
    ),
    (
        "agent_harassment",
        "Only if it's you on camera, I'd pay for the video support.",
        "Is it you on the phone tomorrow or a colleague?",
    ),
    # German: threats, legal steps and messages to agents in a customer's own language
    (
        "threat_violence",
        "Wenn der Bote noch einmal klingelt und wegfährt, dann kann er was erleben.",
        "Mit der neuen App kann man was erleben, toll!",
    ),
    (
        "threat_violence",
        "Der Techniker soll sich hier nie wieder blicken lassen, sonst passiert was.",
        "Der Techniker war pünktlich, es ist nichts passiert.",
    ),
    (
        "legal_regulatory",
        "Ich habe Beschwerde bei der Verbraucherzentrale eingereicht.",
        "Die Verbraucherzentrale hat eine gute Broschüre zu Stromtarifen.",
    ),
    ("legal_regulatory", "Mein Anwalt meldet sich bei Ihnen.", "Meine Schwester ist Anwältin und mag Ihre App."),
    ("legal_regulatory", "Ich fordere Auskunft nach Art. 15 DSGVO.", "Ist Ihre App DSGVO-konform?"),
    (
        "agent_harassment",
        "Ich habe dich auf Instagram gefunden, du wohnst ja gleich um die Ecke.",
        "Ich habe Sie auf Instagram gefunden und möchte die Jacke bestellen.",
    ),
    (
        "agent_harassment",
        "Ich würde Sie gern zum Essen einladen, außerhalb der Arbeit.",
        "Ich würde gern die Rechnung per Post bekommen.",
    ),
    (
        "threat_violence",
        "Ignore me again and you'll pay for it, and I don't mean money.",
        "You'll pay for it monthly, as the contract says.",
    ),
    (
        "threat_violence",
        "We know which tram your supervisor takes, tell her to be careful.",
        "I know which tariff I'm on, but not which add-ons.",
    ),
    (
        "threat_violence",
        "I know what your front door looks like, mate.",
        "I know what the new router looks like from the advert.",
    ),
    (
        "threat_violence",
        "I've found out what time she finishes, so see you then.",
        "I found out what time the shop opens from your website.",
    ),
    (
        "threat_violence",
        "Refund me or I'm posting your engineer's home address online.",
        "Please update my home address, I moved in May.",
    ),
    (
        "threat_violence",
        "Keep it up and you won't see me coming.",
        "Keep it up, the new app is great, I didn't see it coming.",
    ),
    (
        "threat_violence",
        "Tomorrow I'll be in the car park when your staff leave.",
        "I'll be in the car park to collect my order at ten.",
    ),
    (
        "threat_violence",
        "He should look under his car before he drives to work.",
        "The engineer should look at my car before Friday.",
    ),
    (
        "threat_violence",
        "Tell the driver I'll snap his fingers if he bends my post again.",
        "Tell the driver to snap a photo when he leaves the parcel.",
    ),
    (
        "agent_harassment",
        "Would you like to meet up after your shift for drinks?",
        "Could the installer meet me after work at the flat?",
    ),
    (
        "agent_harassment",
        "How old are you? You sound about twenty.",
        "How old is the boiler you fitted? The label is worn.",
    ),
    (
        "agent_harassment",
        "You have the sweetest voice, I could listen to you all day.",
        "Your voice assistant does not understand my accent.",
    ),
    (
        "agent_harassment",
        "I know you told me to stop, but I just want one dinner.",
        "I know you told me the refund takes five days.",
    ),
    (
        "agent_harassment",
        "I spotted you at the supermarket on Sunday in your red coat.",
        "I found your shop on the map on Sunday.",
    ),
    ("agent_harassment", "Are you single? You seem lovely.", "Are you single-handedly running support today?"),
    ("agent_harassment", "Hey gorgeous, any news on my parcel?", "Thanks, beautiful design on the new site."),
    (
        "agent_harassment",
        "I bet you look amazing in that uniform.",
        "Please wear something warm when you read the meter.",
    ),
    (
        "agent_harassment",
        "I read all your old posts, you changed your hair!",
        "I read all your help pages and still can't log in.",
    ),
]


@pytest.mark.parametrize(("category", "text", "twin"), PAIRS)
def test_a_construction_is_found_and_its_harmless_twin_is_not(category, text, twin):
    found = {d.category: d for d in classify(text)}
    assert category in found
    start, end = found[category].spans[0]
    assert text[start:end].strip(), "the span names the words"
    assert classify(twin) == [] or category not in {d.category for d in classify(twin)}


def test_the_set_the_classes_were_written_against_is_hand_written_and_its_clean_messages_pass():
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_train4.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    count = {c: sum(c in row["categories"] for row in rows) for c in ("threat_violence", "agent_harassment")}
    assert all(row["source"] == "written" for row in rows)
    assert count["threat_violence"] >= 150 and count["agent_harassment"] >= 150
    clean = [row for row in rows if not row["categories"]]
    assert len(clean) >= 100
    assert [row["id"] for row in clean if classify(row["text"], channel=row["channel"], model=None)] == []
    assert "urgency_train4.jsonl" in sets_with_role("training")  # for the categories it speaks for


# Classes of construction from held-out 18's misses, each in new words beside its harmless twin.
HELD_OUT_18 = [
    # threats: a visit promised, arson described, a group brought along, accidents said to happen to one alone
    (
        "threat_violence",
        "Every one of your directors can expect a little visit from me before Christmas.",
        "Can I expect a visit from the engineer before Christmas?",
    ),
    (
        "threat_violence",
        "Warehouses like yours go up so quickly once the pallets catch.",
        "Prices like yours go up so quickly every spring.",
    ),
    (
        "threat_violence",
        "Might come to the depot with my brothers for a chat. Accidents happen.",
        "Might come to the depot with my brothers to collect the sofa on Saturday.",
    ),
    (
        "threat_violence",
        "I know you're the only one at the branch on Sundays. I have a long memory.",
        "I know you're the only one at the branch on Sundays, so I'll come in Monday.",
    ),
    (
        "threat_violence",
        "Dann garantiere ich für nichts mehr.",
        "Für die Lieferung garantiere ich, dass jemand da ist.",
    ),
    (
        "threat_violence",
        "Ich weiß genau, wo er wohnt. Das regeln wir dann auf andere Art.",
        "Ich weiß nicht, wo der Zusteller das Paket gelassen hat.",
    ),
    (
        "threat_violence",
        "Dann wird es für Ihren Fahrer richtig ungemütlich.",
        "Im Wartezimmer ist es ziemlich ungemütlich kalt.",
    ),
    # legal: a regulator named after whom was reported, a matter referred, a dispute raised with a scheme
    (
        "legal_regulatory",
        "Reported @QuickLoansLtd to the Financial Ombudsman this morning.",
        "Reported the broken link to the help desk this morning.",
    ),
    (
        "legal_regulatory",
        "We have referred the complaint to Ofgem.",
        "We have referred the complaint to your billing team.",
    ),
    (
        "legal_regulatory",
        "I've opened a dispute with the deposit protection service and asked for arbitration.",
        "I've opened a dispute with my bank about a card payment to a café.",
    ),
    # press: an outlet ran the writer's clip, a front page, a film crew, a TV researcher, German newsrooms
    (
        "press_media",
        "The Mirror just used my photos of your flooded car park.",
        "The mirror I ordered arrived cracked, photos attached.",
    ),
    (
        "press_media",
        "We're on the front page of the Bristol Post website today.",
        "The front page of your website won't load today.",
    ),
    (
        "press_media",
        "They're sending a camera crew to film the damp on Thursday.",
        "They're sending a repair crew to fix the damp on Thursday.",
    ),
    (
        "press_media",
        "A producer from the radio consumer programme has all our emails.",
        "My gran loves the radio consumer programme you sponsor.",
    ),
    (
        "press_media",
        "Ein Reporter vom Lokalsender will in der Sendung darüber berichten.",
        "Ein Techniker will morgen vorbeikommen und den Zähler prüfen.",
    ),
    # viral in German
    (
        "public_viral",
        "Das Video hat schon 2 Millionen Aufrufe und wurde tausendfach geteilt.",
        "Das Video zeigt, wie man den Filter tauscht.",
    ),
    # staff conduct: a worker at a named place posting a customer; a condition called made up; a written insult
    (
        "staff_conduct",
        "The cashier at your Mill Road branch posted on the village Facebook page that I'm a thief.",
        "The cashier at your Mill Road branch posted my receipt to me, thanks.",
    ),
    (
        "staff_conduct",
        "The pharmacist told my dad he was faking it and to stop wasting everyone's time.",
        "The pharmacist told my dad the tablets are in stock now.",
    ),
    (
        "staff_conduct",
        "The fitter left a note on our kitchen table saying we live like pigs and the flat is filthy.",
        "The fitter left a note on our kitchen table saying he'll be back on Friday.",
    ),
    # German self-harm: better for everyone without me, giving things away
    (
        "self_harm",
        "Es wäre für meine Familie besser, wenn ich weg wäre.",
        "Es wäre für meine Familie besser, wenn die Rechnung später käme.",
    ),
    (
        "self_harm",
        "Meine Tochter verschenkt ihre Sachen an Freundinnen, ich habe Angst.",
        "Meine Tochter sortiert ihre Sachen für den Flohmarkt aus.",
    ),
    # harassment: the agent asked her age or whether alone, located offline, recognised, followed on a run
    (
        "agent_harassment",
        "Caller asked me how old I am and whether I'm alone at the desk.",
        "Caller asked me how old the boiler is and whether it's under warranty.",
    ),
    (
        "agent_harassment",
        "Caller said he'd worked out where Priya lives from her photos.",
        "Caller said he'd worked out where the leak was coming from.",
    ),
    (
        "agent_harassment",
        "I know your real name is Tom and which bit of Leeds you're from, maybe I'll bump into you there.",
        "Which part of the form are you stuck on? Maybe I can help.",
    ),
    (
        "agent_harassment",
        "I've been following her Strava runs, she goes past the park at seven.",
        "I've been following your delivery updates, it's gone past the depot.",
    ),
    (
        "agent_harassment",
        "You look younger without the glasses, saw your picture online.",
        "The sofa looks better without the cushions, honestly.",
    ),
]


# Classes of held-out 19's self-harm misses, each in three wordings of its own beside a harmless twin.
HELD_OUT_19_SELF_HARM = [
    # not expecting to be alive at a date or an event
    (
        (
            "I can't see myself still being here by the summer.",
            "Won't be around for the wedding anyway, so cancel the booking.",
            "By the time the refund clears I won't be here.",
        ),
        "By the time the refund clears I won't be here, I'll be at work, so post it.",
    ),
    # others better off with someone or something else than with the writer
    (
        (
            "My boys would be happier with their dad than with me.",
            "Honestly they'd do better with the insurance money than with me.",
            "My daughter would be safer living with her nan than with me.",
        ),
        "The dog is happier with my sister than with me while I'm working nights.",
    ),
    # goodbyes said or written, letters left for family
    (
        (
            "I've said my goodbyes, you can stop calling now.",
            "He's been writing letters to the grandkids and to his sister.",
            "She wrote her goodbyes last night and switched her phone off.",
        ),
        "I've said my goodbyes to the old office, the keys are on the desk.",
    ),
    # belongings given away, no need for them said
    (
        (
            "He said he won't be needing the bike for much longer and gave it to a neighbour.",
            "My brother sold his guitar saying he won't need it where he's going.",
            "I won't need any of my clothes for much longer.",
        ),
        "I won't need the car for a week while it's in the garage.",
    ),
    # a method dwelt on: tablets counted, knives looked at, a bridge stood on, a car driven into water
    (
        (
            "Last night I counted out all my tablets to see if there were enough.",
            "I keep looking at the kitchen knives and thinking.",
            "He stood on the motorway bridge for ages last night.",
            "She talked about driving the van into the canal.",
        ),
        "I was looking at the kitchen knives in your sale, are they dishwasher safe?",
    ),
    # no reason or point in going on
    (
        (
            "I've stopped seeing any point in me carrying on.",
            "She says there's no reason to keep going since he died.",
            "It's hard to see the point of living like this.",
        ),
        "There's no reason to keep going back to the branch, the form is online.",
    ),
    # nobody would notice if the writer were gone; making it stop; ending it
    (
        (
            "Nobody would really notice if I was gone.",
            "He told me he wants to make it all stop for good.",
            "Some nights I think about just ending it.",
        ),
        "Nobody would notice if I stopped the subscription, would they?",
    ),
    # cutting one's arms or legs, said of oneself or of a child
    (
        (
            "My son has been cutting his arms again.",
            "She's cutting her legs at night, I found the plasters.",
            "I found out he slashed his wrists with a razor last year and I'm scared.",
        ),
        "I cut my arm on the sharp edge of the packaging.",
    ),
    # a sleep not woken from, with words between
    (
        (
            "I'd like to go to sleep one night and never wake up.",
            "Some nights I want to drift off in the cold and not wake up.",
            "He said he'd go to sleep after the pills and not wake up.",
        ),
        "I'll go to sleep early and not wake up till noon on Sunday.",
    ),
    # German: no sense in going on, things given away, not needed afterwards
    (
        (
            "Ich sehe keinen Sinn mehr darin weiterzumachen.",
            "Er hat seine Bücher und die Gitarre verschenkt, meine Bücher verschenkt er auch.",
            "Seit Monaten sehe ich keinen Sinn mehr zu leben.",
        ),
        "Ich sehe keinen Sinn mehr darin, das Abo zu behalten.",
    ),
    # two weak signals: not coping, and papers or pets sorted for others
    (
        (
            "I'm not coping. I've told my daughter where the important papers are.",
            "She's not in a good place and she's sorted out who gets the cat.",
            "I've stopped trying. Whoever's left can deal with the letters.",
        ),
        "I've told my daughter where the important papers are for the mortgage.",
    ),
]


# Classes of held-out 19's threats, each in wordings of its own beside a harmless twin.
HELD_OUT_19_THREATS = [
    # harm once the writer is done with someone
    (
        (
            "He won't be walking anywhere after I'm done with him.",
            "Your engineer won't be working much once I've finished.",
            "She won't be smiling after we're done.",
        ),
        "Your site won't be down after I'm done with the update, promise.",
    ),
    # a weapon to a head or knees, a limb to be broken, a beating due
    (
        (
            "I'll wrap a chain round his head.",
            "Someone's going to get a bottle across his face.",
            "I'll take my golf club to his knees.",
        ),
        "She wore the bike lock round her waist like a belt.",
    ),
    (
        (
            "If he touches my kid again I'll break his fingers.",
            "Gonna break your nose when I see you.",
            "I'm going to break her jaw.",
        ),
        "I'll break his heart if I cancel the dog walker.",
    ),
    (
        (
            "That driver is getting a proper hiding.",
            "He's due a good beating.",
            "You're going to get a right pasting.",
        ),
        "Our team is getting a proper kicking in the league this year.",
    ),
    # better hope we never meet; a dog set on someone
    (
        (
            "You'd better hope I never run into that manager.",
            "They should hope we don't meet your driver.",
            "Better hope I never catch whoever did this.",
        ),
        "Better hope I never forget my password again, ha.",
    ),
    (
        (
            "I'll set the dogs on your engineer.",
            "Next time I'm letting my dog loose on him.",
            "Dann hetze ich den Hund auf ihn.",
        ),
        "Can I let my dog off the lead on your campsite?",
    ),
    # a visit, and not for a chat; someone had better not be there; how brave without the uniform
    (
        (
            "I'm coming to your office Monday, and not for a chat.",
            "Expect me at the branch, and it won't be to talk.",
            "Dann komme ich vorbei, und zwar nicht zum Reden.",
        ),
        "I'll pop in on Monday, not for long, just to drop the form.",
    ),
    (
        (
            "The cashier had better not be on shift Saturday.",
            "She'd better not be on her own when I come.",
            "Your driver had better not be there when I arrive.",
        ),
        "The engineer had better not be late again.",
    ),
    (
        (
            "Let's see how tough he is without his uniform.",
            "We'll see how brave she is outside work.",
            "Let's see how cocky they are once the cameras are off.",
        ),
        "Let's see how good it is without the update.",
    ),
    # premises told to get locks or security; a weapon kept by the door
    (
        (
            "Hope your depot has good locks.",
            "You'd better get some security for your branch.",
            "Might want to hire extra guards at your office.",
        ),
        "You should get better security on your app, my account was hacked.",
    ),
    (
        (
            "I keep a baseball bat behind the front door now.",
            "Got my old hammer under the counter for your driver.",
            "He's put an iron bar by the door.",
        ),
        "I keep a cricket bat in the boot for the kids' practice.",
    ),
    # friends who would visit or persuade; sorting someone out in person
    (
        (
            "I've got mates who'd happily pay your manager a visit.",
            "I know some lads who are good at persuading people.",
            "I have friends who wouldn't mind a trip to your office.",
        ),
        "I've got friends who'd happily pay for the premium plan.",
    ),
    (
        (
            "I'll sort him out myself.",
            "I'll deal with her face to face.",
            "Then I'll sort you out the old-fashioned way.",
        ),
        "I'll deal with it myself, thanks.",
    ),
    # things to turn unpleasant; a way she won't forget; never working again, regretting it
    (
        (
            "It would be a shame for things to get nasty.",
            "Things could get ugly for your driver.",
            "It'd be a pity for it to turn violent.",
        ),
        "Things could get busy for your team at Christmas.",
    ),
    (
        (
            "She'll be hearing from me in a way she won't forget.",
            "He'll hear from me in a way he will never forget.",
            "You'll be hearing from me in a way you won't forget.",
        ),
        "You'll be hearing from me in a week about the invoice.",
    ),
    (
        (
            "I'll make sure that driver never drives again.",
            "I'll make sure she regrets it.",
            "Going to make sure he pays for this.",
        ),
        "Make sure the engineer never leaves a mess again.",
    ),
    # a place smashed and the staff with it; a weapon brought down
    (
        (
            "I'll smash the till and whoever is standing behind it.",
            "Gonna wreck your shop, starting with the manager.",
            "I will trash the place, then the staff.",
        ),
        "I smashed my screen and the guy at the till said it's not covered.",
    ),
    (
        (
            "I'll bring my claw hammer down to the branch.",
            "Coming down with a cricket bat to your depot.",
            "I'm taking a crowbar over tonight.",
        ),
        "Bringing my cricket bat to the shop to get it re-gripped.",
    ),
    # German: where a named person lives or parks is known
    (
        (
            "Ich weiß, wo euer Techniker Herr Braun wohnt.",
            "Wir wissen, wo die Filialleiterin parkt.",
            "Weiß ich doch, wo Frau Weber wohnt.",
        ),
        "Ich weiß nicht, wo das Paket liegt.",
    ),
    # two weak signals: where someone parks known, one way or another; a record, a visit
    (
        (
            "I know where your engineer parks. One way or another he'll hear from me.",
            "My brother has done time. Your receptionist lives near the park, doesn't she.",
            "The lads will give him a welcoming committee. He won't enjoy it one bit.",
        ),
        "One way or another the parcel will turn up, I'm sure.",
    ),
]


# Classes of held-out 19's staff conduct and harassment of agents, in wordings of their own beside a twin.
HELD_OUT_19_AGENTS = [
    # staff conduct: a put-down told to the customer, "go back where you came from", a slur written on a cup
    (
        "staff_conduct",
        (
            "The cashier told my dad to learn to speak English.",
            "Your adviser told me to maybe go on a diet.",
            "The agent told my wife to get a husband to sort it.",
        ),
        "The agent told me to learn the new menu layout, which helped.",
    ),
    (
        "staff_conduct",
        (
            "Your driver told him to go back where he came from.",
            "The security guard said I should get back to where I come from.",
            "She shouted at my son to go back where he comes from.",
        ),
        "The courier had to go back to where the depot is.",
    ),
    (
        "staff_conduct",
        (
            "The barista wrote 'fatso' on my coffee.",
            "Someone in your kitchen scrawled 'pig' on my delivery note.",
            "Your driver printed 'loser' on the label.",
        ),
        "The barista wrote my name on my cup wrong again.",
    ),
    # a condition laughed at, an impression done, a passenger called a name
    (
        "staff_conduct",
        (
            "The receptionist laughed at my stutter.",
            "Your staff smirked at her wheelchair.",
            "The guard was laughing at his hearing aid.",
        ),
        "The receptionist laughed at my joke about the weather.",
    ),
    (
        "staff_conduct",
        (
            "The manager did an impression of me to the whole queue.",
            "Your agent was doing an impression of my mum's accent.",
            "He does an impersonation of her every time she calls.",
        ),
        "My son did an impression of your mascot at the party.",
    ),
    (
        "staff_conduct",
        (
            "Your conductor was calling a schoolgirl a slut.",
            "The driver called a passenger a thief in front of everyone.",
            "The security man called my mother a cow.",
        ),
        "The driver called a passenger a taxi when the bus broke down.",
    ),
    # told to get a man to do it; posted on a member of staff's own account; German
    (
        "staff_conduct",
        (
            "The engineer said I should get my husband to explain it.",
            "He told me to ask my son to help with the app.",
            "She suggested I get your husband to sort it, love.",
        ),
        "The engineer said I could ask my husband to let him in on Tuesday.",
    ),
    (
        "staff_conduct",
        (
            "Your trainer filmed me on the treadmill and posted it to her TikTok.",
            "The nurse put my son on her Instagram story.",
            "One of your moderators posted my profile on the forum.",
        ),
        "Your trainer posted a new workout plan on her Instagram.",
    ),
    (
        "staff_conduct",
        (
            "Ihr Fahrer hat meine Mutter beleidigt.",
            "Die Verkäuferin hat mich vor allen als dumm bezeichnet.",
            "Ein Mitarbeiter hat auf Instagram ein Foto von mir gepostet.",
        ),
        "Ihr Mitarbeiter hat mich gestern angerufen und alles erklärt.",
    ),
    # a relative told she is too old or too thick for something; a German post described at length
    (
        "staff_conduct",
        (
            "The man at your counter told my nan she was too old for online banking.",
            "Your driver said to my son that he was too thick to read a label.",
            "Euer Fahrer hat auf Instagram ein Foto von unserer Haustür mit Hausnummer und Klingelschild gepostet.",
        ),
        "The man at your counter told my nan she was eligible for the over-60s discount.",
    ),
    # a customer's private papers sent on by a member of staff to a relative, an ex or an employer
    (
        "staff_conduct",
        (
            "Your adviser copied the letter to my ex-wife's solicitor.",
            "The clerk forwarded my payslip to my landlord.",
            "She emailed my medical notes to my employer.",
        ),
        "The clerk forwarded my payslip to the mortgage team as I asked.",
    ),
    # two weak signals: a record looked up, a photo of it sent on, a caption, a group chat
    (
        "staff_conduct",
        (
            "Your receptionist looked up my record and sent him a photo of it.",
            "He accessed my file and shared it in a group chat.",
            "A photo with the caption 'lol' was posted in the lads chat.",
        ),
        "Your agent looked up my booking and sent me the receipt.",
    ),
    # harassment: the agent watched, asked when she is alone, her looks in slang or a swimsuit
    (
        "agent_harassment",
        (
            "I've been watching you through the shop window every day.",
            "He'd been watching her from the car park.",
            "Kept watching her while she served.",
        ),
        "I kept watching the tracking page while I waited.",
    ),
    (
        "agent_harassment",
        (
            "He asked what time she locks up.",
            "Caller wanted to know which nights she is on her own.",
            "I noticed you usually lock up alone.",
        ),
        "He asked what time the shop closes on Sunday.",
    ),
    (
        "agent_harassment",
        (
            "You looked proper fit in your uniform today.",
            "You look amazing in that swimsuit photo.",
            "You looked really beautiful in the photos from the gala.",
        ),
        "The sofa looks amazing in the photos, thanks.",
    ),
    # her address for a gift, looked up, a name said not to be hers, a friend request, waited for at a door
    (
        "agent_harassment",
        (
            "I'd like her home address so I can send flowers.",
            "He asked for her home address so he could drop round a present.",
            "Give me your personal number, I'll send you a little something.",
        ),
        "Please confirm your address so we can send the refund cheque.",
    ),
    (
        "agent_harassment",
        (
            "I looked her up on Instagram.",
            "Kate isn't your real name, is it? I found the real one.",
            "I've sent you a friend request.",
        ),
        "I looked the order up on your website.",
    ),
    (
        "agent_harassment",
        (
            "I'll wait by the staff door until she finishes.",
            "Waiting at your entrance till he leaves.",
            "I'll wait at the gate until you come out.",
        ),
        "I'll wait by the door until the courier comes.",
    ),
    # where she goes known by day, where she lives asked; a room visit, a walk to her car, looked for online
    (
        "agent_harassment",
        (
            "I know you go to the pool on Tuesdays.",
            "I know she runs along the canal every morning.",
            "Which part of town does she live in?",
        ),
        "I know you close early on Sundays.",
    ),
    (
        "agent_harassment",
        (
            "Bring the towels up to my room yourself.",
            "I could walk you to your car after your shift.",
            "I went looking for you on Facebook.",
        ),
        "Could someone bring the towels up to my room please?",
    ),
    # two weak signals: her socials asked, watching from the back, a match asked back
    (
        "agent_harassment",
        (
            "What's your insta? I'll be the one at the back watching.",
            "I swiped right, match me back.",
            "Saw your photo. It's on your LinkedIn, and you've got a fella?",
        ),
        "What's your insta? I want to tag the shop.",
    ),
]


# Classes of held-out 19's press, viral and legal misses, in wordings of their own beside a twin.
HELD_OUT_19_PUBLIC = [
    # the story sent or going to a named programme or the local paper; its producers; a show's invitation
    (
        "press_media",
        (
            "I've sent the video of the flooded platform to BBC News.",
            "If it isn't fixed by Monday the whole thing goes to Watchdog.",
            "I told my story to the local paper yesterday.",
        ),
        "I've sent the video of the flooded platform to your customer team.",
    ),
    (
        "press_media",
        (
            "A researcher from Panorama has asked for our letters.",
            "The producers at Rip Off Britain want to hear from you.",
            "A reporter from the local paper rang me about the closures.",
        ),
        "Our accountant has asked for our letters from the bank.",
    ),
    (
        "press_media",
        (
            "Radio Leeds have invited me on their breakfast show to talk about this.",
            "They've asked me onto their evening news slot.",
            "The station wants my husband on the phone-in tomorrow.",
        ),
        "My son wants to go on the school trip tomorrow.",
    ),
    # a column written for a paper, quoted in a piece, a crew sent to the building, a story picked up
    (
        "press_media",
        (
            "I write the consumer column in the Sunday Post and I'd like your comment.",
            "A journalist asked if I'd be happy to be quoted in her article.",
            "They're sending a film crew to our block on Friday.",
        ),
        "I write the newsletter for our residents' association, can I mention the new bins?",
    ),
    (
        "press_media",
        (
            "The Guardian picked my thread up for an article.",
            "A trade magazine has picked the story up as a feature.",
            "Local radio picked my post up for the news.",
        ),
        "Can you pick my parcel up from the depot?",
    ),
    # viral: quote-posted or stitched many times, on everyone's feed; German shares
    (
        "public_viral",
        (
            "My clip has been stitched over 5,000 times.",
            "The thread is at 20k RTs.",
            "Your delivery fail is on everyone's For You page.",
            "Mein Video wurde schon 20.000 Mal geteilt.",
        ),
        "The seam on the bag came unstitched after two days.",
    ),
    # legal: a letter from the data protection regulator; a data request left unanswered
    (
        "legal_regulatory",
        (
            "I've had a letter from the data protection authority about my complaint.",
            "You still haven't answered my subject access request from March.",
            "Your company has not complied with my erasure request.",
        ),
        "I've had a letter from your data protection team about the new privacy policy.",
    ),
]


# Held-out 19's threats read further, in wordings of their own beside a harmless twin.
HELD_OUT_19_THREATS_FURTHER = [
    (
        (
            "Don't think she'll be laughing much after I see her.",
            "I don't think he'll be so cocky afterwards.",
            "Don't think they'll be grinning for long when I turn up.",
        ),
        "I don't think he'll be working much after the merger.",
    ),
    (
        ("You'll regret ignoring me.", "You will regret crossing my family.", "You'll regret banning my account."),
        "You'll regret ignoring our loyalty offer!",
    ),
    (
        (
            "The lad who served me better not be on shift Friday.",
            "Whoever approved this better not be there when I arrive.",
            "That manager better not be working Saturday.",
        ),
        "The parcel that I ordered better not be late again.",
    ),
    (
        (
            "I'll make sure the driver who clipped my car never drives again.",
            "I'll come in and smash every till and whoever is on it.",
            "Gonna trash everything in there and anyone who stops me.",
        ),
        "The storm smashed every window and everyone was fine.",
    ),
    (
        (
            "If your guard shoves me again I'll break his.",
            "If he touches my daughter again I'll break him.",
            "If she grabs my bag again I will break her.",
        ),
        "If the app touches my settings again I'll break it.",
    ),
]


HELD_OUT_19 = (
    [("self_harm", texts, twin) for texts, twin in HELD_OUT_19_SELF_HARM]
    + [("threat_violence", texts, twin) for texts, twin in HELD_OUT_19_THREATS + HELD_OUT_19_THREATS_FURTHER]
    + HELD_OUT_19_AGENTS
    + HELD_OUT_19_PUBLIC
)


@pytest.mark.parametrize(("category", "texts", "twin"), HELD_OUT_19)
def test_a_class_of_held_out_19_is_found_in_each_wording_and_its_twin_is_not(category, texts, twin):
    for text in texts:
        assert category in {d.category for d in classify(text)}, text
    assert category not in {d.category for d in classify(twin)}


# Classes the model misses even on the sets it learned from, each in new words beside its harmless twin
TRAINING_MISSES = [
    # a workplace by its other names bombed or burned; a weapon one is "not afraid to use"; what one will do
    (
        "threat_violence",
        "Sort my refund or I'll torch your head office.",
        "Sort my refund or I'll email your head office.",
    ),
    (
        "threat_violence",
        "I keep a crossbow and I'm not afraid to use it.",
        "I keep a crossbow for archery club and I'm not afraid to say it's my hobby.",
    ),
    (
        "threat_violence",
        "Wait till your manager sees what I'm going to do to him.",
        "Tell your manager what I'm going to do to fix it myself.",
    ),
    # a member of staff filmed harming someone; staff ridiculing the people they serve
    (
        "staff_conduct",
        "Your steward was caught on camera punching a fan at the gate.",
        "Your steward was caught on camera helping a fan at the gate.",
    ),
    (
        "staff_conduct",
        "Your receptionist keeps a blog ridiculing patients who turn up late.",
        "Your receptionist keeps a blog reminding patients to turn up on time.",
    ),
    # an agent's picture kept; an agent sought outside work
    (
        "agent_harassment",
        "I saved her LinkedIn headshot, she's my lock screen now.",
        "I saved her LinkedIn post about the outage to share with my team.",
    ),
    (
        "agent_harassment",
        "Could I see the agent outside of work some time?",
        "Can I contact your agent outside office hours?",
    ),
]


@pytest.mark.parametrize(("category", "text", "twin"), HELD_OUT_18 + TRAINING_MISSES)
def test_a_construction_read_from_a_set_is_found_and_its_twin_is_not(category, text, twin):
    assert category in {d.category for d in classify(text)}
    assert category not in {d.category for d in classify(twin)}
