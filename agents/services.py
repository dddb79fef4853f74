"""Writes for staff personas. Aliases are suggested, validated against the agent's real identity, and reserved
for one person forever (`AliasRecord`)."""
import re
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from agents.identity import private_names_of
from agents.models import AliasRecord, Persona, StaffProfile, alias_key
from agents.selectors import staff_profile

# Two words, each easy to say in many languages and neither a given name nor gendered.
ALIAS_FIRST = [
    "Amber", "Ash", "Autumn", "Birch", "Bright", "Brook", "Calm", "Cedar", "Clear", "Cloud", "Coral", "Cove",
    "Dawn", "Delta", "Dune", "Ember", "Fern", "Field", "Frost", "Glen", "Harbor", "Haven", "Hazel", "Hollow",
    "Indigo", "Juniper", "Lake", "Linen", "Maple", "Meadow", "Mist", "Moss", "North", "Ocean", "Olive",
    "Quiet", "Rain", "Ridge", "River", "Sage", "Shore", "Silver", "Slate", "Snow", "Solar", "Steady", "Stone",
    "Summer", "Tide", "Valley", "Willow", "Winter",
]
ALIAS_SECOND = [
    "Alder", "Aspen", "Beacon", "Bay", "Brook", "Canyon", "Cliff", "Comet", "Crane", "Creek", "Dove",
    "Falcon", "Finch", "Fjord", "Flint", "Garnet", "Grove", "Heron", "Isle", "Jay", "Kestrel", "Kite",
    "Lark", "Ledge",
    "Lynx", "Marsh", "Mesa", "Oak", "Otter", "Owl", "Peak", "Pine", "Plover", "Quartz", "Reed", "Robin",
    "Rook", "Shale", "Sparrow", "Spruce", "Star", "Swift", "Teal", "Thrush", "Vale", "Wren",
]
ALIAS_RE = re.compile(r"^[^\W\d_][\w' .-]*$")
ALIAS_MIN, ALIAS_MAX = 2, 60
SUGGEST_TRIES = 40
ALIAS_TAKEN = _("Someone on the team has or had this alias. Choose another.")
COLLEAGUE_NAME = _("An alias must not be a colleague's real name, username or email.")
ALIAS_REAL_NAME = _("An alias must not contain your real name, username or email.")
SIGNATURE_REAL_NAME = _("A signature must not contain your real name, username or email.")


def personas_required() -> bool:
    """The team setting "require personas for everyone", read at call time so tests can override it."""
    return bool(getattr(settings, "TACT_PERSONAS", {}).get("REQUIRED", False))


def avatar_seed_new() -> str:
    """Random, so the avatar cannot be traced back to a name or an email address (unlike a Gravatar hash)."""
    return secrets.token_hex(8)


def alias_taken_by_other(alias: str, staff: StaffProfile | None) -> bool:
    """True if anyone but `staff` holds or ever held this alias."""
    key = alias_key(alias)
    records = AliasRecord.objects.filter(key=key)
    personas = Persona.objects.filter(alias__iexact=" ".join(alias.split()))
    if staff is not None:
        records = records.exclude(staff=staff)
        personas = personas.exclude(staff=staff)
    return records.exists() or personas.exists()


def alias_suggest(*, staff: StaffProfile | None = None) -> str:
    """A pronounceable, gender-neutral alias nobody else has ever had ("Harbor Wren")."""
    rng = secrets.SystemRandom()
    for attempt in range(SUGGEST_TRIES):
        alias = f"{rng.choice(ALIAS_FIRST)} {rng.choice(ALIAS_SECOND)}"
        if attempt > SUGGEST_TRIES // 2:  # the pleasant pairs are running out: add a number
            alias = f"{alias} {rng.randint(2, 999)}"
        if not (alias_taken_by_other(alias, staff) or _reveals_real_name(alias, staff)
                or _names_a_colleague(alias, staff)):
            return alias
    return f"Agent {secrets.token_hex(3).upper()}"


def _private_words(staff: StaffProfile | None) -> list[str]:
    if staff is None:
        return []
    user = staff.user
    words = [*private_names_of(user), user.username, user.email, user.email.partition("@")[0]]
    return [w for w in dict.fromkeys(w.strip() for w in words) if len(w) >= 2]


def _reveals_real_name(text: str, staff: StaffProfile | None) -> bool:
    """Whole-word, case-insensitive: "Al" as a first name does not match "Also"."""
    words = _private_words(staff)
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.IGNORECASE) for word in words)


def _names_a_colleague(alias: str, staff: StaffProfile | None) -> bool:
    """Whether the alias holds another staff member's full name (either order), username or email.

    Taking a colleague's real name would make customers believe they deal with that person, and would put
    the colleague's name in every reply; a username ("mokonkwo") names them as surely, and the alias is
    published unscanned. First or last names alone are common words and stay allowed, and so does a username
    that is only one of them.
    """
    text = alias_key(alias)
    others = User.objects.filter(staff__isnull=False)
    if staff is not None:
        others = others.exclude(pk=staff.user_id)
    for first, last, email, username in others.values_list("first_name", "last_name", "email", "username"):
        first, last = alias_key(first), alias_key(last)
        names = [f"{first} {last}", f"{last} {first}"] if first and last else []
        names.append(alias_key(email))
        if alias_key(username) not in (first, last):
            names.append(alias_key(username))
        if any(name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in names):
            return True
    return False


