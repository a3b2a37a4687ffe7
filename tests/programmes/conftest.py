"""Masterplans, OPDs, programmes and status updates of Bantul (34.02) and Sleman (34.04), on top of `world`."""
from dataclasses import dataclass, field
from decimal import Decimal

import pytest


@dataclass
class Plans:
    masterplans: dict
    opds: dict
    programmes: dict = field(default_factory=dict)

    def programme(self, code):
        from programmes.models import Programme

        return Programme.objects.get(pk=self.programmes[code].pk)


def make_programme(masterplan, code, opd=None, **fields):
    from programmes.models import Programme

    values = {"name": f"Program {code}", "dimension": "governance", "term": "short", "start_year": 2020,
              "end_year": 2024, "budget_planned": Decimal("150000000"), "funding_source": "apbd_kabkota"} | fields
    programme = Programme(masterplan=masterplan, code=code, opd=opd, **values)
    programme.save()
    return programme


def build_plans(world):
    """Bantul and Sleman each with a masterplan 2019–2028, two OPDs and a few programmes (one quick win)."""
    from programmes.models import Masterplan, Opd
    from programmes.services import post_update

    masterplans, opds = {}, {}
    for code, name in (("34.02", "Bantul"), ("34.04", "Sleman")):
        masterplans[code] = Masterplan.objects.create(
            region_id=code, title=f"Masterplan Smart City Kabupaten {name} 2019–2028",
            period_start=2019, period_end=2028)
        opds[code] = [
            Opd.objects.create(region_id=code, name="Dinas Komunikasi dan Informatika", acronym="Diskominfo"),
            Opd.objects.create(region_id=code, name="Badan Perencanaan Pembangunan Daerah", acronym="Bappeda"),
        ]
    plans = Plans(masterplans=masterplans, opds=opds)
    bantul_mp, sleman_mp = masterplans["34.02"], masterplans["34.04"]
    b_kominfo, b_bappeda = opds["34.02"]
    s_kominfo, _s_bappeda = opds["34.04"]
    plans.programmes = {
        "BTL-QW-01": make_programme(bantul_mp, "BTL-QW-01", b_kominfo, name="Aplikasi Layanan Bantul Satu Pintu",
                                    term="quick_win", budget_planned=Decimal("1250000000")),
        "BTL-GOV-02": make_programme(bantul_mp, "BTL-GOV-02", b_bappeda, name="Satu Data Bantul"),
        "BTL-ECO-03": make_programme(bantul_mp, "BTL-ECO-03", b_kominfo, name="Pasar Digital Bantul",
                                     dimension="economy", term="medium"),
        "SLM-QW-01": make_programme(sleman_mp, "SLM-QW-01", s_kominfo, name="Sleman Smart Kiosk", term="quick_win"),
        "SLM-LIV-02": make_programme(sleman_mp, "SLM-LIV-02", s_kominfo, name="Sleman Sehat Online",
                                     dimension="living"),
    }
    bantul, sleman = world.users["bantul"], world.users["sleman"]
    post_update(bantul, plans.programmes["BTL-GOV-02"], {"year": 2023, "status": "running", "progress": 40})
    post_update(bantul, plans.programmes["BTL-GOV-02"], {"year": 2024, "status": "running", "progress": 60,
                                                         "budget_realised": Decimal("50000000")})
    post_update(sleman, plans.programmes["SLM-QW-01"], {"year": 2024, "status": "completed", "progress": 100})
    return plans


@pytest.fixture
def plans(world):
    return build_plans(world)
