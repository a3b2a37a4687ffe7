"""Domain bounds for what users enter: years and dates, money, percentages. Model fields carry them as
validators, so a form, the API and the Excel import refuse the same values with the same message.

The era is 2000–2100. The movement began in 2017, but what a region records reaches back further:
programmes of a masterplan continue earlier work and its legal basis may cite regulations of the
regional-autonomy years (around 2000); a masterplan runs ten years, so nothing plausible lies past
2100. Outside the era a value is a typo (0207 for 2017, 2107 for 2017), refused before it spoils
a year's figures. Evaluation cycles and reports keep the tighter 2017 start of the movement itself.
"""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]

# Rp 1.000 triliun: more than any region's yearly budget (the largest APBD is under Rp 100 triliun) and
# about a third of the national budget, so no one programme comes near it; well inside the columns' 16 digits.
MAX_RUPIAH = Decimal("1000000000000000")
MONEY_VALIDATORS = [MinValueValidator(0), MaxValueValidator(MAX_RUPIAH)]

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


@deconstructible
class DateInEraValidator:
    """A date whose year lies within FIRST_YEAR–LAST_YEAR."""

    message = _("Give a date in the years %(first)s–%(last)s.")
    code = "date_outside_era"

    def __init__(self, first=FIRST_YEAR, last=LAST_YEAR):
        self.first, self.last = first, last

    def __call__(self, value):
        if value is not None and not self.first <= value.year <= self.last:
            raise ValidationError(self.message, code=self.code, params={"first": self.first, "last": self.last})

    def __eq__(self, other):
        return isinstance(other, DateInEraValidator) and (self.first, self.last) == (other.first, other.last)


DATE_VALIDATORS = [DateInEraValidator()]
