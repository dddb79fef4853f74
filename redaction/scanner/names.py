"""People's names: the customer's real name behind a handle, their staff, the agent's real name.

A full name is specific enough to match on its own. A first name, a surname or an initial and surname
("N. Eze") alone counts when it is capitalized ("we will ring Owen", "copy Jonas", "our lead, Kahale,
signed it off"); names that are also ordinary words, months or places (Will, May, Grace, Young,
Sydney...) only with a strong cue around them ("ask Will", "Will said", "Ms Young"). Typed in lower case,
a name that is not an ordinary word counts where a sentence, line or list item starts or with a strong
cue ("quentin in escalations is on it", "aisha said"). Staff count as well as the customer's colleagues:
every staff member's real name and username is private, not only the author's. So do the people private
text names that the profile does not: "my neighbour Gwen", "Herr Okafor", "the other driver's details: Gary
Sutcliffe, 07700 900388" (`private_people`).

A member of staff may share the customer's name ("Hi Harper," to the customer Harper Quinn, with Harper Lee on
the staff). Where the words that name them both speak to the customer or write the customer's full name, they
are the customer's (`reader_span`); where a cue speaks of a person ("ask Harper", "Harper from our
billing team"), a line signs the reply, or nothing says which, they stay the staff member's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import NamedTuple

from . import emails
from .context import ScanContext
from .normalize import CANONICAL, Tokens, fold, phrase, tokenize
from .phrases import PhraseRule
from .quotes import FILLER

_TITLES = r"(?:mr|mrs|ms|miss|mx|dr|prof)\.?"
# Words before a name that make it a person: greetings, sign-offs, and what one does to or with a person
# (speak, ask, ring, copy, loop in...). These are strong enough for names that are also ordinary words.
_STRONG_BEFORE = re.compile(
    rf"(?:\b(?:hi|hello|hey|dear|thanks|thank you|cheers|best|regards|best wishes|sincerely|yours"
    rf"|(?:spoke|spoken|speak|speaking|talk|talked|talking|chat|chatted|checked|check|met|meet|work|worked"
    rf"|working) (?:to|with)"
    rf"|colleague|manager|coworker|co-worker|contact|cc|bcc|ask|asked|asking|told|tell|per|ping|pinged"
    rf"|call|calling|ring|ringing|rang|phone|phoned|text|texted|email|emailed|emailing|message|messaged"
    rf"|copy|copied|copying|loop|looped|looping|forward|forwarded|remind|reminded|contacted|contacting"
    rf"|reach|reached|thank|thanked|let|letting|introduce|introduced|via|from|named|called"
    rf"|lead|officer|specialist|supervisor|looped in|over to"
    # Whom a case goes to: "passed it to", "handed your claim over to", "escalated this to".
    rf"|(?:passed|handed|escalated|referred|assigned|transferred)(?: (?:it|this|that|them|your \w+|the \w+))?"
    rf"(?: (?:on|over|across|back))? to"
    rf")|\b{_TITLES})[\s,:]*$",
    re.I,
)
# The teams a person works in, said after their name: "Penny from compliance", "jo in claims", "Sam on the
# lettings team", "Ravi (fraud)"; "IT" in capitals ("prices rose in it"). Said so, even a name that is an ordinary
# word is a person.
_TEAMS = (
    r"billing|accounts?|finance|support|sales|(?-i:IT)|hr|legal|payments|shipping|returns|engineering|security|tech"
    r"|technical|compliance|claims|complaints|collections|credit control|escalations|operations|ops|fraud|risk"
    r"|underwriting|lettings|maintenance|repairs|dispatch|logistics|procurement|marketing|quality|qa|admin"
    r"|customer (?:service|care|relations)|retentions?|onboarding|facilities|hardship|disputes|refunds|reservations"
)
_TEAM_AFTER = re.compile(
    rf"^(?:\s+(?:from|in|on|over in)(?: (?:the|our|your))? (?:{_TEAMS})\b|\s*\((?:{_TEAMS})(?: team)?\))", re.I
)
# Words after a name that make it a person: a possessive, a verb people do, or where they work.
_STRONG_AFTER = re.compile(
    r"^(?:'s\b|’s\b|\s+(?:said|says|mentioned|told|asked|confirmed|wrote|writes|emailed|called|rang|phoned"
    r"|explained|noted|agreed|reported|raised|replied|answered|approved|checked|looked|handled|is handling"
    r"|signed|reviewed|authori[sz]ed|escalated|is (?:reviewing|looking|checking|working)|and (?:I|me)\b"
    # What was done to a person: "Will has been reassigned", "Will had been told".
    r"|(?:has|had) been [a-z]+ed\b"
    r"|will (?:call|ring|email|phone|contact|reply|get back|look|check|handle|be in touch)|can help|is out|is away"
    r"|here|from (?:your|our|the)|at your|at our|on (?:your|our|the) [\w-]+ team|in your|in our)"
    rf"|{_TEAM_AFTER.pattern[1:]})",
    re.I,
)
# Words before an ordinary word that make it that word, whatever follows it: "a penny from every sale".
_DETERMINER_BEFORE = re.compile(
    r"\b(?:a|an|the|every|each|one|no|any|some|this|that|my|your|our|his|her|their|its|per)\s+$|\d\s*$", re.I
)
# First names that are also ordinary words, months, weekdays or places: these need a strong cue, while any
# other first name, capitalized, is read as the person ("copy Jonas", "we will ring Owen tomorrow").
_COMMON_WORDS = frozenset(
    """will may june april august grace hope joy faith rose summer sky art pat sue max chase drew jack frank
    ray dawn amber ivy lily iris crystal penny ruby jade mark bill rich bob dean earl gene guy hunter mason
    miles victor young king page case sunny autumn winter holly heather olive pearl ginger sage river
    stone rob sandy rusty dusty cliff glen glenn heath dale lane brook brooks forest wood woody
    carol carter cooper baker taylor porter parker fisher hunter cash major sterling destiny harmony
    melody honey candy patience prudence constance charity mercy felicity happy story rocky skip buck
    buddy chip clay colt cole dash duke hank jay jewel kitty lance lee norm reed royal rusty shelby
    sonny spencer tanner ted terry tucker ward wells wes will win windy wren
    paris london sydney georgia virginia carolina florence austin dallas jordan chelsea victoria
    lincoln jersey india china kent
    monday tuesday wednesday thursday friday saturday sunday january february march""".split()
)


_VOCATIVE_AFTER = re.compile(r"[ \t]*[,!]")
_MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday""".split()
)
# Where a sentence, a line or a list item begins: a word there is capitalized in prose, so a lower-case first
# name there ("quentin in escalations is on it") was typed in a hurry, not used as an ordinary word.
_CLAUSE_START = re.compile(r"(?:^|[.!?:;]\s+|\n[ \t]*(?:[-*•]\s*)?)$")


