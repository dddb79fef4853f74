"""`manage.py seed_demo`: fill an empty desk with demo data (safe to run again; adds only what is missing).

An operator's tool for a development desk only: it creates staff of every role, an admin included, with one
known password, so it refuses to run unless TACT_DEBUG (or the test suite) is on.
"""
from base64 import b32encode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tickets.demo import DEMO_PASSWORD, DEMO_TOTP_KEY, DEMO_TOTP_USERS, LOGINS, demo_build


class Command(BaseCommand):
    help = "Create demo queues, staff with personas, customers and tickets. Idempotent."

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.TESTING):
            raise CommandError("seed_demo creates staff with a known password: only on a development desk "
                               "(TACT_DEBUG=1).")
        added = demo_build()
        if added["tickets"] or added["macros"]:
            self.stdout.write(f"Demo data: added {added['tickets']} tickets and {added['macros']} macros.")
        else:
            self.stdout.write("Demo data already in place.")
        self.stdout.write(f"\nDemo sign-ins (password for every account: {DEMO_PASSWORD})")
        for role, username, hint in LOGINS:
            self.stdout.write(f"  {role:<11} {username:<7} {hint}")
        secret = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
        self.stdout.write(
            f"\n{' and '.join(DEMO_TOTP_USERS)} also give a code (demo only): add the key {secret} to an "
            "authenticator app, or run `.venv/bin/python manage.py demo_code`."
        )
