"""The movement's participants as reference data: every known region of every intake (tahap).

`data/participants.csv` lists each region of each intake with its status, MoU day and place, and
the public source that names it; `data/intakes.csv` gives each intake as the ministry stated it
(size, whether our list is complete, the cumulative total officials gave). Both were compiled from
public reporting (see the README); nothing outside the repository is read at run time.

`load_participants()` is part of the setup like `load_regions`: idempotent, and it never
overwrites what a user has edited since. Each row it writes remembers in `Enrolment.loaded` what
it wrote; a row whose values no longer match that (or a row entered by hand, or one a user
deleted) is left alone.
"""
import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from .models import Enrolment, Region, intake_label

DATA = Path(__file__).resolve().parent / "data"
# The values the loader owns; everything else (decrees, bimtek, MoU number) is the region's to fill.
LOADED_FIELDS = ("cohort_year", "status", "mou_date", "mou_place", "notes", "source")
KABKOTA = (Region.Kind.REGENCY, Region.Kind.CITY)


@dataclass(frozen=True)
class Intake:
    year: int
    tahap: str
    size: int            # as the ministry stated it
    complete: bool       # whether data/participants.csv names every region of it
    mou_date: dt.date
    mou_place: str
    cumulative: int | None  # total participants officials stated after this intake
    source: str

    @property
    def label(self):
        return intake_label(self.year)


@cache
def intakes():
    with open(DATA / "intakes.csv", newline="", encoding="utf-8") as f:
        return {int(r["year"]): Intake(
            year=int(r["year"]), tahap=r["tahap"], size=int(r["size"]), complete=r["complete"] == "yes",
            mou_date=dt.date.fromisoformat(r["mou_date"]), mou_place=r["mou_place"],
            cumulative=int(r["cumulative_stated"]) if r["cumulative_stated"] else None, source=r["source"],
        ) for r in csv.DictReader(f)}


def participant_rows():
    """One dict per (region, intake) of data/participants.csv, in the loader's terms."""
    with open(DATA / "participants.csv", newline="", encoding="utf-8") as f:
        return [{
            "code": r["code"], "name": r["name"], "cohort_year": int(r["year"]), "status": r["status"],
            "mou_date": dt.date.fromisoformat(r["mou_date"]) if r["mou_date"] else None,
            "mou_place": r["mou_place"], "notes": r["notes"], "source": r["source"],
        } for r in csv.DictReader(f)]


def _as_loaded(values):
    return {k: values[k].isoformat() if isinstance(values[k], dt.date) else values[k] for k in LOADED_FIELDS}


def _current(enrolment):
    return _as_loaded({k: getattr(enrolment, k) for k in LOADED_FIELDS})


@dataclass(frozen=True)
class LoadResult:
    total: int
    created: int
    updated: int
    unchanged: int
    kept: int  # rows a user edited, entered or deleted: left as they are


@transaction.atomic
def load_participants(rows=None):
    """Create the intakes' enrolments that are missing and bring unedited ones up to the data file."""
    rows = participant_rows() if rows is None else rows
    codes = {r["code"] for r in rows}
    missing = codes - set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    if missing:
        raise RuntimeError(f"regions not loaded: {sorted(missing)}; run load_regions first")
    enrolments = list(Enrolment.objects.filter(region_id__in=codes))
    by_key = {(e.region_id, e.cohort_year): e for e in enrolments}
    # A row the loader wrote is found by the intake it wrote, even if a user moved it since.
    by_key |= {(e.region_id, e.loaded["cohort_year"]): e for e in enrolments if e.loaded}
    deleted = set(Enrolment.history.filter(history_type="-", region_id__in=codes)
                  .values_list("region_id", "cohort_year"))
    created = updated = unchanged = kept = 0
    for row in rows:
        key = (row["code"], row["cohort_year"])
        wanted = _as_loaded(row)
        enrolment = by_key.get(key)
        if enrolment is None:
            if key in deleted:
                kept += 1
                continue
            Enrolment.objects.create(region_id=row["code"], loaded=wanted,
                                     **{k: row[k] for k in LOADED_FIELDS})
            created += 1
        elif enrolment.loaded is None or _current(enrolment) != enrolment.loaded:
            kept += 1
        elif enrolment.loaded == wanted:
            unchanged += 1
        else:
            for k in LOADED_FIELDS:
                setattr(enrolment, k, row[k])
            enrolment.loaded = wanted
            enrolment.version += 1
            enrolment.save()  # save(), not update(): the correction belongs in the audit trail
            updated += 1
    return LoadResult(total=len(rows), created=created, updated=updated, unchanged=unchanged, kept=kept)


@dataclass(frozen=True)
class IntakeRow:
    year: int
    label: str
    counted: int          # kabupaten/kota recorded for the intake (cancelled ones too: they were selected)
    size: int | None      # as the ministry stated it
    complete: bool
    cumulative: int | None

    @property
    def known_text(self):
        if self.complete or not self.size:
            return str(self.counted)
        return _("%(known)s of %(size)s known") % {"known": self.counted, "size": self.size}


def intake_summary():
    """Each intake's recorded kabupaten/kota beside the ministry's own figures (one query)."""
    counted = dict(Enrolment.objects.filter(region__kind__in=KABKOTA).order_by()
                   .values_list("cohort_year").annotate(n=Count("pk")))
    stated = intakes()
    rows = []
    for year in sorted(set(counted) | set(stated)):
        intake = stated.get(year)
        rows.append(IntakeRow(year=year, label=intake_label(year), counted=counted.get(year, 0),
                              size=intake.size if intake else None, complete=intake.complete if intake else True,
                              cumulative=intake.cumulative if intake else None))
    return rows


def smart_provinces():
    """The smart-province track: each province's enrolments, oldest first (one query)."""
    return list(Enrolment.objects.filter(region__kind=Region.Kind.PROVINCE).select_related("region")
                .order_by("cohort_year", "region_id"))
