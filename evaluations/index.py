"""The evaluation index: one function, Decimal arithmetic, rounded once, at the end.

- A criterion's final level is the lead's agreed level if there is one, else the mean of the
  assessors' levels; a criterion with neither is unscored and left out.
- An aspect's index is the mean of its scored criteria weighted by the criterion weights.
- The overall index is the mean of the aspect indexes weighted by the cycle's aspect weights.
  An aspect with no scored criteria (or whose criteria all weigh zero) has no index: it is left
  out and the remaining aspect weights are renormalised (divided by their own sum), so a region is
  neither rewarded nor punished for an aspect the instrument does not measure. With every present
  aspect weighing zero there is no index.
- Each dimension index is the mean of the scored criteria naming that dimension, weighted by the
  criterion weights; null when there are none.
- The level a criterion's final level reaches (whose descriptor the results page and the reports
  show) is that level rounded ROUND_HALF_UP to a whole level within 1–5: a mean of 3.50 reaches
  level 4 (level_reached; the one rule for page, API, PDF and task).
- Every figure is rounded ROUND_HALF_UP to two decimals only when it is reported: the overall
  index is computed from the unrounded aspect indexes. The predikat is read from the reported
  (rounded) index, so the figure and its label never disagree.
"""
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from smartcity.dimensions import Dimension

from .models.instruments import Aspect

TWO_PLACES = Decimal("0.01")
PRECISION = 28


@dataclass(frozen=True)
class CriterionScores:
    """What the index needs of one criterion of one evaluation."""

    criterion_id: int
    aspect: str
    dimension: str  # "" when the criterion names none
    weight: Decimal
    levels: tuple[int, ...] = ()  # one per assessor who scored it
    agreed: int | None = None

    @property
    def final_level(self) -> Decimal | None:
        if self.agreed is not None:
            return Decimal(self.agreed)
        if not self.levels:
            return None
        return Decimal(sum(self.levels)) / Decimal(len(self.levels))


@dataclass(frozen=True)
class IndexResult:
    index: Decimal | None
    aspect_indexes: dict[str, Decimal | None]
    dimension_indexes: dict[str, Decimal | None]
    predikat: str
    criterion_levels: dict[int, Decimal | None] = field(default_factory=dict)

    def as_json(self):
        """The stored form: decimals as strings ("3.45"), null where there is none."""
        def text(value):
            return None if value is None else str(value)

        return {
            "index": text(self.index),
            "aspect_indexes": {k: text(v) for k, v in self.aspect_indexes.items()},
            "dimension_indexes": {k: text(v) for k, v in self.dimension_indexes.items()},
            "predikat": self.predikat,
        }


def round2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def level_reached(level) -> int | None:
    """The whole level 1–5 a final level reaches: rounded half up (3.50 → 4, 3.49 → 3); None without one."""
    if level is None:
        return None
    whole = int(Decimal(str(level)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return min(max(whole, 1), 5)


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ wᵢ·vᵢ / Σ wᵢ over (weight, value) pairs; None when the weights sum to zero (or there are none)."""
    total_weight = Decimal(0)
    total = Decimal(0)
    for weight, value in pairs:
        total_weight += weight
        total += weight * value
    if total_weight == 0:
        return None
    return total / total_weight


def needs_agreement(levels: Sequence[int]) -> bool:
    """Assessors differ by more than one level."""
    return len(levels) > 1 and max(levels) - min(levels) > 1


def predikat_for(index: Decimal | None, thresholds: Sequence[tuple[Decimal, str]]) -> str:
    """The label of the first threshold (best first) the index reaches; "" without an index."""
    if index is None:
        return ""
    for minimum, label in thresholds:
        if index >= minimum:
            return label
    return thresholds[-1][1] if thresholds else ""


def compute_index(criteria: Iterable[CriterionScores], aspect_weights: Mapping[str, Decimal],
                  thresholds: Sequence[tuple[Decimal, str]]) -> IndexResult:
    """The index, aspect indexes, dimension indexes and predikat of one evaluation (see the module doc)."""
    criteria = list(criteria)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        levels = {c.criterion_id: c.final_level for c in criteria}
        scored = [c for c in criteria if levels[c.criterion_id] is not None]
        aspects = {
            aspect: weighted_mean((c.weight, levels[c.criterion_id]) for c in scored if c.aspect == aspect)
            for aspect in Aspect.values
        }
        overall = weighted_mean((Decimal(aspect_weights.get(aspect, 0)), value)
                                for aspect, value in aspects.items() if value is not None)
        dimensions = {
            dimension: weighted_mean((c.weight, levels[c.criterion_id]) for c in scored if c.dimension == dimension)
            for dimension in Dimension.values
        }
        index = round2(overall)
        return IndexResult(
            index=index,
            aspect_indexes={k: round2(v) for k, v in aspects.items()},
            dimension_indexes={k: round2(v) for k, v in dimensions.items()},
            predikat=predikat_for(index, thresholds),
            criterion_levels={k: round2(v) for k, v in levels.items()},
        )


def improvement(index, previous_index):
    """The improvement the movement publishes: the index minus the region's latest earlier final index,
    whatever its year (evaluations.querysets.previous_final_index finds it); None for a first evaluation
    or while either is missing. Both are reported (two-decimal) figures, so the difference needs no rounding."""
    if index is None or previous_index is None:
        return None
    return (Decimal(index) - Decimal(previous_index)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


BAND_COUNT = 5


def index_bands(count=BAND_COUNT):
    """Equal bands of the 1–5 scale, lowest first: [(low, high)], each holding low ≤ index < high, the last
    also 5.00. What "by predikat" views show for an instrument without predikat (five bands of 0.80)."""
    width = Decimal(4) / count
    return [(Decimal(1) + i * width, Decimal(1) + (i + 1) * width) for i in range(count)]
