"""The scanner for staff-written text a customer reads outside a reply (a lead's warning; an organization's name
or a customer's, `name_findings`), checked when it is written rather than by the worker: the writer is waiting,
and the text is short and fixed.

Such text is read by the customer alone, so it is checked as a private reply on the ticket would be; a notice
about no ticket is checked against the customer's details all the same.
"""
import functools
from collections.abc import Callable, Sequence

from agents.identity import staff_private_identities
from redaction.context import ticket_context
from redaction.policy import current_policy, desk_regions
from redaction.scanner import Policy, ScanContext, names, scan_parts
from redaction.scanner.findings import OWNERS
from redaction.scanner.normalize import phrase
from redaction.scanner.phones import PhoneMatcher
from tickets.models import Customer, Ticket


def text_findings(*, customer: Customer, ticket: Ticket | None, texts: list[str]) -> list[dict]:
    """Findings in any of `texts`, each with the index of its text as `part`."""
    about = ticket if ticket is not None else Ticket(customer=customer, replies_public=False)
    context = ticket_context(ticket=about, author=None)
    policy = current_policy()
    return [
        {**finding.as_dict(), "part": index}
        for index, findings in enumerate(scan_parts(texts, context, policy))
        for finding in findings
    ]


# Names customers read (an organization's, their own) are checked with every kind of every owner a leak, whatever
# the deployment's reply policy: a name never needs an email, a phone or a card, on any channel. People are read
# in a scan of their own (`STAFF_POLICY`), so that the staff names the check lets through (a first name) cannot
# take the place of what it refuses: in "pat_alice@mail.example" a colleague's first name overlaps the address.
NAME_POLICY = Policy.from_dict({"public": {owner: "*" for owner in OWNERS}})
STAFF_POLICY = Policy.from_dict({"public": {"agent": ["person"]}})


def name_findings(
    *, texts: Sequence[str], person: Sequence[bool], emails: Sequence[str] = (), phones: Sequence[str] = (),
    own_emails: Sequence[str] = (), own_phones: Sequence[str] = (),
) -> list[list[dict]]:
    """What refuses each of `texts` as a name customers read: the findings of scans against the staff
    directory and the given `emails` and `phones` (the people who read it: an organization's customers and
    contacts), kept where a name never has them, in the order they occur.

    Every kind but people counts as the scanner finds it: any email (a staff member's spelled out too), any phone
    number valid in the desk's regions (`TACT_REDACTION["REGIONS"]`) or those of the numbers it knows, the readers'
    own emails and numbers in any form, cards, IBANs, government ids and IP addresses. Of people, only what names
    one member of staff whole: their full name as the scanner's rule writes it, and their username where it is
    written as such and reads as a login (`_reads_as_login`). A first name, a surname or an initial and surname
    ("Harper Logistics", "H. Lee Ltd") is an ordinary part of names and passes, as does a username that is a plain
    word ("alex"). A `person`'s name that is exactly one staff member's full name (nothing around it) passes too:
    people share names, and the name alone ties nobody to the desk; an organization named exactly so does not.

    `own_emails` and `own_phones`: the details of the one customer the names are shown to (their own record, their
    own thread); theirs in any form the scanner reads them are theirs to read, so they refuse nothing. Everyone
    else's still do.
    """
    texts = list(texts)
    staff = staff_private_identities()
    known_emails = [*emails, *(member["email"] for member in staff if member["email"])]
    details = {
        "channel": "public",
        "regions": desk_regions(),
        "customer": {"emails": known_emails, "phones": list(phones)},
    }
    people = {"channel": "public", "staff": staff}
    own = _own_details(own_emails, own_phones)
    full_names, logins = _whole_names(tuple((member["name"], member["username"]) for member in staff))
    results = []
    scans = zip(texts, person, scan_parts(texts, details, NAME_POLICY), scan_parts(texts, people, STAFF_POLICY),
                strict=True)
    for text, is_person, found, named in scans:
        kept = [finding for finding in found if not own(text[finding.start:finding.end], finding.kind)]
        for finding in named:
            span = text[finding.start:finding.end]
            said = f" {phrase(span)} "
            login = any(
                f" {value} " in said and any(raw in span.lower() for raw in raws) for value, raws in logins.items()
            )
            full = [value for value in full_names if f" {value} " in said]
            if login or (full and not (is_person and full == [phrase(text)])):
                kept.append(finding)
        results.append([finding.as_dict() for finding in sorted(kept, key=lambda f: (f.start, f.kind == "person"))])
    return results


def _own_details(emails: Sequence[str], phones: Sequence[str]) -> Callable[[str, str], bool]:
    """Whether a span found as `kind` is one of the reader's own details, compared as the scanner compares known
    ones: an email in any case, a number by its national significant number in any format
    (`phones.PhoneMatcher`)."""
    addresses = {email.strip().lower() for email in emails if email.strip()}
    numbers = PhoneMatcher.build([(phone, "customer", "") for phone in phones if phone.strip()],
                                 ScanContext.from_dict({"regions": desk_regions()}).phone_regions)

    def own(span: str, kind: str) -> bool:
        if kind == "email":
            return span.strip().lower() in addresses
        return kind == "phone" and bool(numbers.known) and numbers.lookup(span) is not None

    return own


@functools.lru_cache(maxsize=8)
def _whole_names(staff: tuple[tuple[str, str], ...]) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The canonical full names of a staff directory, and the usernames that read as logins (by canonical form,
    each with how it is written), as the scanner's own rules write them; once per directory, as the scanner
    keeps its parsed directory."""
    context = ScanContext.from_dict({"staff": [{"name": name, "username": username} for name, username in staff]})
    full_names: set[str] = set()
    username_rules: set[str] = set()
    for rule in names.rules(context):
        if rule.key.startswith("username:"):
            username_rules.add(rule.phrase)
        elif not rule.key.endswith((":first", ":last", ":initial")):
            full_names.add(rule.phrase)
    logins: dict[str, set[str]] = {}
    for name, username in staff:
        if phrase(username) in username_rules and _reads_as_login(username, name):
            logins.setdefault(phrase(username), set()).add(username.lower())
    return frozenset(full_names), {value: frozenset(raws) for value, raws in logins.items()}


def _reads_as_login(username: str, name: str) -> bool:
    """Whether a staff username, written in a name, is the login rather than a word a name may hold: one with a
    character other than letters ("s.okafor", "jsmith42"), or one run together from its owner's names
    ("hlee", "sokafor", "harperlee"). A plain word ("alex", "tiger") is read as a word, as a first name is."""
    if not username.isalpha():
        return True
    value = "".join(phrase(username).split())
    parts = phrase(name).split()
    if len(parts) < 2:
        return False
    first, last = parts[0], parts[-1]
    return value in {first + last, last + first, first[0] + last, first + last[0], last + first[0]}
