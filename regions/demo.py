"""Demo users and the milestones of the demo regions' enrolments, told from the seed articles
and ../shared/FACTS.md.

Who took part in which intake is reference data, not demo: `load_participants` loads it from
regions/data/participants.csv (with the intake's MoU day and place) before the demo runs. The demo
adds what a region's staff would have entered since: MoU numbers, the decrees of the Dewan Smart
City and the Tim Pelaksana, and the four bimtek stages (1 readiness; 2 mapping to the RPJMD and
Renstra; 3 innovation; 4 implementation and quick wins). Values from the seeds and FACTS.md say so
where they are set; every other value is INVENTED (marked so below). It fills only what is still
blank, so running the demo again changes nothing.
"""
import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from .models import Award, Enrolment, FiscalCapacity, RegionProfile, Role, RoleAssignment, Rpjmd

DEMO_PASSWORD = "smartcity-demo"

# Tahap I (2017): bimtek ran July–November 2017 (seed 002); Bojonegoro's first was on 17–18 July 2017
# (FACTS.md) and Lombok Timur's fourth on 26–27 October 2017 (research/cohorts.md). The 2nd and 3rd
# dates, every MoU number and every decree below are INVENTED, except Bojonegoro's council decree.
BIMTEK_2017 = (dt.date(2017, 7, 17), dt.date(2017, 8, 22), dt.date(2017, 9, 26), dt.date(2017, 10, 26))
BOJONEGORO_COUNCIL = ("188/157/KEP/412.013/2017", dt.date(2017, 7, 13))  # FACTS.md: Keputusan Bupati

# (code, intake, MoU number, first bimtek). Kulon Progo's MoU number (as printed) and first bimtek
# (Wednesday 4 July 2018, Aula Ardikarta, Gedung Kaca) are seed 001; Gunungkidul's intake is Tahap III
# (MoU Wednesday 15 May 2019, FACTS.md). Every other MoU number and bimtek date is INVENTED.
NAMED_ENROLMENTS = [
    ("34.01", 2018, "54/MoU. KP/KHM/208", dt.date(2018, 7, 4)),
    ("34.02", 2018, "55/MoU. KP/KHM/2018", dt.date(2018, 7, 5)),  # invented
    ("33.18", 2018, "71/MoU. KP/KHM/2018", dt.date(2018, 7, 10)),  # invented
    ("34.71", 2018, "62/MoU. KP/KHM/2018", dt.date(2018, 7, 11)),  # invented
    ("34.03", 2019, "08/MoU. KP/KHM/2019", dt.date(2019, 6, 24)),  # invented
]

# The smart provinces (FACTS.md): DIY and Jawa Barat, chosen in 2022, Nota Kesepakatan Tuesday
# 28 February 2023 (loaded with the participants). DIY's Gugus Tugas decree (Dewan, Tim Pelaksana,
# Pokja) was handed over on 12 July 2023 with the kick-off of Masterplan JSP 2.0; its number is
# INVENTED. Jawa Barat's bimtek IV was held 24–25 October 2023 in Bandung.
DIY_TASK_FORCE = ("188/KEP/GT-JSP/2023", dt.date(2023, 7, 12))  # number invented, date FACTS.md
# DIY's instruments (Kepgub 163/KEP/2017, Pergub 46/2019 …) are told by its masterplan and
# programmes in programmes/demo.py.
JABAR_BIMTEK_4 = dt.date(2023, 10, 24)

DEMO_USERS = [
    # username, first name, last name, role, region code
    ("admin", "Sekretariat", "Nasional", Role.ADMIN, None),
    ("kementerian", "Rina", "Kusumawati", Role.MINISTRY, None),
    ("diy", "Bambang", "Prasetyo", Role.PROVINCE_OFFICER, "34"),
    ("bantul", "Sri", "Wahyuni", Role.REGION_STAFF, "34.02"),
    ("sleman", "Agus", "Santoso", Role.REGION_STAFF, "34.04"),
    ("penilai", "Dr. Hendra", "Wijaya", Role.ASSESSOR, None),
]


def ensure_users():
    User = get_user_model()
    users = {}
    for username, first, last, role, region in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last,
                                         "email": f"{username}@demo.smartcity.go.id"})
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=role, region_id=region)
        users[username] = user
    return users


