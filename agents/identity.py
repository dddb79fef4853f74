"""The one place that decides what anyone may see of an agent.

Customers and the public get the persona, always; so do staff. The real name is shown to admins only, after
a second admin approved the request (`agents.reveals`), and every reveal is recorded. Nothing outside this app
reads an agent's real name, username or email for display.
"""
import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_noop

from agents.models import Persona

# What customers see of an agent without a persona. Customer-facing text keeps it as published (a reply's stored
# alias, `public_identity`); staff pages read it in the viewer's language (`public_name`).
TEAM_NAME_FALLBACK = gettext_noop("Support team")


@dataclass(frozen=True)
class PublicIdentity:
    name: str
    avatar_seed: str
    pronouns: str = ""
    signature: str = ""


@dataclass(frozen=True)
class RealIdentity:
    """What an admin sees after a recorded reveal."""

    full_name: str
    username: str
    email: str
    reveal_id: int


def persona_of(user: User | None) -> Persona | None:
    if user is None:
        return None
    try:
        return user.staff.persona
    except Exception:  # no staff profile or no persona yet: the caller falls back to the team
        return None


def public_identity(user: User | None) -> PublicIdentity:
    """What a customer (or anyone) sees of a staff user: the persona, or the team's name if there is none."""
    persona = persona_of(user)
    if persona is None:
        return PublicIdentity(name=TEAM_NAME_FALLBACK, avatar_seed="team")
    return PublicIdentity(
        name=persona.alias,
        avatar_seed=persona.avatar_seed,
        pronouns=persona.pronouns,
        signature=persona.signature,
    )


def public_name(alias: str | None) -> str:
    """A colleague's name on a staff page from a persona alias read with other columns (None: no persona yet),
    for a query that fetches the alias alongside its own rows (the duty roster, the schedule's shifts): the
    alias, or the team's name in the viewer's language (what customers see is `public_identity`'s)."""
    return gettext(TEAM_NAME_FALLBACK) if alias is None else alias


def public_names(users: QuerySet[User]) -> list[tuple[int, str]]:
    """(id, name on a staff page) for each of `users`, in its order: `public_name`s from two columns, for lists
    of every colleague on each page load (the inbox's assignee filter, the leads' pickers) that would otherwise
    build a user, a staff profile and a persona per person."""
    return [(pk, public_name(alias)) for pk, alias in users.values_list("pk", "staff__persona__alias")]


def staff_account_names() -> tuple[dict[int, str], dict[str, str]]:
    """Every staff member's name on a staff page by user id, and by username (lower-cased): to show the account
    a failed sign-in tried on the audit trail as whose account it is, never as the username itself."""
    rows = User.objects.filter(staff__isnull=False).values_list("pk", "username", "staff__persona__alias")
    by_id: dict[int, str] = {}
    by_username: dict[str, str] = {}
    for pk, username, alias in rows:
        by_id[pk] = by_username[username.lower()] = public_name(alias)
    return by_id, by_username


def private_names_of(user: User | None) -> list[str]:
    """An agent's real names, for the leak scanner only: a reply must never disclose them."""
    if user is None:
        return []
    names = [user.get_full_name(), user.first_name, user.last_name]
    return [name for name in dict.fromkeys(n.strip() for n in names) if name]


def staff_private_identities() -> list[dict[str, str]]:
    """Every staff member's real identity (name, username, email), for the leak scanner only: a reply must
    disclose no colleague's, past staff's included. Aliases are public and are not here."""
    users = User.objects.filter(staff__isnull=False).order_by("id").only("first_name", "last_name", "username", "email")
    return [
        {"name": user.get_full_name().strip(), "username": user.get_username(), "email": user.email}
        for user in users
    ]


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


# Words of a role's mailbox (support@, customer-care@, no-reply@): an account named for a role ("support", "help")
# does not make the role's mailbox a person's.
ROLE_MAILBOX_WORDS = frozenset({
    "support", "help", "helpdesk", "desk", "info", "billing", "accounts", "sales", "contact", "team", "service",
    "services", "admin", "hello", "care", "customer", "customers", "no", "noreply", "reply", "donotreply", "do",
    "not", "feedback", "enquiries", "inquiries", "office", "mail", "orders", "returns", "tech", "it", "ops",
})


def _role_mailbox(local_part: str) -> bool:
    words = re.split(r"[^0-9a-z]+", local_part)
    return any(words) and all(word in ROLE_MAILBOX_WORDS for word in words if word)


def address_names_staff(address: str) -> bool:
    """Whether an address the desk would send from names a member of staff, past staff included: their own
    email, or a mailbox named by their username, their email's mailbox or their full name (either order,
    any separators). Customers read it in every reply's From and Reply-To.

    A mailbox made of role words (`ROLE_MAILBOX_WORDS`: support@, customer-care@) names no one by a username
    alike; it still names a person whose own email has that mailbox or whose first, last or full name it is."""
    address = address.strip().lower()
    local_part = address.partition("@")[0]
    mailbox, role = _letters(local_part), _role_mailbox(local_part)
    people = User.objects.filter(staff__isnull=False).values_list("username", "email", "first_name", "last_name")
    for username, email, first, last in people:
        if address == email.strip().lower():
            return True
        own_mailbox, first, last = _letters(email.partition("@")[0]), _letters(first), _letters(last)
        if mailbox and mailbox == own_mailbox:
            return True
        if role:
            if mailbox in {first, last, first + last, last + first}:
                return True
            continue
        if mailbox and mailbox == _letters(username):
            return True
        if first and last and (first + last in mailbox or last + first in mailbox):
            return True
    return False