def has_cue(text: str, start: int, end: int, cue: str) -> bool:
    """Whether the name at text[start:end] (a first name, a surname or an initial and surname) reads as a person.

    A lower-case first name counts only where no ordinary word could stand: it is not one (Will, May...),
    and it opens a sentence, line or list item, or has a strong cue ("aisha said", "ask ottilie")."""
    before = text[max(0, start - 24) : start]
    after = text[end : end + 24]
    if not text[start].isupper():
        if cue != "first":
            return False
        if fold(text[start:end]) in _COMMON_WORDS:  # "penny from compliance", not "a penny from every sale"
            return bool(_TEAM_AFTER.match(after)) and not _DETERMINER_BEFORE.search(before)
        return bool(_CLAUSE_START.search(before) or _STRONG_BEFORE.search(before) or _STRONG_AFTER.match(after))
    if _STRONG_BEFORE.search(before) or _STRONG_AFTER.match(after):
        return True
    # A name that opens the reply, set off by a comma, is the reader's: "Chelsea, I'm so sorry...".
    if _VOCATIVE_AFTER.match(after) and not text[:start].strip() and fold(text[start:end]) not in _MONTHS_AND_DAYS:
        return True
    return fold(text[start:end]) not in _COMMON_WORDS


# Words that speak to the reader by name on the name's own line: a greeting or thanks, a title after it
# ("Hi Harper,", "Thanks, Ms Lee", "Liebe Frau Brandauer,", "Sehr geehrter Herr Okafor,"). They are the
# greetings of _STRONG_BEFORE, and their German forms; its other cues speak of a person.
_GREETING = re.compile(
    rf"\b(?:hi|hello|hey|dear|thanks|thank you|many thanks|cheers|welcome|welcome back"
    rf"|good (?:morning|afternoon|evening)|morning"
    rf"|liebe[rs]?|sehr geehrte[rs]?|hallo|guten (?:tag|morgen|abend)|moin|servus|danke|vielen dank)"
    rf"[ \t,:!]*(?:(?:{_TITLES}|herr|frau)[ \t]*)?$",
    re.I,
)
# Thanks also sign a reply off: "Thanks, Harper" with nothing after it is signed by Harper.
_SIGN_OFF = re.compile(r"\b(?:thanks|thank you|many thanks|cheers)[ \t,:!]*$", re.I)
# A name alone on a line after the first (a signature, a list of people): nobody is spoken to there.
_LINE_START = re.compile(r"\n[ \t]*(?:[-*•][ \t]*)?$")
_LINE_END = re.compile(r"^[ \t]*[,.!]?[ \t]*(?:\n|$)")
# A name set off by a comma at the end of its sentence is said to the reader ("Thanks for your patience,
# Harper!"), unless the words before the comma are a role at the desk that the name stands beside ("to our
# lead, Harper.", "my colleague, Harper").
_COMMA_BEFORE = re.compile(r"\w[ \t]*,[ \t]*$")
_SENTENCE_END = re.compile(r"^[ \t]*(?:[.!?)]|\n|$)")
_APPOSITION = re.compile(r"\b(?:our|my)(?:[ \t]+[\w'’-]+){1,3}[ \t]*,[ \t]*$", re.I)
# The name opening the reply and set off from it: "Harper, your refund is on its way", "Ms Lee,".
_OPENING = re.compile(rf"\s*(?:{_TITLES}[ \t]+)?", re.I)
_OPENING_AFTER = re.compile(r"^[ \t]*[,!:]")


