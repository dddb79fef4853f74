"""What the audit trail keeps of a failed sign-in: whose account was tried, never the text typed.

The name typed at a failed sign-in may be anything: a colleague's or customer's username, their email typed by
mistake, a real name, or a password typed in the wrong box. A lead needs to know which account was tried (a
colleague locked out, a customer guessing, one account attacked from many addresses) and whether unknown names
are the same one over and over or a spray of many; neither needs the text. So the entry records:

- for a name that is an account's username, or the email of exactly one account (case and spaces aside): that
  user as the entry's target, `{"account": "staff" | "customer" | "other", "by": "username" | "email"}`, and a
  customer account's customer id. The pages show a staff account by persona (leads and auditors read staff by
  persona only);
- for any other name: `{"account": "unknown", "tried": <keyed hash>}`, the first 16 hex digits of an HMAC-SHA256
  of the name (case and spaces aside) keyed by the site's secret, so the same name tried twice gives the same
  hash and nobody without the key can test a guess against it.

Entries recorded before this kept the name as typed; the trail is append-only and chained, so they stay as they
are in the database, and the pages and the export show them the way new entries read.

django-axes counts failures under the same name (`lockout_name`, its `AXES_USERNAME_CALLABLE`): an account's
username for a name that is one (in any case), the keyed hash for any other (an account's email among them:
only a username signs in), so its tables and the Django admin keep no text typed either.
"""
from django.contrib.auth.models import User
from django.utils.crypto import salted_hmac

from agents.audit import audit_record

ACTION = "auth.login_failed"
_HASH_SALT = "agents.signin_audit.tried"
NAME_MAX = 254  # no username or email is longer; a longer text is no account's


def tried_hash(tried: str) -> str:
    """The keyed hash of a name tried at a failed sign-in, the same for the same name in any case."""
    return salted_hmac(_HASH_SALT, " ".join(tried.split()).casefold(), algorithm="sha256").hexdigest()[:16]


def tried_account(tried: str, request=None) -> tuple[User | None, str]:
    """The one account `tried` names, by username (its exact spelling first) or by email, and how. Looked up
    once per request: django-axes asks `lockout_name` for it several times a failed sign-in (before the password
    is checked, on the failure, after it) and the audit entry asks once more."""
    if request is None:
        return _tried_account(tried)
    # DRF's Request wraps Django's: the memo lives on the one request both are about.
    memo = getattr(request, "_request", request).__dict__.setdefault("_tact_tried_accounts", {})
    if tried not in memo:
        memo[tried] = _tried_account(tried)
    return memo[tried]


def _tried_account(tried: str) -> tuple[User | None, str]:
    name = tried.strip()
    if not name or len(name) > NAME_MAX:
        return None, ""
    by_username = list(User.objects.filter(username__iexact=name).select_related("staff", "customer")[:2])
    exact = [user for user in by_username if user.username == name]
    if len(exact) == 1 or len(by_username) == 1:
        return (exact or by_username)[0], "username"
    if "@" in name:
        by_email = list(User.objects.filter(email__iexact=name).select_related("staff", "customer")[:2])
        if len(by_email) == 1:
            return by_email[0], "email"
    return None, ""


def signin_failed_record(*, tried: str, request=None) -> None:
    """Record a failed sign-in with `tried`, the name typed (the password is never passed here)."""
    user, by = tried_account(str(tried), request)
    if user is None:
        audit_record(actor=None, action=ACTION, request=request,
                     data={"account": "unknown", "tried": tried_hash(str(tried))})
        return
    customer = getattr(user, "customer", None)
    kind = "staff" if hasattr(user, "staff") else "customer" if customer is not None else "other"
    audit_record(actor=None, action=ACTION, target=user, customer=customer.pk if customer is not None else None,
                 request=request, data={"account": kind, "by": by})


def lockout_name(request, credentials: dict | None = None) -> str | None:
    """The name django-axes counts and stores a sign-in under (`AXES_USERNAME_CALLABLE`): the username of the
    account whose username the typed name is (in any case), else `unknown:<keyed hash>` (no username has a
    colon). Only a username signs in, so an account's email guesses none of its password: it is counted as a
    name of its own, so that whoever knows a customer's email cannot keep their account locked out, nor learn by
    a lockout which username it belongs to. Lockout stays per account and per name; no typed text reaches axes'
    tables."""
    data = credentials if credentials else getattr(request, "data", getattr(request, "POST", {}))
    tried = data.get("username") if data else None
    if not tried:
        return tried
    user, by = tried_account(str(tried), request)
    return user.get_username() if user is not None and by == "username" else f"unknown:{tried_hash(str(tried))}"


def signin_failed_shown(entry, staff_names: tuple[dict[int, str], dict[str, str]]) -> dict:
    """A failed sign-in's data as the trail's readers see it: a staff account by persona (`staff_account`), and
    an entry recorded with the name as typed (before `signin_failed_record`) as a new one reads: a staff
    member's username by persona, any other name by its keyed hash. `staff_names`: `staff_account_names()`."""
    data = dict(entry.data)
    by_id, by_username = staff_names
    if data.get("account") == "staff" and entry.target_id and int(entry.target_id) in by_id:
        return {**data, "staff_account": by_id[int(entry.target_id)]}
    if "username" not in data:
        return data
    tried = str(data.pop("username"))
    if tried.lower() in by_username:
        return {**data, "staff_account": by_username[tried.lower()]}
    return {**data, "account": "unknown", "tried": tried_hash(tried)}
