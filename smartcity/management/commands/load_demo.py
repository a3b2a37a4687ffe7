"""Fill the portal with the demo story of the seed articles. Idempotent: a rerun changes nothing."""
from django.core.management.base import BaseCommand
from django.db import transaction

from evaluations import demo as evaluations_demo
from monitoring import demo as monitoring_demo
from notifications import demo as notifications_demo
from programmes import demo as programmes_demo
from regions import demo as regions_demo
from regions.participants import load_participants
from regions.services import load_regions


class Command(BaseCommand):
    help = "Load demo users, enrolments and programmes (needs no data; loads regions and participants if missing)."

    @transaction.atomic
    def handle(self, *args, **options):
        load_regions()
        load_participants()
        regions_demo.build()
        programmes_demo.build()
        evaluations_demo.build()
        monitoring_demo.build()
        notifications_demo.build()
        self.stdout.write(self.style.SUCCESS("demo data ready; every demo account has the password "
                                             f"'{regions_demo.DEMO_PASSWORD}'"))
