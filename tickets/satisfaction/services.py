"""Customer satisfaction (CSAT): a one-click rating link in an email when a ticket is solved, rated once.

The link carries the survey's id signed with Django's signing (secret key, salt `SALT`, a timestamp), so it
cannot be forged or pointed at another survey, and it expires after `TACT_CSAT["LINK_DAYS"]`. It is single-use
because the answer is written by a conditional update of a row still unrated: two clicks racing each other
record one answer. A rating is final, comment included: what leads read is what the customer said once.

The survey goes only to a customer who can be emailed (not suspended, not deleted, with an address: a public
post's poster without one gets none), once per ticket, when it is solved as resolved (never as spam or a
duplicate). The email names the team and the ticket's reference, never a member of staff.
"""
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.identity import persona_of
from tickets.models import ClosureReason, Message, MessageKind, Restriction, Status, Ticket
from tickets.notifications import notification_schedule_csat
from tickets.satisfaction.models import Rating, SatisfactionSurvey
from tickets.services import event_record, text_check

logger = logging.getLogger(__name__)

SALT = "tickets.satisfaction.survey"
COMMENT_MAX_CHARS = 2000


class SurveyLinkInvalid(Exception):
    """Not a link we made (tampered, truncated, another site's): the page says so, as a 404."""


class SurveyLinkExpired(Exception):
    """A link we made, too old to use."""


class AlreadyRated(Exception):
    """The survey was answered before (another click won, or a second visit)."""


def link_days() -> int:
    return settings.TACT_CSAT["LINK_DAYS"]


def survey_token(survey: SatisfactionSurvey) -> str:
    return signing.dumps(survey.pk, salt=SALT)


def survey_urls(survey: SatisfactionSurvey) -> tuple[str, str]:
    """The good and bad links of the email, absolute."""
    base = settings.TACT_SITE_URL.rstrip("/") + reverse("survey_rate", args=[survey_token(survey)])
    return f"{base}?r={Rating.GOOD}", f"{base}?r={Rating.BAD}"


def survey_for_token(token: str) -> SatisfactionSurvey:
    """The survey a link names; SurveyLinkInvalid or SurveyLinkExpired otherwise."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=link_days() * 86400)
    except signing.SignatureExpired:
        raise SurveyLinkExpired from None
    except signing.BadSignature:
        raise SurveyLinkInvalid from None
    if not isinstance(pk, int):
        raise SurveyLinkInvalid
    survey = SatisfactionSurvey.objects.filter(pk=pk, ticket__deleted_at__isnull=True).select_related("ticket").first()
    if survey is None:
        raise SurveyLinkInvalid
    return survey


def _eligible(ticket: Ticket) -> bool:
    customer = ticket.customer
    return (
        ticket.status == Status.SOLVED
        and ticket.closure_reason == ClosureReason.RESOLVED
        and ticket.deleted_at is None
        and customer.deleted_at is None
        and customer.restriction != Restriction.SUSPENDED
        and bool(customer.primary_email)
        and not SatisfactionSurvey.objects.filter(ticket=ticket).exists()
    )


def survey_on_solve(*, ticket: Ticket) -> SatisfactionSurvey | None:
    """Ask the customer of a ticket just solved for a rating, if they should be asked (see the module). Runs in
    the solving transaction; a survey the gate's check refuses is skipped, never the solve with it."""
    if not _eligible(ticket):
        return None
    last_reply = (
        Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)
        .select_related("author_user__staff__persona")
        .order_by("-created_at", "-pk")
        .first()
    )
    author = last_reply.author_user if last_reply else None
    try:
        with transaction.atomic():
            survey = SatisfactionSurvey.objects.create(
                ticket=ticket, customer=ticket.customer, queue=ticket.queue, persona=persona_of(author),
                alias=last_reply.author_alias if last_reply else "",
            )
            good_url, bad_url = survey_urls(survey)
            notification_schedule_csat(ticket=ticket, good_url=good_url, bad_url=bad_url, days=link_days())
            event_record(ticket=ticket, actor=None, kind="survey_sent", survey=survey.pk)
    except ValidationError:
        logger.warning("ticket %s: satisfaction survey not sent (the template would reveal private details)",
                       ticket.pk)
        return None
    return survey


def survey_on_solve_receiver(sender, *, ticket: Ticket, **kwargs) -> None:
    """`tickets.services.ticket_solved`'s receiver (connected in `tickets.apps`)."""
    survey_on_solve(ticket=ticket)


def survey_rate(*, survey: SatisfactionSurvey, rating: str, comment: str = "") -> SatisfactionSurvey:
    """Record the customer's answer, once. AlreadyRated if it was answered before."""
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose good or bad.")})
    comment = (comment or "").strip()
    text_check(comment, field="comment")
    if len(comment) > COMMENT_MAX_CHARS:
        raise ValidationError({"comment": _("Comments are limited to %(limit)s characters.")
            % {"limit": f"{COMMENT_MAX_CHARS:,}"}})
    now = timezone.now()
    with transaction.atomic():
        if not SatisfactionSurvey.objects.filter(pk=survey.pk, rated_at__isnull=True).update(
            rating=rating, comment=comment, rated_at=now
        ):
            raise AlreadyRated
        event_record(ticket=survey.ticket, actor=None, kind="survey_rated", rating=rating,
                     commented=bool(comment))
    survey.rating, survey.comment, survey.rated_at = rating, comment, now
    return survey
