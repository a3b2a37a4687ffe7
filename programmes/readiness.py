"""A province's readiness for the smart-province track: the share of its kabupaten/kota with a
finished masterplan (final or legalised). The movement asks for at least 80 % before a province is
assessed (Kominfo's rule; DIY had 100 % and Jawa Barat 24 of 27 when both were chosen in 2022)."""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from regions.models import Region

from .models import Masterplan

READINESS_NEEDED = Decimal("0.80")
FINISHED = (Masterplan.Status.FINAL, Masterplan.Status.LEGALISED)


@dataclass(frozen=True)
class ProvinceReadiness:
    code: str
    name: str
    regions: int            # its kabupaten/kota
    with_masterplan: int    # of them, with a finished masterplan

    @property
    def share(self):
        return Decimal(self.with_masterplan) / self.regions if self.regions else Decimal(0)

    @property
    def percent(self):
        return int((self.share * 100).to_integral_value())

    @property
    def ready(self):
        return self.share >= READINESS_NEEDED


def province_readiness():
    """Every province with its readiness, most ready first (one query)."""
    rows = (Region.objects.exclude(kind=Region.Kind.PROVINCE).order_by().values("parent_id", "parent__name")
            .annotate(n=Count("code", distinct=True),
                      done=Count("code", distinct=True, filter=Q(masterplans__status__in=FINISHED))))
    result = [ProvinceReadiness(code=r["parent_id"], name=r["parent__name"], regions=r["n"], with_masterplan=r["done"])
              for r in rows]
    return sorted(result, key=lambda p: (-p.share, p.code))