def _fill(enrolment, **values):
    """Set the fields that are still blank; save (into the history) only when something was set."""
    changed = False
    for field, value in values.items():
        if value not in ("", None) and getattr(enrolment, field) in ("", None):
            setattr(enrolment, field, value)
            changed = True
    if changed:
        enrolment.version += 1  # an edit like any other: a form opened before it is stale
        enrolment.save()


def _bimtek_after(first):
    """Stages 2–4 about five weeks apart (INVENTED spacing; the articles give only first sessions)."""
    return [first + dt.timedelta(weeks=5 * i) for i in (1, 2, 3)]


def _enrolment(code, year):
    try:
        return Enrolment.objects.select_related("region").get(region_id=code, cohort_year=year)
    except Enrolment.DoesNotExist:
        raise RuntimeError(f"no {year} enrolment of {code}; run load_participants first") from None


def ensure_enrolments():
    """Milestones of Tahap I and of the demo's named regions, on the loaded enrolments."""
    tahap_1 = Enrolment.objects.filter(cohort_year=2017, status=Enrolment.Status.ACTIVE, region__parent__isnull=False)
    if not tahap_1.exists():
        raise RuntimeError("no participants loaded; run load_regions and load_participants first")
    for i, enrolment in enumerate(tahap_1.order_by("region_id"), start=1):
        council = BOJONEGORO_COUNCIL if enrolment.region_id == "35.22" else (
            f"188.45/{100 + i}/KEP/2017", dt.date(2017, 7, 3))  # invented
        # Lombok Timur signed no MoU on 22 May 2017 (it is not on the signing list): no number.
        _fill(enrolment, mou_number=f"{i:02d}/MoU. KP/KHM/2017" if enrolment.mou_date else "",  # invented
              council_decree_number=council[0], council_decree_date=council[1],
              team_decree_number=f"188.45/{200 + i}/KEP/2017", team_decree_date=dt.date(2017, 7, 10),  # invented
              bimtek_1_date=BIMTEK_2017[0], bimtek_2_date=BIMTEK_2017[1], bimtek_3_date=BIMTEK_2017[2],
              bimtek_4_date=BIMTEK_2017[3])
    for code, year, mou, bimtek_1 in NAMED_ENROLMENTS:
        enrolment = _enrolment(code, year)
        rest = _bimtek_after(bimtek_1)
        _fill(enrolment, mou_number=mou,
              council_decree_number=f"188/{code.replace('.', '')}/KEP/{year}",  # invented
              council_decree_date=bimtek_1 + dt.timedelta(days=14),
              team_decree_number=f"188/{code.replace('.', '')}/TIM/{year}",  # invented
              team_decree_date=bimtek_1 + dt.timedelta(days=21),
              bimtek_1_date=bimtek_1, bimtek_2_date=rest[0], bimtek_3_date=rest[1], bimtek_4_date=rest[2])
    diy = _enrolment("34", 2023)
    _fill(diy, council_decree_number=DIY_TASK_FORCE[0], council_decree_date=DIY_TASK_FORCE[1],
          team_decree_number=DIY_TASK_FORCE[0], team_decree_date=DIY_TASK_FORCE[1])
    _fill(_enrolment("32", 2023), bimtek_4_date=JABAR_BIMTEK_4)


# --- the region's context: awards, RPJMD, profile by year ---------------------------------------------------

KOMINFO = "Kementerian Komunikasi dan Informatika"
AWARDS = [
    # Seed 002: Malam Penghargaan Menuju 100 Smart City, Wednesday 15 November 2017, Hotel Santika Premiere,
    # KS Tubun, Jakarta, received by the head of Dinas Kominfo Bojonegoro.
    ("35.22", 2017, dt.date(2017, 11, 15), "Penghargaan Gerakan Menuju 100 Smart City", "",
     "Masterplan smart city dan quick win, Tahap I", KOMINFO),
    # Seed 004: Top IT & Telco 2019, received on 27 March 2019. The organiser is not named in the seed; the
    # Top IT & Telco awards are Majalah Itech's (INFERRED).
    ("33.18", 2019, dt.date(2019, 3, 27), "Top IT & Telco 2019", "",
     "Top Innovative E-Government for Supporting to Small Medium Enterprises", "Majalah Itech"),
    # FACTS.md: Gunungkidul's own site reports Smart Branding awards in 2021 and 2023; the days are not known.
    ("34.03", 2021, None, "Penghargaan Smart Branding Gerakan Menuju Smart City", "branding",
     "", KOMINFO),
    ("34.03", 2023, None, "Penghargaan Smart Branding Gerakan Menuju Smart City", "branding",
     "", KOMINFO),
]

