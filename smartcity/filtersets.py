"""FilterSet bases shared by every list, in the pages, the exports and the API alike.

`FilterSet` is the base of every FilterSet of the portal: it keeps each integer filter (a
`NumberFilter` on an integer column, a model choice by integer key) within the range its column
can hold, so an out-of-range value (`99999999999999999999`, `-1e300`) is a field error (a form
error on pages, 400 in the API and the exports) instead of a value the database driver cannot
convert. The range is Django's portable one for the column's type (PostgreSQL's), so SQLite and
PostgreSQL answer alike.
"""
import copy

import django_filters
from django import forms
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField
from django_filters.utils import get_model_field

# A NumberFilter whose column cannot be found (a `method` filter such as "running in year") holds an IntegerField.
DEFAULT_INTEGER_TYPE = "IntegerField"


def integer_range(model_field):
    """(lowest, highest) value the column behind a model field holds, or None if it is not an integer column."""
    if model_field is None:
        return BaseDatabaseOperations.integer_field_ranges[DEFAULT_INTEGER_TYPE]
    if model_field.is_relation:
        model_field = getattr(model_field, "target_field", None)
        if model_field is None:
            return None
    if not isinstance(model_field, (models.IntegerField, models.AutoField)):
        return None
    return BaseDatabaseOperations.integer_field_ranges.get(model_field.get_internal_type())


class BoundedModelChoiceField(ModelChoiceField):
    """A choice of a row by its integer key: a key its column cannot hold is an invalid choice, not a query."""

    key_range = None

    def to_python(self, value):
        if value not in self.empty_values and self.key_range is not None:
            try:
                key = int(str(value).strip())
            except ValueError:
                key = None
            low, high = self.key_range
            if key is None or not low <= key <= high:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class FilterSet(django_filters.FilterSet):
    """Every FilterSet of the portal: integer filters are whole numbers within their column's range."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        if model is None:
            return filters
        for name, declared in filters.items():
            if isinstance(declared, django_filters.NumberFilter):
                filters[name] = cls.bounded_number(model, declared)
            elif isinstance(declared, django_filters.ModelChoiceFilter):
                filters[name] = cls.bounded_choice(declared)
        return filters

    @property
    def error_lines(self):
        """Every filter error as "Label: message": a page shows them all, also for filters it keeps hidden."""
        fields = self.form.fields
        return [f"{fields[name].label}: {message}" if name in fields else str(message)
                for name, messages in self.errors.items() for message in messages]

    @staticmethod
    def bounded_number(model, declared):
        # Declared filters are class attributes that subclasses share: bound a copy, never the original.
        bounded = copy.deepcopy(declared)
        bounds = integer_range(get_model_field(model, declared.field_name))
        if bounds is None:
            return bounded
        bounded.field_class = forms.IntegerField
        bounded.extra.setdefault("min_value", bounds[0])
        bounded.extra.setdefault("max_value", bounds[1])
        return bounded

    @staticmethod
    def bounded_choice(declared):
        queryset = declared.extra.get("queryset")
        if not hasattr(queryset, "model"):
            return declared
        opts = queryset.model._meta
        to_field = declared.extra.get("to_field_name")
        bounds = integer_range(opts.get_field(to_field) if to_field else opts.pk)
        if bounds is None:
            return declared
        bounded = copy.deepcopy(declared)
        bounded.field_class = type("BoundedModelChoiceField", (BoundedModelChoiceField,), {"key_range": bounds})
        return bounded


class RegionOwnedFilterSet(FilterSet):
    """`region` and `province` (Kemendagri codes) for any model with a `region` foreign key."""

    region_field = "region"

    region = django_filters.CharFilter(label=_("Region code"), method="filter_region")
    province = django_filters.CharFilter(label=_("Province code"), method="filter_province")

    def filter_region(self, queryset, name, value):
        return queryset.filter(**{f"{self.region_field}__code": value.strip()})

    def filter_province(self, queryset, name, value):
        value = value.strip()
        f = self.region_field
        return queryset.filter(Q(**{f"{f}__parent__code": value}) | Q(**{f"{f}__code": value}))
