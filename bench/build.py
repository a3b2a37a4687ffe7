"""Build the national-scale bench data set on the bench PostgreSQL database, with bulk inserts.

    python bench/build.py            # build if the data set is not there yet (count check)
    python bench/build.py --rebuild  # flush the bench database and build again

552 regions (regions.services.load_regions), 250 enrolments across cohorts 2017–2024 (the demo's
named ones included), the demo users, one masterplan and 12 OPDs per enrolled region, 16,000
programmes (all six dimensions, all terms) and ~80,000 yearly updates with each programme's
current_update pointer set. Deterministic: the same seed builds the same data.

Everything but the regions, the demo users and the demo's 32 named enrolments goes in through
bulk_create, so it has no django-simple-history rows (the audit trail is not what is measured).

Extension point: BUILDERS below is the ordered list of steps. When the evaluations app lands, add
a build_evaluations step (five cycles of ~250 evaluations × ~40 criteria × 3 raters) to it and
its count to is_built(); nothing here fakes evaluation data before then.
"""
import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal
from zoneinfo import ZoneInfo

import common

SEED = 20170522  # the day the 2017 cohort signed its MoUs
JAKARTA = ZoneInfo("Asia/Jakarta")
LAST_REPORT_YEAR = 2025

# The movement reached its first 100 regions by 2019 (25 + 75, then 100 more); later cohorts are smaller.
COHORT_QUOTAS = {2017: 25, 2018: 75, 2019: 100, 2020: 10, 2021: 10, 2022: 10, 2023: 10, 2024: 10}
PROGRAMMES = 16_000
TERM_WEIGHTS = {"quick_win": 10, "short": 30, "medium": 35, "long": 25}
TERM_YEARS = {"quick_win": 3, "short": 3, "medium": 5, "long": 9}
CORRECTION_RATE = 0.28  # a mid-year revision is posted as a second update of the same year
STALLED_SHARE, CANCELLED_SHARE = 0.15, 0.03

# What "the data set is there" means; a smaller count is a partial build and is rebuilt.
EXPECTED = {"regions": 552, "enrolments": 240, "programmes": 15_000, "updates": 75_000}


# --- steps ---------------------------------------------------------------------------------------

def build_regions(ctx):
    from regions.services import load_regions

    result = load_regions()
    return f"{result.total} regions ({result.created} created)"


def build_users(ctx):
    from regions.demo import ensure_users

    ctx["users"] = ensure_users()
    return f"{len(ctx['users'])} demo users"


def build_enrolments(ctx):
    from regions.demo import ensure_enrolments
    from regions.models import Enrolment, Region

    rng = ctx["rng"]
    ensure_enrolments()  # the demo's named regions (2017 cohort, Bantul, Kulon Progo, Pati, DIY, ...)
    existing = dict(Enrolment.objects.values_list("region_id", "cohort_year"))
    taken = Counter(existing.values())
    candidates = list(Region.objects.exclude(kind=Region.Kind.PROVINCE).exclude(code__in=list(existing))
                      .order_by("code").values_list("code", flat=True))
    rng.shuffle(candidates)
    new = []
    for cohort, quota in COHORT_QUOTAS.items():
        for i in range(taken[cohort] + 1, quota + 1):
            mou = dt.date(cohort, rng.randint(3, 6), rng.randint(1, 28))
            first = mou + dt.timedelta(days=rng.randint(20, 45))
            code = candidates.pop()
            new.append(Enrolment(
                region_id=code, cohort_year=cohort, mou_number=f"{i:03d}/MoU. KP/KHM/{cohort}", mou_date=mou,
                council_decree_number=f"188/{code.replace('.', '')}/KEP/{cohort}",
                council_decree_date=mou + dt.timedelta(days=40),
                team_decree_number=f"188/{code.replace('.', '')}/TIM/{cohort}",
                team_decree_date=mou + dt.timedelta(days=47),
                bimtek_1_date=first, bimtek_2_date=first + dt.timedelta(weeks=5),
                bimtek_3_date=first + dt.timedelta(weeks=10),
                bimtek_4_date=first + dt.timedelta(weeks=15) if cohort < 2024 else None))
    Enrolment.objects.bulk_create(new, batch_size=1000)
    ctx["enrolments"] = list(Enrolment.objects.select_related("region").order_by("region_id"))
    return f"{len(ctx['enrolments'])} enrolments ({len(new)} bulk-created)"


