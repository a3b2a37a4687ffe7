"""The region as its officers describe it: its profile by year (population, budget, welfare, SPBE), its
RPJMD with the Perda that set it, and the awards it received. Imported by regions.models, so that Django
registers these models in the regions app.
"""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.dimensions import Dimension
from smartcity.models import VersionedModel
from smartcity.querysets import RegionOwnedQuerySet
from smartcity.validators import DATE_VALIDATORS, MONEY_VALIDATORS, PERCENT_VALIDATORS, YEAR_VALIDATORS

MONEY = {"max_digits": 18, "decimal_places": 2}
# More people than the most populous province (Jawa Barat, about 50 million) is a typo.
MAX_POPULATION = 100_000_000
# The SPBE index (Kementerian PANRB) runs from 0 to 5.
SPBE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(5)]


class FiscalCapacity(models.TextChoices):
    """Kemenkeu's fiscal capacity categories (Peta Kapasitas Fiskal Daerah, yearly PMK)."""

    VERY_LOW = "sangat_rendah", _("Very low")
    LOW = "rendah", _("Low")
    MEDIUM = "sedang", _("Medium")
    HIGH = "tinggi", _("High")
    VERY_HIGH = "sangat_tinggi", _("Very high")


class RegionProfileQuerySet(RegionOwnedQuerySet):
    def for_list(self):
        return self.select_related("region", "region__parent")

    def for_year(self, region, year):
        """The region's profile of that year, else its latest one before it (None if there is none)."""
        return self.filter(region=region, year__lte=year).order_by("-year").first()


class RegionProfile(VersionedModel):
    """What a region is like in one year: the figures its Bappeda quotes when it presents itself."""

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="profiles")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True,
                                             validators=[MaxValueValidator(MAX_POPULATION)])
    apbd_murni = models.DecimalField(_("APBD (murni, Rp)"), **MONEY, null=True, blank=True,
                                     validators=MONEY_VALIDATORS)
    apbd_perubahan = models.DecimalField(_("APBD (perubahan, Rp)"), **MONEY, null=True, blank=True,
                                         validators=MONEY_VALIDATORS)
    pad = models.DecimalField(_("own-source revenue (PAD, Rp)"), **MONEY, null=True, blank=True,
                              validators=MONEY_VALIDATORS)
    fiscal_capacity = models.CharField(_("fiscal capacity"), max_length=16, choices=FiscalCapacity.choices,
                                       blank=True)
    ipm = models.DecimalField(_("human development index (IPM)"), max_digits=5, decimal_places=2, null=True,
                              blank=True, validators=PERCENT_VALIDATORS)
    poverty_rate = models.DecimalField(_("poverty rate (%)"), max_digits=5, decimal_places=2, null=True,
                                       blank=True, validators=PERCENT_VALIDATORS)
    spbe_index = models.DecimalField(_("SPBE index"), max_digits=3, decimal_places=2, null=True, blank=True,
                                     validators=SPBE_VALIDATORS)
    source = models.CharField(_("source"), max_length=500, blank=True,
                              help_text=_("Where the figures come from, e.g. BPS, the APBD Perda, Kemenkeu's PMK."))
    history = HistoricalRecords()

    objects = RegionProfileQuerySet.as_manager()

    FIGURES = ["population", "apbd_murni", "apbd_perubahan", "pad", "fiscal_capacity", "ipm", "poverty_rate",
               "spbe_index"]

    class Meta:
        ordering = ["region", "-year"]
        verbose_name = _("region profile")
        verbose_name_plural = _("region profiles")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="regionprofile_one_per_year"),
        ]

    def __str__(self):
        return f"{self.region} ({self.year})"

    def clean(self):
        self.check_figures()
        if self.region_id and self.year and RegionProfile.objects.filter(region_id=self.region_id, year=self.year) \
                .exclude(pk=self.pk).exists():
            raise ValidationError({"year": _("This region already has a profile for that year.")})

    def check_figures(self):
        """The rules within the record itself (the import asks these for each row without a query)."""
        if all(getattr(self, name) in (None, "") for name in self.FIGURES):
            raise ValidationError(_("Give at least one figure of the year."))
        if self.apbd_murni is not None and self.pad is not None and self.pad > self.apbd_murni * 2:
            # PAD is a part of the revenue that funds the APBD; twice the budget is a slipped digit.
            raise ValidationError({"pad": _("The PAD cannot be more than twice the APBD; check the digits.")})

    @property
    def apbd(self):
        """The year's budget as it finally stood: the revised APBD where there is one."""
        return self.apbd_perubahan if self.apbd_perubahan is not None else self.apbd_murni


class Rpjmd(VersionedModel):
    """A region's medium-term development plan (RPJMD, five years) and the Perda that set it."""

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="rpjmds")
    period_start = models.PositiveSmallIntegerField(_("period start"), validators=YEAR_VALIDATORS)
    period_end = models.PositiveSmallIntegerField(_("period end"), validators=YEAR_VALIDATORS)
    regulation_number = models.CharField(_("Perda number"), max_length=150, blank=True,
                                         help_text=_("e.g. Peraturan Daerah Kabupaten Bantul Nomor 3 Tahun 2021."))
    regulation_date = models.DateField(_("Perda date"), null=True, blank=True, validators=DATE_VALIDATORS)
    history = HistoricalRecords()

    objects = RegionOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["region", "-period_start"]
        verbose_name = _("RPJMD")
        verbose_name_plural = _("RPJMDs")
        constraints = [
            models.UniqueConstraint(fields=["region", "period_start"], name="rpjmd_one_per_start"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="rpjmd_period_ordered"),
        ]

    def __str__(self):
        return f"RPJMD {self.period_start}–{self.period_end}"

    def clean(self):
        errors = {}
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                errors["period_end"] = _("The period cannot end before it starts.")
            elif self.period_end - self.period_start > 6:
                # Five years, a year more where a term was stretched to the simultaneous elections.
                errors["period_end"] = _("An RPJMD covers five years, at most six.")
        if self.regulation_date and not self.regulation_number:
            errors["regulation_number"] = _("Give the number of the regulation dated here.")
        if (self.region_id and self.period_start and "period_end" not in errors and Rpjmd.objects.filter(
                region_id=self.region_id, period_start__lte=self.period_end or self.period_start,
                period_end__gte=self.period_start).exclude(pk=self.pk).exists()):
            errors["period_start"] = _("This period overlaps another RPJMD of the region.")
        if errors:
            raise ValidationError(errors)


class AwardQuerySet(RegionOwnedQuerySet):
    def for_list(self):
        return self.select_related("region", "region__parent")

    def of_year(self, year):
        return self.filter(year=year)


class Award(VersionedModel):
    """An award a region received for its smart-city work: public, as the news reported it."""

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="awards")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    date = models.DateField(_("date"), null=True, blank=True, validators=DATE_VALIDATORS,
                            help_text=_("The day it was handed over, if known."))
    title = models.CharField(_("award"), max_length=255)
    dimension = models.CharField(_("pillar"), max_length=12, choices=Dimension.choices, blank=True,
                                 help_text=_("The smart-city pillar it honours, if it names one."))
    category = models.CharField(_("category"), max_length=255, blank=True)
    awarded_by = models.CharField(_("awarded by"), max_length=255,
                                  help_text=_("The ministry or other body, e.g. Kementerian Kominfo."))
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-date", "title"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        indexes = [models.Index(fields=["year", "region"])]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def clean(self):
        if self.date and self.year and self.date.year != self.year:
            raise ValidationError({"date": _("The date lies outside the award's year.")})
