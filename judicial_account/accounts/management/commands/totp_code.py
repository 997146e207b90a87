from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from judicial_account.accounts.models import User
from judicial_account.accounts.services import otp_device_for


class Command(BaseCommand):
    """For trying the demo without an authenticator app. Refuses to run with DEBUG off:
    on a real deployment the one-time code must come from the person's own device."""

    help = "Print the current one-time code of a user's authenticator (development only)."

    def add_arguments(self, parser):
        parser.add_argument("iin")

    def handle(self, *args, iin, **options):
        if not settings.DEBUG:
            raise CommandError("totp_code works only with DEBUG on.")
        user = User.objects.filter(iin=iin).first()
        device = otp_device_for(user) if user else None
        if device is None:
            raise CommandError(f"No authenticator for IIN {iin}.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