def reader_span(text: str, tokens: Tokens, first: int, last: int, rule: PhraseRule) -> tuple[int, int] | None:
    """Where the words at tokens[first..last], which `rule` finds as a member of staff's and which are also
    (part of) the customer's name (`rule.reader`), are the customer's name there: their span (that of the
    full name around them, if the reply writes it), else None.

    They are where the reply writes the customer's full name around them, or speaks to the customer with
    them: after a greeting or thanks on their line, set off by a comma at the end of a sentence, or opening
    the reply with a comma. A cue that speaks of a person rules that out, as it does for any name: what one
    does with a person ("ask Harper", "spoke with Ms Lee"), what a person does or where they work ("Harper
    said", "Harper from our billing team"), a sign-off ("Regards,\nHarper", a last "Thanks, Harper"), a name
    on a line of its own after the first. Without any of these a name is someone the reply speaks about, so
    the staff member's."""
    whole = _whole_around(tokens.words, first, last, tuple(rule.reader.removeprefix("person:").split()))
    if whole is not None:
        first, last = whole
    spans = tokens.spans
    start, end = spans[first][0], spans[last][1]
    before = text[max(0, start - 32) : start]
    after = text[end : end + 32]
    greeting = _GREETING.search(before)
    if _STRONG_AFTER.match(after) or (_STRONG_BEFORE.search(before) and not greeting):
        return None
    if text[:start].strip() and _LINE_START.search(before) and _LINE_END.match(after):
        return None
    if greeting:
        signed = _SIGN_OFF.search(before) and not text[end:].strip(" \t\r\n.,!")
        return None if signed else (start, end)
    if (
        whole is not None
        or (_COMMA_BEFORE.search(before) and _SENTENCE_END.match(after) and not _APPOSITION.search(before))
        or (_OPENING.fullmatch(text[:start]) and _OPENING_AFTER.match(after))
    ):
        return start, end
    return None


def _whole_around(words: tuple[str, ...], first: int, last: int, own: tuple[str, ...]) -> tuple[int, int] | None:
    """The tokens of the customer's full name written around tokens[first..last], if it is."""
    if len(own) < 2:
        return None
    for at in range(max(0, last - len(own) + 1), first + 1):
        if words[at : at + len(own)] == own:
            return at, at + len(own) - 1
    return None


