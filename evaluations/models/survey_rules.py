"""What a citizen survey must be: the rule of a cycle (Cycle.survey_rule), its refusals and its shortfalls.
See evaluations.models.surveys for the two rules."""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What the movement asked of a survey before 2023 (DESIGN.md §3): the OVERALL rule.
MIN_RESPONDENTS = 50
MIN_PROGRAMMES = 6
# The 2023 rules (FACTS.md): per dimension, one programme per sub-dimension and at least 50 respondents.
PROGRAMMES_PER_DIMENSION = 3
RESPONDENTS_PER_DIMENSION = 50


class SurveyRule(models.TextChoices):
    OVERALL = "overall", gettext_lazy("Before 2023: at least 50 respondents over at least six programmes")
    PER_DIMENSION = "per_dimension", gettext_lazy(
        "2023 rules: three programmes per dimension, one per sub-dimension (18), at least 50 respondents per "
        "dimension, the owning OPD named")


def survey_rule_errors(rule, programmes):
    """Why these programmes cannot make a survey under `rule`: [message] (empty when they can). Each
    programme has `code`, `dimension`, `sub_dimension` and `opd_id` (a Programme or a dict of its values)."""
    if rule != SurveyRule.PER_DIMENSION:
        return []
    get = (lambda p, k: p[k]) if programmes and isinstance(programmes[0], dict) else getattr
    errors, seen = [], {}
    for programme in programmes:
        code = get(programme, "code")
        if not get(programme, "sub_dimension"):
            errors.append(_("%(code)s names no sub-dimension: the 2023 rules survey one programme per "
                            "sub-dimension.") % {"code": code})
        elif get(programme, "sub_dimension") in seen:
            errors.append(_("%(code)s and %(other)s share a sub-dimension: the 2023 rules survey one programme per "
                            "sub-dimension.") % {"code": code, "other": seen[get(programme, "sub_dimension")]})
        else:
            seen[get(programme, "sub_dimension")] = code
        if not get(programme, "opd_id"):
            errors.append(_("%(code)s names no owning OPD: the 2023 rules ask for it.") % {"code": code})
    return errors


@dataclass(frozen=True)
class DimensionCount:
    dimension: str
    label: str
    programmes: int
    respondents: int

    @property
    def short(self):
        return self.programmes < PROGRAMMES_PER_DIMENSION or self.respondents < RESPONDENTS_PER_DIMENSION
