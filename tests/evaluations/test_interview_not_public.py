"""The presentation and interview is the assessors' internal record: none of it reaches a public page or
dataset, even for a published evaluation (the crawl of tests/public/test_sentinel.py)."""
import datetime as dt

from django.test import Client
from django.urls import reverse

from evaluations.models import Interview
from tests.public.conftest import MARK, published_world  # noqa: F401  (the published world, as a fixture)
from tests.public.test_sentinel import crawl


def test_no_interview_record_reaches_a_public_page(published_world, world):  # noqa: F811
    Interview.objects.create(evaluation=published_world["final"], date=dt.date(2021, 12, 7), mode="online",
                             venue=f"{MARK}-interview_venue", attendees=f"{MARK}-interview_attendees",
                             notes=f"{MARK}-interview_notes", recorded_by=world.users["admin"])
    bodies = crawl(Client(), [reverse("public:national")])
    assert reverse("public:region", args=["34.02"]) in bodies
    assert not [url for url, body in bodies.items() if f"{MARK}-interview" in body]