# People private text names that the profile does not, by how people write about someone: a relation or the
# work they do for the writer before or after a name ("my wife Mele", "meine Nachbarin Gwen", "our treasurer
# Theo", "Noelani, my assistant,"), a title ("Herr Okafor", "Mrs Patel"), "a guy called Jake", or a full name given
# with that person's number or email ("Gary Sutcliffe, 07700 900388", "(Steve Mancini, 0491 571 266)").
RELATIONS = (
    "son|daughter|wife|husband|partner|fianc[eé]e?|boyfriend|girlfriend|neighbou?r|friend|brother|sister|mum|mom"
    "|mother|dad|father|grand(?:mother|father|ma|pa|son|daughter)|nan|aunt|uncle|cousin|nephew|niece|landlord"
    "|landlady|flatmate|housemate|roommate|carer|caregiver|sohn|tochter|ehefrau|ehemann|frau|mann|partnerin"
    "|nachbarin|nachbar|freundin|freund|bruder|schwester|mutter|vater|oma|opa|vermieterin|vermieter"
)
# A full name after the work its person does ("crew lead Darcy Lavallee", "the loss adjuster Priya Nand",
# "Techniker Jan Ossowski") or after "his/her name was" ("His name was Farhad Karimi").
_ENGLISH_ROLES = """driver courier technician engineer installer fitter plumber electrician builder contractor inspector
    assessor adjuster surveyor valuer adviser advisor solicitor lawyer attorney accountant bookkeeper doctor nurse
    paramedic dentist pharmacist therapist teacher tutor manager supervisor foreman caretaker concierge receptionist
    mechanic broker representative consultant coordinator dispatcher caseworker executor
    roofer carpenter joiner painter decorator gardener landscaper cleaner locksmith glazier tiler plasterer
    bricklayer handyman removalist architect vet physio physiotherapist nanny childminder babysitter
    handler officer investigator underwriter examiner estimator appraiser auditor instructor trainer coach surgeon
    midwife optician conveyancer paralegal barrister mediator translator interpreter""".split()
# From "roofer" on, the trades a household or a small business hires ("our roofer, Des Oakhurst"); from "handler"
# on, the people a claim, a case or a course is handled by ("handler Marta Kowal", "case officer Dan Reyes").
_ROLES = "|".join(_ENGLISH_ROLES) + r"|(?:crew|team|site|shift|project)\s+lead"
# German writes the work a person does as one noun, often a compound that ends with it ("Obermonteur Lorcan
# Beattie", "Schadenssachbearbeiterin Jana Krüger", "Kfz-Mechaniker"), a woman's with "-in" ("Technikerin"): the
# German of the roles above, as a capitalized word or its last part. Every German noun is capitalized, so the
# words after it are a name only if none of them is a label or an abstract noun (`_NOT_A_PERSON`, `_NOUN_ENDINGS`:
# "Leiter Marke Hailo", "Monteur Bereitschaft Nord").
_GERMAN_ROLES = (
    "techniker|fahrer|monteur|sachbearbeiter|anw[aä]lt|[aä]rzt|hausmeister|leiter|berater|gutachter|pr[uü]fer"
    "|mechaniker|elektriker|installateur|klempner|ingenieur|disponent|koordinator|vertreter|buchhalter|kurier"
    "|makler|pfleger|lehrer|regulierer|verwalter"
)
# Their canonical forms, and a woman's: a text none of whose words ends with one has no German role.
_GERMAN_ROLE_ENDINGS = tuple(
    form
    for role in _GERMAN_ROLES.replace("[aä]", "a").replace("[uü]", "u").split("|")
    for form in (role, role + "in")
)
# The first seven, and a woman's, are read after "mein"/"unser" as a relation is ("unser Techniker Jan", "meine
# Anwältin Frau Krüger").
_GERMAN_KIN = rf"(?:{'|'.join(_GERMAN_ROLES.split('|')[:7])})(?:in)?"
# People one works or lives with, after "my"/"our" as a relation is ("our treasurer Theo", "my mate Stuart").
_WORKMATES = (
    "mate|pal|colleague|boss|assistant|co-owner|business\\s+partner|treasurer|secretary|apprentice|intern|employee"
    "|praktikant(?:in)?|kollegin|kollege|chefin|chef|mitarbeiter(?:in)?|azubi"
)
_NAME = r"[A-Z][^\W\d_]+(?:[-'’][A-Z][^\W\d_]+)?"
_TITLE_WORDS = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Herr|Frau)\.?"
# Each starts with a character class, so `re` skips to the letters a match can start with ("my", "our",
# "mein...", "unser..."; "Mr", "Dr", "Herr", "Frau"...).
_POSSESSIVE = r"(?i:(?<=m)y|(?<=o)ur|(?<=m)ein(?:e[mnr]?)?|(?<=u)nser(?:e[mnr]?)?)"
_KIN_OR_WORK = rf"(?i:{RELATIONS}|{_WORKMATES}|{_ROLES}|{_GERMAN_KIN})"
# "my wife Mele", "our treasurer Theo", "my old mate Stuart" (one word may qualify the relation).
_RELATION_NAME = re.compile(
    rf"[mMoOuU](?<!\w[mMoOuU]){_POSSESSIVE}\s+(?:(?i:[a-z-]+)\s+)??{_KIN_OR_WORK}"
    rf"\s*,?\s+(?:{_TITLE_WORDS}\s+)?(?P<name>{_NAME})\b"
)
# "Noelani, my assistant, was...", "Timo, mein Praktikant, hat...", "Conrad, our yard manager, is...": the name
# before its relation, set off by commas on both sides (not "Thanks, my friend.").
_NAME_RELATION = re.compile(
    rf"(?P<name>[A-Z](?<![\w'’][A-Z])[^\W\d_]+(?:[-'’][A-Z][^\W\d_]+)?),"
    rf"\s+[mMoOuU]{_POSSESSIVE}\s+(?:(?i:[a-z-]+)\s+)??{_KIN_OR_WORK}\s*,"
)
_NOT_NAMES = frozenset("thanks sorry cheers hi hello yes well ok okay please also anyway".split())
# "a young guy called Jake", "a woman named Ros Adair".
_CALLED = re.compile(
    r"\b(?i:guy|man|woman|lady|bloke|chap|girl|boy|person|someone|somebody|gentleman|fellow)\s+(?i:called|named)\s+"
    rf"(?P<name>{_NAME}(?:\s+{_NAME})?)\b"
)
_TITLE_NAME = re.compile(
    rf"[MDHF](?<!\w[MDHF])(?:(?<=M)(?:rs|r|s|iss|x)|(?<=D)r|(?<=H)err|(?<=F)rau)\.?\s+(?P<name>{_NAME})\b"
)
# The words of _ROLES, each form: a text without one, nor a word ending with a German role, has no _ROLE_NAME
# match.
_ROLE_WORDS = frozenset(_ENGLISH_ROLES) | {"lead"}
_ROLE_NAME = re.compile(
    rf"(?<![\w-])(?:(?i:{_ROLES})|(?:[A-ZÄÖÜ][^\W\d_]*-?)?(?i:{_GERMAN_ROLES})(?:in)?)"
    rf"\s*,?\s+(?!{_TITLE_WORDS}\s)(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})\b"
)
_NAMED_AS = re.compile(rf"(?<![\w-])(?i:his|her|their)\s+name\s+(?i:is|was)\s+(?P<name>{_NAME}(?:\s+{_NAME}){{0,2}})\b")
_STREET_BEFORE = re.compile(r"[A-Z]\w*\s+$")
_WORD = re.compile(r"[^\W\d_]+")


