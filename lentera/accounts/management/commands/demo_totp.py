from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lentera.accounts.demo import DEMO_DEVICE_NAME, demo_totp_secret_b32


class Command(BaseCommand):
    help = "Print the current TOTP code (or the secret) of a DEMO user's demo device. Refuses real devices."

    def add_arguments(self, parser):
        parser.add_argument("user_id")
        parser.add_argument("--secret", action="store_true", help="print the base32 secret instead")

    def handle(self, *args, user_id: str, secret: bool, **options):
        device = TOTPDevice.objects.filter(user__user_id__iexact=user_id, name=DEMO_DEVICE_NAME).first()
        if device is None:
            raise CommandError(f"{user_id} has no demo TOTP device")
        if secret:
            self.stdout.write(demo_totp_secret_b32(device.user.user_id))
        else:
            self.stdout.write(
                f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
            )
