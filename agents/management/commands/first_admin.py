"""`manage.py first_admin USERNAME`: give the account `createsuperuser` made the administrator role.

Django's superuser flag opens nothing in Tact (`agents.permissions`: roles alone), so a new desk's first
administrator gets the role here, once: while an administrator can sign in, this refuses, and roles are granted
with a second admin's approval (`agents.staff.first_admin_make`, recorded on the audit trail).
"""
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from agents.staff import first_admin_make


class Command(BaseCommand):
    help = "Make an account (from createsuperuser) the desk's first administrator; refused once there is one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            first_admin_make(username=options["username"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{options['username']} is now an administrator: sign in, write a persona, open /admin/.")
