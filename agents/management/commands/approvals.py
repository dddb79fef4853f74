"""`manage.py approvals --as USERNAME list|approve ID|reject ID [--note TEXT]`: decide from a shell.

An operator acts as a named staff member, through the same services as the pages and the API
(`agents.approvals`): the person named must be allowed to decide the request (their role, their queues, not
their own request), and the audit trail records them. There is no way to decide as nobody.
"""
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from agents.approvals import approval_approve, approval_decidable_by, approval_reject, approvals_visible_to
from agents.models import PendingAction
from agents.selectors import staff_profile


class Command(BaseCommand):
    help = "List, approve or reject requests waiting for a second person, acting as a named staff member."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", required=True, help="the staff member who decides")
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("list", help="requests this person may decide")
        for verb in ("approve", "reject"):
            decide = sub.add_parser(verb)
            decide.add_argument("id", type=int)
            if verb == "reject":
                decide.add_argument("--note", default="", help="shown to the requester")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None or staff_profile(user) is None:
            raise CommandError(f"{options['username']!r} is not active staff.")
        if options["verb"] == "list":
            for action in approvals_visible_to(user):
                asked = f"{action.created_at:%Y-%m-%d %H:%M}"
                self.stdout.write(f"#{action.pk}\t{action.kind}\t{action.summary}\tasked {asked}\twhy: {action.reason}")
            return
        action = PendingAction.objects.filter(pk=options["id"]).first()
        if action is None or not approval_decidable_by(user, action):
            raise CommandError(f"No request #{options['id']} that {user.username} may decide.")
        try:
            if options["verb"] == "approve":
                done = approval_approve(action=action, approver=user)
                self.stdout.write(f"Approved and done: {done.summary}. Result: {done.result}")
            else:
                approval_reject(action=action, approver=user, note=options["note"])
                self.stdout.write(f"Rejected: {action.summary}.")
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
