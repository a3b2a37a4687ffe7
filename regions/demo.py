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

from django.contrib.auth import get_user_model

from .models import Enrolment, Role, RoleAssignment

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


def build():
    users = ensure_users()
    ensure_enrolments()
    return users