# Seed 003: Bantul's RPJMD 2021–2026 names smart city a duty. Every Perda number and date here is INVENTED.
RPJMDS = [
    ("34.02", 2021, 2026, "Peraturan Daerah Kabupaten Bantul Nomor 3 Tahun 2021", dt.date(2021, 8, 5)),
    ("34.02", 2016, 2021, "Peraturan Daerah Kabupaten Bantul Nomor 12 Tahun 2016", dt.date(2016, 11, 28)),
    ("35.22", 2018, 2023, "Peraturan Daerah Kabupaten Bojonegoro Nomor 2 Tahun 2019", dt.date(2019, 3, 14)),
]

# Profiles by year: INVENTED in their detail, kept near the public orders of magnitude (Bantul about a million
# people, an APBD over Rp 2 triliun; Bojonegoro about 1,3 million, an APBD swollen by oil revenue-sharing).
# (code, year, population, APBD murni, APBD perubahan, PAD, fiscal capacity, IPM, poverty %, SPBE index)
T = 10 ** 12
M = 10 ** 9
PROFILES = [
    ("34.02", 2019, 1_018_402, 2.31 * T, 2.42 * T, 482 * M, FiscalCapacity.MEDIUM, "80.01", "13.43", "2.61"),
    ("34.02", 2020, 985_770, 2.45 * T, 2.19 * T, 421 * M, FiscalCapacity.MEDIUM, "80.01", "14.07", "2.98"),
    ("34.02", 2021, 990_120, 2.38 * T, 2.44 * T, 517 * M, FiscalCapacity.MEDIUM, "80.28", "14.04", "3.12"),
    ("34.02", 2022, 995_264, 2.52 * T, 2.61 * T, 566 * M, FiscalCapacity.MEDIUM, "80.69", "12.99", "3.34"),
    ("35.22", 2017, 1_251_000, 3.46 * T, 3.71 * T, 308 * M, FiscalCapacity.VERY_HIGH, "67.28", "14.34", None),
    ("35.22", 2018, 1_255_300, 3.29 * T, 3.54 * T, 331 * M, FiscalCapacity.VERY_HIGH, "67.85", "13.16", "2.46"),
    ("35.22", 2019, 1_259_900, 4.37 * T, 4.94 * T, 346 * M, FiscalCapacity.VERY_HIGH, "68.75", "12.38", "2.87"),
]

# Where the bimtek sessions were held. Kulon Progo's first is seed 001; Bantul's venue is the hall of seed 003,
# used here for its sessions (INVENTED).
BIMTEK_VENUES = {
    ("34.01", 2018): {"bimtek_1_venue": "Aula Ardikarta, Gedung Kaca, Wates"},
    ("34.02", 2018): {f"bimtek_{n}_venue": "Ruang Mandala Saba Pracima, Komplek Parasamya" for n in (1, 2, 3, 4)},
}


def _rupiah(value):
    return Decimal(round(value)) if value is not None else None


def ensure_context():
    """Awards, RPJMD and profiles of the demo regions; what exists already is left as it is."""
    for code, year, date, title, dimension, category, awarded_by in AWARDS:
        Award.objects.get_or_create(region_id=code, year=year, title=title, defaults={
            "date": date, "dimension": dimension, "category": category, "awarded_by": awarded_by})
    for code, start, end, number, date in RPJMDS:
        Rpjmd.objects.get_or_create(region_id=code, period_start=start, defaults={
            "period_end": end, "regulation_number": number, "regulation_date": date})
    for code, year, population, murni, perubahan, pad, fiscal, ipm, poverty, spbe in PROFILES:
        RegionProfile.objects.get_or_create(region_id=code, year=year, defaults={
            "population": population, "apbd_murni": _rupiah(murni), "apbd_perubahan": _rupiah(perubahan),
            "pad": _rupiah(pad), "fiscal_capacity": fiscal, "ipm": Decimal(ipm), "poverty_rate": Decimal(poverty),
            "spbe_index": Decimal(spbe) if spbe else None,
            "source": "Demo: angka dikarang mendekati data BPS dan APBD (bukan data resmi)"})
    for (code, year), venues in BIMTEK_VENUES.items():
        _fill(_enrolment(code, year), **venues)


def build():
    users = ensure_users()
    ensure_enrolments()
    ensure_context()
    return users