def build_masterplans_and_opds(ctx):
    from programmes.demo import OPDS, PLANS
    from programmes.models import Masterplan, Opd

    rng = ctx["rng"]
    masterplans, opds = [], []
    for enrolment in ctx["enrolments"]:
        region = enrolment.region
        if region.code in PLANS:
            title, start, end, status, legal, legal_date, *_ = PLANS[region.code]
        else:
            start = enrolment.cohort_year
            end = start + 9
            status = rng.choice([Masterplan.Status.LEGALISED] * 3 + [Masterplan.Status.FINAL, Masterplan.Status.DRAFT])
            title = f"Masterplan Smart City {region.name} {start}–{end}"
            legal = f"Peraturan Kepala Daerah {region.name} Nomor {rng.randint(1, 90)} Tahun {start}" \
                if status == Masterplan.Status.LEGALISED else ""
            legal_date = dt.date(start, rng.randint(7, 12), rng.randint(1, 28)) if legal else None
        masterplans.append(Masterplan(region=region, title=title, period_start=start, period_end=end, status=status,
                                      legal_basis_number=legal, legal_basis_date=legal_date))
        opds.extend(Opd(region=region, name=name, acronym=acronym) for name, acronym in OPDS)
    Masterplan.objects.bulk_create(masterplans, batch_size=1000)
    Opd.objects.bulk_create(opds, batch_size=2000)
    ctx["masterplans"] = masterplans
    ctx["opds"] = {(o.region_id, o.acronym): o.pk for o in opds}
    return f"{len(masterplans)} masterplans, {len(opds)} OPDs"


def _programme_counts(rng, n):
    """n counts around PROGRAMMES / n that add up to PROGRAMMES exactly."""
    mean = PROGRAMMES // n
    counts = [rng.randint(mean - 24, mean + 24) for _ in range(n)]
    i = 0
    while (diff := PROGRAMMES - sum(counts)) != 0:
        counts[i % n] += 1 if diff > 0 else -1
        i += 1
    return counts


def build_programmes(ctx):
    from programmes.demo import CATALOGUE
    from programmes.models import Programme

    rng = ctx["rng"]
    masterplans = ctx["masterplans"]
    programmes = []
    for masterplan, count in zip(masterplans, _programme_counts(rng, len(masterplans)), strict=True):
        offset = rng.randrange(len(CATALOGUE))
        for i in range(count):
            # Walking the catalogue in order covers all six dimensions in every region.
            dimension, sub, name, opd, description = CATALOGUE[(offset + i) % len(CATALOGUE)]
            phase = i // len(CATALOGUE)
            term = rng.choices(list(TERM_WEIGHTS), weights=list(TERM_WEIGHTS.values()))[0]
            start = masterplan.period_start + (0 if term == "quick_win" else rng.randint(0, 3))
            programmes.append(Programme(
                masterplan=masterplan, region_id=masterplan.region_id,  # save() is bypassed: set the copy here
                code=f"{dimension[:3].upper()}-{i + 1:03d}", name=name if not phase else f"{name} tahap {phase + 1}",
                description=description, dimension=dimension, sub_dimension=sub, term=term,
                opd_id=ctx["opds"][(masterplan.region_id, opd)], start_year=start,
                end_year=min(masterplan.period_end, start + TERM_YEARS[term] - 1),
                budget_planned=Decimal(rng.randrange(150, 4800) * 1_000_000),
                funding_source=rng.choice(["apbd", "apbd", "apbd", "apbn", "partnership", "other"])))
    Programme.objects.bulk_create(programmes, batch_size=2000)
    ctx["programmes"] = programmes
    return f"{len(programmes)} programmes"