def _clean_alias(alias: str, staff: StaffProfile) -> str:
    alias = " ".join((alias or "").split())
    if not ALIAS_MIN <= len(alias) <= ALIAS_MAX:
        raise ValidationError({"alias": _("An alias is %(ALIAS_MIN)s to %(ALIAS_MAX)s characters long.")
            % {"ALIAS_MIN": ALIAS_MIN, "ALIAS_MAX": ALIAS_MAX}})
    if not ALIAS_RE.match(alias):
        raise ValidationError({"alias": _("Use letters and spaces (hyphens, apostrophes and dots are fine).")})
    if _reveals_real_name(alias, staff):
        raise ValidationError({"alias": ALIAS_REAL_NAME})
    if _names_a_colleague(alias, staff):
        raise ValidationError({"alias": COLLEAGUE_NAME})
    if alias_taken_by_other(alias, staff):
        raise ValidationError({"alias": ALIAS_TAKEN})
    return alias


def _clean_signature(signature: str, staff: StaffProfile) -> str:
    signature = (signature or "").strip()
    if len(signature) > 500:
        raise ValidationError({"signature": _("A signature is limited to 500 characters.")})
    if _reveals_real_name(signature, staff):
        raise ValidationError({"signature": SIGNATURE_REAL_NAME})
    return signature


def _clean_pronouns(pronouns: str) -> str:
    pronouns = " ".join((pronouns or "").split())
    if len(pronouns) > 30:
        raise ValidationError({"pronouns": _("Pronouns are limited to 30 characters.")})
    return pronouns


def _reserve(alias: str, staff: StaffProfile) -> None:
    """Record the alias for this person for good. The unique key settles a race between two people."""
    record, _created = AliasRecord.objects.get_or_create(
        key=alias_key(alias), defaults={"alias": alias, "staff": staff}
    )
    if record.staff_id != staff.pk:
        raise ValidationError({"alias": ALIAS_TAKEN})


def persona_assign(
    *, staff: StaffProfile, alias: str | None = None, pronouns: str = "", signature: str = ""
) -> Persona:
    """Give a staff member their persona; without an alias, suggest one. Pronouns stay blank unless chosen."""
    if Persona.objects.filter(staff=staff).exists():
        raise ValidationError({"alias": _("This person already has a persona; rename it instead.")})
    alias = _clean_alias(alias if alias is not None else alias_suggest(staff=staff), staff)
    try:
        with transaction.atomic():
            _reserve(alias, staff)
            return Persona.objects.create(
                staff=staff,
                alias=alias,
                avatar_seed=avatar_seed_new(),
                pronouns=_clean_pronouns(pronouns),
                signature=_clean_signature(signature, staff),
            )
    except IntegrityError:  # another request took the alias between our check and our insert
        raise ValidationError({"alias": ALIAS_TAKEN}) from None


def _may_edit(actor, persona: Persona) -> bool:
    profile = staff_profile(actor)
    return profile is not None and (profile.pk == persona.staff_id or profile.role == "admin")


def persona_rename(*, persona: Persona, alias: str, actor) -> Persona:
    """Change the alias going forward. Published replies keep the alias they were sent under (a snapshot)."""
    return persona_update(persona=persona, actor=actor, alias=alias)


def persona_update(
    *,
    persona: Persona,
    actor,
    alias: str | None = None,
    pronouns: str | None = None,
    signature: str | None = None,
    new_avatar: bool = False,
) -> Persona:
    """Edit one's own persona (or, for an admin, anyone's). The old alias stays reserved for this person."""
    if not _may_edit(actor, persona):
        raise PermissionDenied(_("Only the agent themselves or an admin may change a persona."))
    staff = persona.staff
    fields = []
    old_alias = persona.alias
    if alias is not None and " ".join(alias.split()) != persona.alias:
        persona.alias = _clean_alias(alias, staff)
        fields.append("alias")
    if pronouns is not None:
        persona.pronouns = _clean_pronouns(pronouns)
        fields.append("pronouns")
    if signature is not None:
        persona.signature = _clean_signature(signature, staff)
        fields.append("signature")
    if new_avatar:
        persona.avatar_seed = avatar_seed_new()
        fields.append("avatar_seed")
    if not fields:
        return persona
    try:
        with transaction.atomic():
            if "alias" in fields:
                # The old alias too, in case the persona predates alias records: it retires, it is not freed.
                AliasRecord.objects.get_or_create(
                    key=alias_key(old_alias), defaults={"alias": old_alias, "staff": staff}
                )
                _reserve(persona.alias, staff)
            persona.save(update_fields=fields)
    except IntegrityError:
        raise ValidationError({"alias": ALIAS_TAKEN}) from None
    return persona
