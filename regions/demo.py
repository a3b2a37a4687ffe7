"""Demo users and enrolments, told from the seed articles (shared/seeds, shared/FACTS.md).

Where the articles are silent (exact MoU dates of most regions, decree numbers, the
25th name of the 2017 cohort), the values are invented plausibly and marked so here.
Every function is idempotent: running the demo again changes nothing.
"""
import datetime as dt

from django.contrib.auth import get_user_model

from .models import Enrolment, Region, Role, RoleAssignment

DEMO_PASSWORD = "smartcity-demo"

# Seed 002 lists 24 names for the 25 regions of 2017 and does not say kabupaten or kota for
# Semarang, Bekasi, Bogor, Tangerang, Sukabumi, Cirebon and Bandung: we take the kota for each.
# The 25th region is not named there; Kota Surabaya is our (invented) pick.
COHORT_2017 = [
    "Kota Semarang", "Kabupaten Banyuwangi", "Kabupaten Badung", "Kota Makassar", "Kabupaten Gresik",
    "Kabupaten Sidoarjo", "Kota Tangerang Selatan", "Kota Sukabumi", "Kota Bekasi", "Kota Samarinda",
    "Kota Tangerang", "Kabupaten Banyuasin", "Kota Bandung", "Kabupaten Sleman", "Kota Bogor", "Kabupaten Siak",
    "Kota Jambi", "Kota Cirebon", "Kabupaten Kutai Kartanegara", "Kabupaten Lombok Timur", "Kota Tomohon",
    "Kabupaten Pelalawan", "Kabupaten Mimika", "Kabupaten Bojonegoro", "Kota Surabaya",
]

# (code, cohort, MoU number, MoU date, bimtek 1 date). Kulon Progo's MoU number and first bimtek
# (Wednesday 4 July 2018, Aula Ardikarta, Gedung Kaca) are from seed 001; Bantul "this year included
# as one of the 100" is seed 000 (2018); Pati is seed 004. Other numbers and dates are invented.
NAMED_ENROLMENTS = [
    ("34.01", 2018, "54/MoU. KP/KHM/208", dt.date(2018, 6, 7), dt.date(2018, 7, 4)),
    ("34.02", 2018, "55/MoU. KP/KHM/2018", dt.date(2018, 6, 7), dt.date(2018, 7, 5)),
    ("33.18", 2018, "71/MoU. KP/KHM/2018", dt.date(2018, 6, 7), dt.date(2018, 7, 10)),
    ("34.71", 2019, "12/MoU. KP/KHM/2019", dt.date(2019, 4, 23), dt.date(2019, 5, 14)),
    ("34.03", 2021, "08/MoU. KP/KHM/2021", dt.date(2021, 3, 30), dt.date(2021, 5, 18)),
]

# In 2024 provinces joined as smart provinces (DESIGN.md §1): Jawa Barat and DIY (Jogja Smart Province).
SMART_PROVINCES = [("34", dt.date(2024, 3, 5)), ("32", dt.date(2024, 3, 5))]

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


def _enrol(region, cohort, mou_number, mou_date, bimtek_1=None, *, council=None, team=None, bimtek_rest=()):
    if Enrolment.objects.filter(region=region).exists():
        return
    bimtek = [bimtek_1, *bimtek_rest] + [None] * 4
    Enrolment.objects.create(
        region=region, cohort_year=cohort, mou_number=mou_number, mou_date=mou_date,
        council_decree_number=council[0] if council else "", council_decree_date=council[1] if council else None,
        team_decree_number=team[0] if team else "", team_decree_date=team[1] if team else None,
        bimtek_1_date=bimtek[0], bimtek_2_date=bimtek[1], bimtek_3_date=bimtek[2], bimtek_4_date=bimtek[3],
    )


def _bimtek_after(first):
    """Four sessions about five weeks apart (invented spacing; the articles give only Kulon Progo's first)."""
    return [first + dt.timedelta(weeks=5 * i) for i in (1, 2, 3)]


def ensure_enrolments():
    by_name = {r.name: r for r in Region.objects.filter(name__in=COHORT_2017)}
    missing = sorted(set(COHORT_2017) - set(by_name))
    if missing:
        raise RuntimeError(f"regions not loaded: {missing}; run load_regions first")
    for i, name in enumerate(COHORT_2017, start=1):
        region = by_name[name]
        # MoUs of the 2017 cohort were signed in May 2017 (seed 002); numbers and day invented.
        first = dt.date(2017, 6, 12)
        _enrol(region, 2017, f"{i:02d}/MoU. KP/KHM/2017", dt.date(2017, 5, 22), first,
               council=(f"188.45/{100 + i}/KEP/2017", dt.date(2017, 7, 3)),
               team=(f"188.45/{200 + i}/KEP/2017", dt.date(2017, 7, 10)),
               bimtek_rest=_bimtek_after(first))
    regions = Region.objects.in_bulk([code for code, *_ in NAMED_ENROLMENTS] + [c for c, _ in SMART_PROVINCES])
    for code, cohort, mou, mou_date, bimtek_1 in NAMED_ENROLMENTS:
        year = mou_date.year
        _enrol(regions[code], cohort, mou, mou_date, bimtek_1,
               council=(f"188/{code.replace('.', '')}/KEP/{year}", mou_date + dt.timedelta(days=40)),
               team=(f"188/{code.replace('.', '')}/TIM/{year}", mou_date + dt.timedelta(days=47)),
               bimtek_rest=_bimtek_after(bimtek_1))
    for code, mou_date in SMART_PROVINCES:
        _enrol(regions[code], 2024, f"SP-{code}/MoU. KOMDIGI/2024", mou_date, dt.date(2024, 4, 16),
               bimtek_rest=_bimtek_after(dt.date(2024, 4, 16))[:1])


def build():
    users = ensure_users()
    ensure_enrolments()
    return users
