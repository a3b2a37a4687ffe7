"""Load every known participant of every intake of the movement from regions/data/participants.csv.

Idempotent and part of the setup (after load_regions): a missing enrolment is created, an
unedited one is brought up to the data file, and one a user has edited, entered or deleted is
left as it is.
"""
from django.core.management.base import BaseCommand

from regions.participants import load_participants


class Command(BaseCommand):
    help = "Load the known participants of every intake of the Gerakan Menuju Smart City (after load_regions)."

    def handle(self, *args, **options):
        result = load_participants()
        self.stdout.write(
            f"participants: {result.total} in the source, {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.kept} kept as edited"
        )
