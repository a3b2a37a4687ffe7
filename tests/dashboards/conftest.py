"""A hand-built data set on top of `world` (DIY 34 with 34.01, 34.02, 34.04, 34.71; Jawa Timur 35
with 35.22; Jawa Tengah 33 with 33.18); the tests work its dashboard figures out by hand.

Programmes (current status; planned / realised budget in millions of rupiah):
  34.02 Bantul     B1 quick win, governance   running    1.000 / 400
                   B2 short, governance       stalled (budget, after running) 2.000 / 100
                   B3 medium, economy, 2025–  no update  3.000 / –
                   B4 quick win, living       completed    500 / 500
  34.04 Sleman     S1 quick win, living       stalled (human resources) 800 / 0
                   S2 short, society          planned    1.200 / –
  35.22 Bojonegoro J1 quick win, governance   completed    700 / 650
                   J2 long, environment       stalled (budget) 5.000 / 1.000
  33.18 Pati       P1 short, branding         cancelled    400 / –
Masterplans: Bantul legalised, Sleman final, Bojonegoro legalised, Pati draft.
Final evaluations (index; governance index):
  2024: Bantul 3,40 (3,50) · Sleman 3,80 (4,00) · Kota Yogyakarta 2,50 (2,00) · Bojonegoro 3,00 (none)
  2023: Bantul 3,00 · Sleman 3,60 · Bojonegoro 2,40;   Pati 2024 is in review (not counted)
"""
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.evaluations.builders import make_cycle, make_instrument
from tests.programmes.conftest import make_programme

M = Decimal(1_000_000)


@dataclass
class DashData:
    programmes: dict
    evaluations: dict
    cycles: dict


def make_masterplan(region, status, start=2018, end=2027):
    from programmes.models import Masterplan

    number = "Peraturan Bupati Nomor 1 Tahun 2019" if status == "legalised" else ""
    return Masterplan.objects.create(region_id=region, title=f"Masterplan {region}", period_start=start,
                                     period_end=end, status=status, legal_basis_number=number)


def final_evaluation(cycle, region, index, predikat, rank, governance=None, status="final"):
    from evaluations.models import Evaluation

    dims = {"governance": governance, "branding": "3.00", "economy": "3.00", "living": "3.00", "society": "3.00",
            "environment": "3.00"}
    aspects = {"baseline": "3.00", "output": "3.20", "outcome": "3.10", "impact": "2.90", "quick_win": "3.50"}
    return Evaluation.objects.create(cycle=cycle, region_id=region, status=status,
                                     index=Decimal(index) if status == "final" else None,
                                     predikat=predikat if status == "final" else "", rank=rank,
                                     dimension_indexes=dims if status == "final" else {},
                                     aspect_indexes=aspects if status == "final" else {})


def build_dashboard_data(world):
    from programmes.models import ProgrammeBudget
    from programmes.services import post_update

    admin = world.users["admin"]
    mp = {"34.02": make_masterplan("34.02", "legalised"), "34.04": make_masterplan("34.04", "final"),
          "35.22": make_masterplan("35.22", "legalised"), "33.18": make_masterplan("33.18", "draft")}

    def programme(key, region, term, dimension, budget, start=2018, end=2027, name=None):
        return make_programme(mp[region], key, name=name or f"Program {key}", term=term, dimension=dimension,
                              budget_planned=budget * M, start_year=start, end_year=end)

    p = {
        "B1": programme("B1", "34.02", "quick_win", "governance", 1000, 2023, 2024),
        "B2": programme("B2", "34.02", "short", "governance", 2000, 2022, 2024),
        "B3": programme("B3", "34.02", "medium", "economy", 3000, 2025, 2027),
        "B4": programme("B4", "34.02", "quick_win", "living", 500, 2020, 2021),
        "S1": programme("S1", "34.04", "quick_win", "living", 800, 2020, 2022),
        "S2": programme("S2", "34.04", "short", "society", 1200, 2021, 2024),
        "J1": programme("J1", "35.22", "quick_win", "governance", 700, 2018, 2019),
        "J2": programme("J2", "35.22", "long", "environment", 5000, 2018, 2027),
        "P1": programme("P1", "33.18", "short", "branding", 400, 2020, 2023),
    }

    def update(key, year, status, progress, realised=None, category="", constraint=""):
        post_update(admin, p[key], {"year": year, "status": status, "progress": progress,
                                    "budget_realised": None if realised is None else realised * M,
                                    "constraint_category": category, "constraint": constraint})

    update("B1", 2023, "running", 50, 400)
    update("B2", 2023, "running", 30, 50)
    update("B2", 2024, "stalled", 35, 100, "budget", "Refocusing anggaran")
    update("B4", 2021, "completed", 100, 500)
    update("S1", 2022, "stalled", 20, 0, "human_resources", "Programmer di OPD belum mencukupi")
    update("S2", 2024, "planned", 0)
    update("J1", 2019, "completed", 100, 650)
    update("J2", 2024, "stalled", 25, 1000, "budget", "Dana dialihkan")
    update("P1", 2023, "cancelled", 10)
    # Pagu per budget year (million Rp), each programme's years adding up to its planned budget; entered after
    # the updates, so J2's 2024 realisation above nothing is never refused. S2 and P1 have no pagu.
    for key, years in {"B1": {2023: 500, 2024: 500}, "B2": {2022: 400, 2023: 600, 2024: 1000}, "B4": {2021: 500},
                       "S1": {2022: 800}, "J1": {2019: 700}, "J2": {2024: 1200, 2025: 3800}}.items():
        for year, pagu in years.items():
            ProgrammeBudget.objects.create(programme=p[key], year=year, pagu=pagu * M, source="apbd_kabkota")

    instrument = make_instrument(3)
    cycles = {2023: make_cycle(instrument, stage="closed", year=2023),
              2024: make_cycle(instrument, stage="closed", year=2024)}
    e = {
        ("34.02", 2024): final_evaluation(cycles[2024], "34.02", "3.40", "Baik", 2, governance="3.50"),
        ("34.04", 2024): final_evaluation(cycles[2024], "34.04", "3.80", "Sangat Baik", 1, governance="4.00"),
        ("34.71", 2024): final_evaluation(cycles[2024], "34.71", "2.50", "Cukup", 4, governance="2.00"),
        ("35.22", 2024): final_evaluation(cycles[2024], "35.22", "3.00", "Baik", 3, governance=None),
        ("33.18", 2024): final_evaluation(cycles[2024], "33.18", "0", "", None, status="in_review"),
        ("34.02", 2023): final_evaluation(cycles[2023], "34.02", "3.00", "Baik", 2, governance="3.00"),
        ("34.04", 2023): final_evaluation(cycles[2023], "34.04", "3.60", "Sangat Baik", 1, governance="3.50"),
        ("35.22", 2023): final_evaluation(cycles[2023], "35.22", "2.40", "Cukup", 3, governance="2.50"),
    }
    return DashData(programmes=p, evaluations=e, cycles=cycles)


@pytest.fixture
def data(world):
    return build_dashboard_data(world)
