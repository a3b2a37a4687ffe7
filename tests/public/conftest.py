"""A published world for the public pages: the personas' regions (tests/conftest.py) with a legalised
masterplan for Bantul, a draft one for Sleman, programmes with updates, and evaluations in a closed cycle
(published) and an open one (not)."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from model_bakery import baker

from evaluations.models import Cycle
from programmes.models import Masterplan, Programme, ProgrammeUpdate
from tests import clock
from tests.clock import today
from tests.evaluations.builders import make_cycle, make_evaluation, make_instrument

MARK = "ZQXSENTINEL"  # what no public page, dataset or catalogue may ever show


def mark(field):
    return f"{MARK}-{field}"


PUBLIC_PDF = b"%PDF-1.4 Masterplan Smart City Bantul (published by the region)"


def pdf_marked(field):
    return ContentFile(b"%PDF-1.4 " + mark(field).encode())


@pytest.fixture
def published_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    users = world.users
    bantul_plan = Masterplan.objects.create(region_id="34.02", title="Masterplan Smart City Bantul 2019-2023",
                                            period_start=2019, period_end=2023, status=Masterplan.Status.LEGALISED,
                                            legal_basis_number="Perbup 12/2019", document_public=True)
    bantul_plan.document.save("bantul.pdf", ContentFile(PUBLIC_PDF), save=True)
    draft_plan = Masterplan.objects.create(region_id="34.04", title=mark("draft_masterplan_title"),
                                           period_start=2020, period_end=2024, status=Masterplan.Status.DRAFT,
                                           document_public=True)  # marked, but a draft: not public
    draft_plan.document.save("draft.pdf", pdf_marked("draft_masterplan_document"), save=True)
    # Final, so on the public page, but its region never marked the document public.
    kept_plan = Masterplan.objects.create(region_id="34.02", title="Masterplan Smart City Bantul 2024-2028",
                                          period_start=2024, period_end=2028, status=Masterplan.Status.FINAL)
    kept_plan.document.save("bantul-2024.pdf", pdf_marked("unpublished_masterplan_document"), save=True)
    running = Programme.objects.create(masterplan=bantul_plan, region_id="34.02", code="QW-01", name="Bantul Pintar",
                                       description=mark("programme_description"), dimension="governance",
                                       term="quick_win", start_year=2019, end_year=2023,
                                       budget_planned=Decimal("987654321"))
    hidden = Programme.objects.create(masterplan=draft_plan, region_id="34.04", code="P-01",
                                      name=mark("programme_of_draft_masterplan"), dimension="economy", term="short",
                                      start_year=2020, end_year=2022)
    for programme in (running, hidden):
        update = ProgrammeUpdate.objects.create(programme=programme, year=2021, status="stalled", progress=40,
                                                constraint=mark("update_constraint"),
                                                next_steps=mark("update_next_steps"),
                                                evidence_url="https://example.org/" + mark("update_evidence"),
                                                author=users["bantul"])
        programme.current_update = update
        programme.current_year, programme.current_status = 2021, "stalled"
        programme.save()
    users["penilai"].first_name, users["penilai"].last_name = mark("assessor_first"), mark("assessor_last")
    users["penilai"].email = mark("assessor") + "@example.org"
    users["penilai"].save()
    instrument = make_instrument()
    closed = make_cycle(instrument, "closed", year=2021)
    open_cycle = make_cycle(instrument, "assessment", year=2022)
    final = make_evaluation(closed, "34.02", status="final", assessors=[users["penilai"]], lead=users["penilai"])
    final.index, final.predikat, final.rank = Decimal("3.45"), "Baik", 1
    final.dimension_indexes = {"governance": "3.50", "economy": "3.20"}
    final.strengths = mark("narrative_strengths")
    final.recommendations = mark("narrative_recommendations")
    final.rank_province, final.rank_national, final.published_at = 1, 1, clock.now()
    final.save()
    # The 2021 cycle is published under the ministry's letter (arranged, as evaluations.transitions would).
    Cycle.objects.filter(pk=closed.pk).update(status="published", letter_number="B-1/DJAI/AI.01.04/12/2021",
                                              letter_date=dt.date(2021, 12, 28), published_at=clock.now())
    unfinished = make_evaluation(closed, "34.04", status="in_review")
    unfinished.strengths = mark("in_review_strengths")
    unfinished.predikat = mark("in_review_predikat")
    unfinished.save()
    open_final = make_evaluation(open_cycle, "34.02", status="final")
    open_final.index, open_final.predikat, open_final.rank = Decimal("4.44"), mark("open_cycle_predikat"), 7
    open_final.save()
    enrolment = world.enrolment("34.02")
    enrolment.notes = mark("enrolment_notes")
    enrolment.mou_number = mark("mou_number")
    enrolment.save()
    baker.make("evaluations.SelfAssessment", evaluation=final, criterion=instrument.criteria.first(), level=4,
               explanation=mark("self_assessment_explanation"),
               evidence_url="https://example.org/" + mark("self_assessment_evidence"), updated_by=users["bantul"])
    return {"final": final, "open_final": open_final, "programme": running, "today": today(),
            "plans": {"public": bantul_plan, "draft": draft_plan, "kept": kept_plan}}