_POSSESSIVES = frozenset("my our mein meine meinem meinen meiner unser unsere unserem unseren unserer".split())
_PATTERNS: tuple[tuple[re.Pattern[str], frozenset[str] | None], ...] = (
    (_RELATION_NAME, _POSSESSIVES),
    (_NAME_RELATION, _POSSESSIVES),
    (_CALLED, frozenset({"called", "named"})),
    (_TITLE_NAME, None),
    (_ROLE_NAME, _ROLE_WORDS),
    (_NAMED_AS, frozenset({"name"})),
)
# A name given with a number or an email is read backwards from the number or the email, a few words before it.
_DETAIL = re.compile(r"[+\d][\d ().-]{7,}\d")
_NAME_BEFORE = re.compile(rf"(?<![\w'’])(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})(?:\s*[,(]\s*|\s+on\s+)\(?$")
_NAME_WINDOW = 80
# Words that make two capitalized words before a number a business, a place or a label ("Head Office, 020...",
# "Account Number, 8812...", "Smith Motors (01632...)") rather than a person.
_NOT_A_PERSON = frozenset(
    """account accounts number no ref reference order invoice booking policy customer member office head main
    team desk line service services support help helpline billing sales reception switchboard mobile phone
    landline home work fax email store shop branch company co ltd limited inc llc plc gmbh ag group market
    motors garage plumbing electrical services hospital clinic surgery practice bank insurance insurers
    airline airlines airways travel hotel centre center logistics couriers courier express direct delivery
    depot warehouse street road avenue lane drive court place square north south east west new saint st
    department dept council school college university agency partners associates solutions systems
    nummer nr konto kunde kundin bestellung rechnung buchung vertrag abteilung firma buro zentrale filiale marke
    typ modell serie strasse weg platz versicherung praxis klinik werkstatt lager dienst kundendienst""".split()
)
# Endings of German abstract nouns (a name after a German role may be a noun phrase, "Monteur Bereitschaft Nord"),
# each with the fewest letters a word needs to be read as one ("Jung" and "Hartung" are surnames).
_NOUN_ENDINGS = (("heit", 7), ("keit", 7), ("schaft", 9), ("ung", 8), ("tion", 7), ("nis", 7), ("tat", 6))


