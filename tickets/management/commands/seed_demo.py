"""`manage.py seed_demo`: fill an empty desk with demo data (safe to run again; adds only what is missing)."""
from django.core.management.base import BaseCommand

from tickets.demo import DEMO_PASSWORD, LOGINS, demo_build


class Command(BaseCommand):
    help = "Create demo queues, staff with personas, customers and tickets. Idempotent."

    def handle(self, *args, **options):
        added = demo_build()
        if added["tickets"] or added["macros"]:
            self.stdout.write(f"Demo data: added {added['tickets']} tickets and {added['macros']} macros.")
        else:
            self.stdout.write("Demo data already in place.")
        self.stdout.write(f"\nDemo sign-ins (password for every account: {DEMO_PASSWORD})")
        for role, username, hint in LOGINS:
            self.stdout.write(f"  {role:<11} {username:<7} {hint}")
