"""`manage.py demo_code`: the current second-factor code of the demo accounts, for trying `./tact run` without
an authenticator app. It only computes codes for the demo's published key, so it gives nothing away elsewhere."""
from django.core.management.base import BaseCommand
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tickets.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current code of the demo accounts' authenticator (demo key only)."

    def handle(self, *args, **options):
        devices = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).select_related("user")
        if not devices:
            self.stdout.write("No account uses the demo key.")
        for device in devices.order_by("user__username"):
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
            self.stdout.write(f"{device.user.get_username()}: {code:0{device.digits}d}")
