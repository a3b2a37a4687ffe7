"""Every count, amount, percentage, year and date a user can enter has a domain bound in its model field's
validators, so forms, the API and the import refuse the same values (with a field error, never a 500)."""
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from smartcity.validators import FIRST_YEAR, LAST_YEAR, DateInEraValidator

OUR_APPS = {"accounts", "regions", "programmes", "evaluations", "dashboards", "reports"}
# Entered by no one: counted by the code itself. (Times, DateTimeFields, are all stamped by the code.)
NOT_ENTERED = {
    "reports.Report.attempts": "counted by the report task",
}
POSITIVE = (models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField)


def entered_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if not field.editable or field.is_relation or field.primary_key or field.choices:
                continue
            if isinstance(field, models.DateTimeField):
                continue
            if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField, models.DateField)):
                name = f"{model._meta.label}.{field.name}"
                if name not in NOT_ENTERED:
                    yield name, field


def explicit(field, kind):
    # `field._validators` are the field's own; `field.validators` adds the database's storage range.
    return [v for v in field._validators if isinstance(v, kind)]


def test_there_are_numeric_and_date_fields_to_check():
    names = {name for name, _field in entered_fields()}
    assert {"programmes.ProgrammeBudget.pagu", "programmes.Masterplan.legal_basis_date",
            "evaluations.SurveyedProgramme.puas", "regions.Enrolment.cohort_year"} <= names


@pytest.mark.parametrize(("name", "field"), list(entered_fields()), ids=[n for n, _f in entered_fields()])
def test_every_entered_number_and_date_has_a_domain_bound(name, field):
    if isinstance(field, models.DateField):
        assert explicit(field, DateInEraValidator), f"{name}: a date without DateInEraValidator"
        return
    assert explicit(field, MaxValueValidator), f"{name}: no upper bound"
    lower = explicit(field, MinValueValidator)
    assert lower or isinstance(field, POSITIVE), f"{name}: no lower bound"


def test_a_date_outside_the_movements_era_is_refused_and_its_edges_are_kept():
    import datetime as dt

    from django.core.exceptions import ValidationError

    validator = DateInEraValidator()
    validator(dt.date(FIRST_YEAR, 1, 1))
    validator(dt.date(LAST_YEAR, 12, 31))
    for wrong in (dt.date(207, 6, 7), dt.date(FIRST_YEAR - 1, 12, 31), dt.date(LAST_YEAR + 1, 1, 1)):
        with pytest.raises(ValidationError):
            validator(wrong)


def test_money_is_bounded_below_what_the_column_can_hold():
    from programmes.models import MONEY, Programme

    bound = explicit(Programme._meta.get_field("budget_planned"), MaxValueValidator)[0].limit_value
    assert bound < Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"])