def _abstract_noun(word: str) -> bool:
    return any(word.endswith(end) and len(word) >= least for end, least in _NOUN_ENDINGS)
_MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday""".split()
)


# How a person private text names is explained; the one-click fix reads it to name them neutrally.
NAMED_IN_A_MESSAGE = "someone the customer named in a private message"
NAMED_IN_A_NOTE = "someone named in an internal note"


class PrivatePerson(NamedTuple):
    name: str
    owner: str
    explanation: str
    # Named only before a number or an email: less surely a person than after "my wife" or "Herr", so found
    # only whole ("Gary Sutcliffe"), not by a first name or surname alone.
    whole: bool


def private_people(
    ctx: ScanContext, wanted: frozenset[str] | None = None, text_words: list[tuple[str, ...]] | None = None
) -> tuple[PrivatePerson, ...]:
    """Each person private text names who is not in the profile: a private message's are the customer's
    acquaintances (owner `contact`, held on every channel like their colleagues), a note's are internal. A
    person the context already knows (the customer, a contact, staff) keeps that identity's rules. With
    `wanted` (a reply's words), only the people of texts with a capitalized word among them: the others'
    rules could not match (see `rules`). `text_words` are the canonical words of the messages, then the notes, if
    the caller has them."""
    texts: list[tuple[str, str, str, tuple[str, ...] | None]]
    texts = [(m, "contact", NAMED_IN_A_MESSAGE, None) for m in ctx.private_messages]
    texts += [(n, "internal", NAMED_IN_A_NOTE, None) for n in ctx.internal_notes]
    if text_words is not None:
        texts = [(*t[:3], seen) for t, seen in zip(texts, text_words, strict=True)]
    if wanted is not None:
        # Every rule of such a person has a word of their name that is no filler word (named_in), capitalized in
        # the text: a text none of whose other capitalized words the reply has names nobody it can mention.
        wanted = wanted - FILLER
        # A text without any of those words has none of them capitalized.
        texts = [t for t in texts if t[3] is None or not wanted.isdisjoint(t[3])]
        canonical = CANONICAL.__getitem__
        texts = [t for t in texts if not wanted.isdisjoint(map(canonical, _CAPITALIZED.findall(t[0])))]
    if not texts:
        return ()
    known = {phrase(n) for n in (ctx.customer.name, ctx.agent.real_name, *(c.name for c in ctx.contacts)) if n}
    known |= {phrase(m.name) for m in ctx.staff if m.name}
    known_words = {word for name in known for word in name.split()}
    found: dict[str, PrivatePerson] = {}
    for text, owner, explanation, seen in texts:
        for name, whole in named_in(text, None if seen is None else frozenset(seen)):
            canonical_name = phrase(name)
            words = canonical_name.split()
            if canonical_name in known or (len(words) == 1 and words[0] in known_words):
                continue
            found.setdefault(canonical_name, PrivatePerson(name, owner, explanation, whole))
    return tuple(found.values())


# Every word of a name `named_in` gives starts with a capital (its canonical words are these, see the gate above).
_CAPITALIZED = re.compile(r"[A-Z][^\W\d_]+")
# Capitalized words read as a name without a relation or a title: they may be a business, a place or a label.
_FULL_NAMES = (_NAME_BEFORE, _ROLE_NAME, _NAMED_AS)


def named_in(text: str, words: frozenset[str] | None = None) -> list[tuple[str, bool]]:
    """(name, whole) of each person one private text names, by a relation, a title, the work they do, "his name
    was", or a name given with a number or an email (whole: found only whole), known to the context or not."""
    named = []
    for pattern, match in _named(text, words):
        name = match["name"]
        whole = pattern is _NAME_BEFORE
        if pattern is _NAME_RELATION and name.lower() in _NOT_NAMES:
            continue  # "Thanks, my friend,"
        if pattern in _FULL_NAMES and (
            not _NOT_A_PERSON.isdisjoint(fold(name).split()) or any(map(_abstract_noun, fold(name).split()))
        ):
            continue
        # "Dr" after a capitalized word is a street's ("Maple Dr Tempe"), not a title.
        if pattern is _TITLE_NAME and _STREET_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            continue
        said = phrase(name).split()
        # A name with a filler word ("Will", "May") would be found wherever the word is: not taken.
        if said and said[0] not in _MONTHS_AND_DAYS and FILLER.isdisjoint(said):
            named.append((name, whole))
    return named


def _named(text: str, words: frozenset[str] | None = None) -> Iterator[tuple[re.Pattern[str], re.Match[str]]]:
    """Each match of the ways private text names a person, with its pattern. A pattern that leads with a list of
    words is run only on a text that has one of them (most have none, and trying the list at every offset costs);
    `words` are the text's canonical words (normalize.tokenize), if the caller has them."""
    if words is None:
        words = frozenset(tokenize(text).words)
    for pattern, needed in _PATTERNS:
        if (
            needed is None
            or not needed.isdisjoint(words)
            or (pattern is _ROLE_NAME and any(word.endswith(_GERMAN_ROLE_ENDINGS) for word in words))
        ):
            for match in pattern.finditer(text):
                yield pattern, match
    starts = [m.start() for m in _DETAIL.finditer(text)]
    if "@" in text:
        starts += [m.start() for m in emails.EMAIL.finditer(text)]
    for start in sorted(starts):
        before = _NAME_BEFORE.search(text, max(0, start - _NAME_WINDOW), start)
        if before is not None:
            yield _NAME_BEFORE, before


def rules(
    ctx: ScanContext, words: frozenset[str] | None = None, people: tuple[PrivatePerson, ...] | None = None
) -> Iterator[PhraseRule]:
    """Every person's rules; with `words` (a reply's), only those of people with a word among them: a rule's
    phrase is made of its person's words, so the others cannot match. `people` is private_people(ctx), when
    the caller has it."""
    public_words = handle_words(ctx.customer.handle, ctx.customer.name) | set(phrase(ctx.agent.alias).split())
    company_names = {phrase(name) for name in ctx.company.names}
    customer = ctx.customer
    if customer.name and customer.handle and phrase(customer.name) != phrase(customer.handle):
        yield from _person(
            customer.name,
            "customer",
            "the customer's real name (they post under a handle)",
            public_words,
            company_names,
            words,
        )
    # Another person's rules whose words are (part of) the customer's name too (a member of staff, or family
    # sharing a surname: "Frau Brandauer" and her father Gerold Brandauer) find the customer where the reply
    # speaks to them (reader_span).
    own = _own_phrases(customer.name)
    reader = "person:" + phrase(customer.name)

    def sharing(found: Iterator[PhraseRule]) -> Iterator[PhraseRule]:
        return (replace(rule, reader=reader) if rule.phrase in own else rule for rule in found)

    for contact in ctx.contacts:
        if contact.name:
            yield from sharing(
                _person(
                    contact.name,
                    "contact",
                    "the name of a person at the customer's organization",
                    public_words,
                    company_names,
                    words,
                )
            )
    staff: list[PhraseRule] = []
    if ctx.agent.real_name:
        staff += _person(
            ctx.agent.real_name,
            "agent",
            "the agent's real name (replies go out under an alias)",
            public_words,
            company_names,
            words,
        )
    for member in ctx.staff:
        if member.name:
            staff += _person(member.name, "agent", _STAFF_NAME, public_words, company_names, words)
        staff += _username(member.username, member.name, public_words, words)
    yield from sharing(iter(staff))
    for person in private_people(ctx) if people is None else people:
        found = _person(person.name, person.owner, person.explanation, public_words, company_names, words)
        yield from sharing(rule for rule in found if not (person.whole and rule.cue))


# Where a handle's words meet without a separator: "TomInLeeds", "BriannaH", "sam88".
_WORD_JOIN = re.compile(r"(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ])|(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def handle_words(handle: str, name: str = "") -> set[str]:
    """The canonical words a public handle shows, those it joins by their capitals or digits too ("TomInLeeds" shows
    "tom"), and a word of the customer's `name` it joins to the next word's initial, as handles are made
    ("kaylab_yeg" shows Kayla Brightwater's "kayla"): a first name among them is public wherever the handle is."""
    shown = set(phrase(handle).split()) | set(phrase(_WORD_JOIN.sub(" ", handle)).split())
    words = phrase(name).split()
    shown.update(first for first, last in zip(words, words[1:], strict=False) if first + last[0] in shown)
    return shown


def reader_name(rule: PhraseRule) -> str:
    """The explanation of the customer's own name found by the rule of someone who shares it."""
    if rule.owner == "agent":
        return "the customer's own name (a member of staff shares it)"
    return "the customer's own name (someone they know shares it)"


def _own_phrases(name: str) -> frozenset[str]:
    """What of the customer's name a staff rule may find too: each run of its words, and an initial and surname."""
    words = phrase(name).split()
    runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    if len(words) > 1:
        runs.add(phrase(f"{words[0][0].upper()}. {words[-1]}"))
    return frozenset(runs)


def _person(
    name: str,
    owner: str,
    explanation: str,
    public: set[str],
    company: set[str],
    wanted: frozenset[str] | None = None,
) -> Iterator[PhraseRule]:
    words = phrase(name).split()
    if not words or " ".join(words) in company:
        return
    first, last = words[0], words[-1]
    # German puts a first name's genitive in one word, "Theresas Vertrag" (not a word every name's "-s" makes:
    # a name that is also an ordinary word, or ends in a hissing sound, has none).
    genitive = first + "s" if first[-1] not in "sxzß" and first not in _COMMON_WORDS else ""
    if wanted is not None and wanted.isdisjoint(words) and genitive not in wanted:
        return
    key = "person:" + " ".join(words)
    if len(words) > 1:
        yield PhraseRule(" ".join(words), "person", owner, key, explanation)
    if first not in public and len(first) > 1:
        yield PhraseRule(first, "person", owner, key + ":first", explanation, cue="first")
        if genitive:
            yield PhraseRule(genitive, "person", owner, key + ":first", explanation, cue="first")
    if len(words) > 1 and last not in public and len(last) > 1:
        yield PhraseRule(last, "person", owner, key + ":last", explanation, cue="first")
        # "N. Eze", "T Zielinski": an initial and the surname name one person as surely as the full name does.
        # Canonicalized as the reply's "N." is (an address abbreviation: "north"), so that it matches.
        initial = phrase(f"{first[0].upper()}. {last}")
        yield PhraseRule(initial, "person", owner, key + ":initial", explanation, cue="first")


_STAFF_NAME = "the real name of a member of staff (customers see aliases)"
# Usernames that say nothing about who holds them: left to the other checks, as they occur in any reply.
_ROLE_USERNAMES = frozenset(
    "admin administrator support help helpdesk billing sales info team staff agent lead root test user demo "
    "manager desk service services ops dev it hr office contact hello mail noreply".split()
)


def _username(username: str, name: str, public: set[str], wanted: frozenset[str] | None = None) -> Iterator[PhraseRule]:
    """A staff username ("sokafor", "s.okafor") in any case. One that is just the person's first or last
    name is that name (with its cues); one that is a role or ordinary word identifies nobody."""
    words = phrase(username).split()
    if not words or (wanted is not None and wanted.isdisjoint(words)):
        return
    value = " ".join(words)
    key = "username:" + value
    if len(words) == 1 and (value in phrase(name).split() or value in public):
        return
    if len(words) == 1 and (value in _ROLE_USERNAMES or value in _COMMON_WORDS or len(value) < 3 or value.isdigit()):
        return
    yield PhraseRule(value, "person", "agent", key, "a member of staff's username (customers see aliases)")


def name_words(ctx: ScanContext) -> frozenset[str]:
    """The canonical words of every private person's name and username that are not ordinary words: a reply
    with one of them is found as naming that person, so other detectors need not count them (paraphrase)."""
    named = [ctx.customer.name, ctx.agent.real_name, *(c.name for c in ctx.contacts)]
    named += [part for member in ctx.staff for part in (member.name, member.username)]
    return frozenset(word for name in named if name for word in phrase(name).split()) - _COMMON_WORDS


def people_words(people: tuple[PrivatePerson, ...]) -> frozenset[str]:
    """The canonical words of the names of `people` private text names (private_people), who are found as
    persons too, as `name_words` are."""
    return frozenset(word for person in people for word in phrase(person.name).split()) - _COMMON_WORDS
