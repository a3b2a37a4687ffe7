"""Load the instrument that ships with the portal. Idempotent: a rerun creates nothing twice and
never overwrites an edited or used instrument."""
from django.core.management.base import BaseCommand

from evaluations.services import load_default_instrument


class Command(BaseCommand):
    help = "Create the default evaluation instrument and its criteria (Bahasa Indonesia) if missing."

    def handle(self, *args, **options):
        instrument, created = load_default_instrument()
        self.stdout.write(self.style.SUCCESS(
            f"instrument {instrument.code}: {instrument.criteria.count()} criteria ({created} new)"))