@contextmanager
def _keep_created_at(model):
    # auto_now_add would stamp every bulk-created row with today; the bench wants reports spread over years.
    field = model._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def _updates_of(programme, rng, author_id):
    from programmes.demo import OTHER_STALLS
    from programmes.models import UpdateStatus as S

    last = min(programme.end_year, LAST_REPORT_YEAR)
    length = programme.end_year - programme.start_year + 1
    fate = rng.random()
    stall_from = programme.start_year + rng.randint(1, 3)
    planned = programme.budget_planned / length
    progress, updates = 0, []
    for k, year in enumerate(range(programme.start_year, last + 1)):
        extra = {}
        if fate < STALLED_SHARE and year >= stall_from:
            status, progress = S.STALLED, min(progress + 5, 60)
            category, text = rng.choice(OTHER_STALLS)
            extra = {"constraint_category": category, "constraint": text,
                     "next_steps": "Koordinasi dengan Bappeda untuk penjadwalan ulang."}
        elif fate < STALLED_SHARE + CANCELLED_SHARE and year >= stall_from:
            status = S.CANCELLED
        else:
            progress = max(progress, min(99, round(100 * (k + 1) / length * rng.uniform(0.7, 1.0))))
            if year == programme.end_year and rng.random() < 0.8:
                progress = 100
            status = S.COMPLETED if progress == 100 else (S.IN_DEVELOPMENT if progress < 40 else S.RUNNING)
            extra = {"next_steps": "" if status == S.COMPLETED else "Perluasan cakupan layanan."}
        posted = [dt.datetime(year + 1, 1, rng.randint(8, 28), 9, rng.randint(0, 59), tzinfo=JAKARTA)]
        if rng.random() < CORRECTION_RATE and status not in (S.COMPLETED, S.CANCELLED):
            posted.append(dt.datetime(year + 1, 3, rng.randint(1, 28), 14, rng.randint(0, 59), tzinfo=JAKARTA))
        for created_at in posted:
            updates.append(dict(
                programme_id=programme.pk, year=year, status=status, progress=progress, author_id=author_id,
                budget_realised=(planned * Decimal(rng.randint(55, 100)) / 100).quantize(Decimal(1000)),
                evidence_url=f"https://{programme.region_id.replace('.', '')}.bench.smartcity.go.id/bukti/"
                             f"{programme.code.lower()}-{year}",
                created_at=created_at, **extra))
        if status in (S.COMPLETED, S.CANCELLED):
            break
    return updates


def build_updates(ctx):
    from django.contrib.auth import get_user_model

    from programmes.demo import PLANS
    from programmes.models import Programme, ProgrammeUpdate

    rng = ctx["rng"]
    # Updates are posted by the region's own staff where the demo has an account, else by the secretariat.
    staff = dict(get_user_model().objects.filter(username__in=[p[7] for p in PLANS.values()])
                 .values_list("username", "pk"))
    authors = {code: staff.get(plan[7]) for code, plan in PLANS.items()}
    fallback = ctx["users"]["admin"].pk
    rows, last_of = [], {}
    for programme in ctx["programmes"]:
        mine = _updates_of(programme, rng, authors.get(programme.region_id) or fallback)
        if mine:
            rows.extend(ProgrammeUpdate(**row) for row in mine)
            last_of[programme.pk] = rows[-1]  # the latest: highest year, then newest
    with _keep_created_at(ProgrammeUpdate):
        ProgrammeUpdate.objects.bulk_create(rows, batch_size=5000)
    changed = []
    for programme in ctx["programmes"]:
        update = last_of.get(programme.pk)
        if update is not None:
            programme.current_update_id = update.pk
            changed.append(programme)
    Programme.objects.bulk_update(changed, ["current_update"], batch_size=2000)
    return f"{len(rows)} updates, {len(changed)} current_update pointers"


# The extension point: steps run in this order, in one transaction. Append build_evaluations here
# when the evaluations app lands (five cycles × ~250 evaluations × ~40 criteria × 3 raters).
BUILDERS = [
    build_regions,
    build_users,
    build_enrolments,
    build_masterplans_and_opds,
    build_programmes,
    build_updates,
]


# --- driver --------------------------------------------------------------------------------------

def counts():
    from programmes.models import Masterplan, Opd, Programme, ProgrammeUpdate
    from regions.models import Enrolment, Region

    return {"regions": Region.objects.count(), "enrolments": Enrolment.objects.count(),
            "masterplans": Masterplan.objects.count(), "opds": Opd.objects.count(),
            "programmes": Programme.objects.count(), "updates": ProgrammeUpdate.objects.count(),
            "current_set": Programme.objects.filter(current_update__isnull=False).count()}


def is_built(c):
    return all(c[k] >= v for k, v in EXPECTED.items())


def flush():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def build():
    from django.db import connection, transaction

    ctx = {"rng": random.Random(SEED)}
    started = time.perf_counter()
    with transaction.atomic():
        for step in BUILDERS:
            t = time.perf_counter()
            summary = step(ctx)
            print(f"  {step.__name__:<28} {summary}  ({time.perf_counter() - t:.1f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give a live database
    print(f"  built in {time.perf_counter() - started:.1f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="flush the bench database and build again")
    args = parser.parse_args(argv)
    common.setup_django()
    from django.db import connection

    print(f"bench database: {connection.settings_dict['NAME']}")
    c = counts()
    if is_built(c) and not args.rebuild:
        print(f"data set already there, skipping the build: {c}")
        return 0
    if args.rebuild or any(c.values()):
        print("flushing the bench database" + ("" if args.rebuild else f" (partial data set: {c})"))
        flush()
    build()
    c = counts()
    print(f"data set: {c}")
    if not is_built(c):
        print(f"the build fell short of {EXPECTED}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
