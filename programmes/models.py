"""A region's masterplan, its OPDs, its programmes with their yearly status, and indicators."""
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.dimensions import SUB_DIMENSIONS, Dimension, SubDimension
from smartcity.models import VersionedModel
from smartcity.validators import DATE_VALIDATORS, MAX_RUPIAH, MONEY_VALIDATORS, YEAR_VALIDATORS

from .querysets import (
    IndicatorQuerySet,
    IndicatorValueQuerySet,
    MasterplanQuerySet,
    OpdQuerySet,
    ProgrammeBudgetQuerySet,
    ProgrammeQuerySet,
    ProgrammeUpdateQuerySet,
)

MONEY = {"max_digits": 18, "decimal_places": 2}
# An indicator counts people, services, rupiah or percent: none passes the bound of money, up or down.
MEASURE_VALIDATORS = [MinValueValidator(-MAX_RUPIAH), MaxValueValidator(MAX_RUPIAH)]


def masterplan_document_path(instance, filename):
    # Not guessable: the file is only ever served through a view that asks the policy.
    return f"masterplans/{instance.region_id}/{secrets.token_urlsafe(24)}.pdf"


class Masterplan(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")
        LEGALISED = "legalised", _("Legalised")

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="masterplans")
    title = models.CharField(_("title"), max_length=255)
    period_start = models.PositiveSmallIntegerField(_("period start"), validators=YEAR_VALIDATORS)
    period_end = models.PositiveSmallIntegerField(_("period end"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    legal_basis_number = models.CharField(_("regulation number"), max_length=150, blank=True,
                                          help_text=_("Perbup, Perwal or Pergub, e.g. Peraturan Bupati Bantul Nomor 12 Tahun 2019."))
    legal_basis_date = models.DateField(_("regulation date"), null=True, blank=True, validators=DATE_VALIDATORS)
    document = models.FileField(_("document (PDF)"), upload_to=masterplan_document_path, blank=True)
    # The region's own choice (a masterplan may hold drafts or annexes it does not publish); the public pages
    # link the document only when smartcity.policy.public_masterplan_document_q() says so.
    document_public = models.BooleanField(
        _("publish the document"), default=False,
        help_text=_("Anyone may download the document from the region's public page once the masterplan is final "
                    "or legalised."))
    history = HistoricalRecords()

    objects = MasterplanQuerySet.as_manager()

    class Meta:
        ordering = ["region", "-period_start"]
        verbose_name = _("masterplan")
        verbose_name_plural = _("masterplans")
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="masterplan_period_ordered"),
        ]

    def __str__(self):
        return f"{self.title} ({self.period_start}–{self.period_end})"

    def get_absolute_url(self):
        return reverse("programmes:masterplan_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                errors["period_end"] = _("The period cannot end before it starts.")
            elif self.period_end - self.period_start + 1 > 20:
                errors["period_end"] = _("A masterplan covers at most 20 years.")
        if self.status == self.Status.LEGALISED and not self.legal_basis_number:
            errors["legal_basis_number"] = _("A legalised masterplan needs its regulation number.")
        if self.legal_basis_date and not self.legal_basis_number:
            errors["legal_basis_number"] = _("Give the number of the regulation dated here.")
        if errors:
            raise ValidationError(errors)

    def covers(self, year):
        return self.period_start <= year <= self.period_end

    def period_error(self, year):
        """The error for a year outside the period, or None."""
        if year is None or self.covers(year):
            return None
        return _("%(year)s is outside the masterplan period %(start)s–%(end)s.") % {
            "year": year, "start": self.period_start, "end": self.period_end}


class Opd(VersionedModel):
    """Organisasi Perangkat Daerah: the regional agency that owns a programme."""

    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="opds")
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40)
    history = HistoricalRecords()

    objects = OpdQuerySet.as_manager()

    class Meta:
        ordering = ["region", "acronym"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPDs")
        constraints = [
            models.UniqueConstraint(fields=["region", "acronym"], name="opd_unique_acronym"),
            models.UniqueConstraint(fields=["region", "name"], name="opd_unique_name"),
        ]

    def __str__(self):
        return self.acronym

    def clean(self):
        errors = {}
        if self.region_id:
            others = Opd.objects.filter(region_id=self.region_id).exclude(pk=self.pk)
            if self.acronym and others.filter(acronym__iexact=self.acronym).exists():
                errors["acronym"] = _("This region already has an OPD with this acronym.")
            if self.name and others.filter(name__iexact=self.name).exists():
                errors["name"] = _("This region already has an OPD with this name.")
        if errors:
            raise ValidationError(errors)


class Term(models.TextChoices):
    QUICK_WIN = "quick_win", _("Quick win")
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")
    LONG = "long", _("Long term")


class FundingSource(models.TextChoices):
    """Funding sources as regions record them in their DPA (migration 0005 mapped the four older values)."""
    APBD_KABKOTA = "apbd_kabkota", _("APBD kabupaten/kota")
    APBD_PROVINSI = "apbd_provinsi", _("APBD provinsi (bantuan keuangan)")
    APBN = "apbn", _("APBN (state budget)")
    DAK = "dak", _("DAK (special allocation fund)")
    DANA_DESA = "dana_desa", _("Dana Desa (village fund)")
    CSR = "csr", _("CSR (corporate social responsibility)")
    KPBU = "kpbu", _("KPBU (public–private partnership)")
    HIBAH = "hibah", _("Hibah (grant)")
    OTHER = "other", _("Other")


class UpdateStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_DEVELOPMENT = "in_development", _("In development")
    RUNNING = "running", _("Running")
    STALLED = "stalled", _("Stalled")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# The programme's copies of its current update (see Programme.current_status).
CURRENT_FIELDS = ["current_update", "current_year", "current_status", "current_budget_realised", "current_constraint_category"]


class Programme(VersionedModel):
    masterplan = models.ForeignKey(Masterplan, verbose_name=_("masterplan"), on_delete=models.PROTECT,
                                   related_name="programmes")
    # The masterplan's region, kept on the programme so that scoping and filters need no extra join.
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT,
                               related_name="programmes", editable=False)
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    sub_dimension = models.CharField(_("sub-dimension"), max_length=20, choices=SubDimension.choices, blank=True)
    term = models.CharField(_("term"), max_length=10, choices=Term.choices)
    opd = models.ForeignKey(Opd, verbose_name=_("OPD"), on_delete=models.PROTECT, null=True, blank=True,
                            related_name="programmes")
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("end year"), validators=YEAR_VALIDATORS)
    # The sum of the pagu of the programme's budget years (revised where set), kept by
    # services.refresh_budget_planned; read-only everywhere. A programme without any budget year keeps the
    # total it was given before pagu were recorded per year.
    budget_planned = models.DecimalField(_("planned budget (Rp)"), **MONEY, default=0, validators=MONEY_VALIDATORS,
                                         editable=False)
    funding_source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices,
                                      default=FundingSource.APBD_KABKOTA)
    public_url = models.URLField(_("public URL"), blank=True)
    # What the programme serves in the region's own plan: the RPJMD (or OPD Renstra) programme, by name or code.
    rpjmd_programme = models.CharField(_("RPJMD/Renstra programme"), max_length=255, blank=True,
                                       help_text=_("The programme of the RPJMD or the OPD's Renstra this programme "
                                                   "serves, by name or code."))
    # The latest update (highest year, then newest): kept by services.post_update, never edited by hand.
    current_update = models.ForeignKey("ProgrammeUpdate", verbose_name=_("current update"), null=True,
                                       blank=True, editable=False, on_delete=models.SET_NULL, related_name="+")
    # Copies of the current update's year, status, realised budget and constraint category, kept with
    # the pointer by services.refresh_current_update, so that the dashboards, the table and the
    # national report count and filter 16,000 programmes without joining their 80,000 updates
    # ("" / None = no update yet). The year tells whether the current status is also the status as it
    # stood at the end of an earlier year (it is when the current update is of that year or before).
    current_year = models.PositiveSmallIntegerField(_("year of the current update"), null=True, blank=True,
                                                    editable=False)
    current_status = models.CharField(_("current status"), max_length=16, choices=UpdateStatus.choices,
                                      blank=True, default="", editable=False)
    current_budget_realised = models.DecimalField(_("realised budget (Rp)"), **MONEY, null=True, blank=True,
                                                  editable=False)
    current_constraint_category = models.CharField(_("constraint category"), max_length=16, blank=True,
                                                   default="", editable=False)
    history = HistoricalRecords(excluded_fields=CURRENT_FIELDS)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["masterplan", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["masterplan", "code"], name="programme_unique_code"),
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")),
                                   name="programme_years_ordered"),
            models.CheckConstraint(condition=models.Q(budget_planned__gte=0), name="programme_budget_positive"),
        ]
        indexes = [models.Index(fields=["region", "dimension"]), models.Index(fields=["region", "term"]),
                   models.Index(fields=["current_status", "region"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("programmes:programme_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.region_id = self.masterplan.region_id
        super().save(*args, **kwargs)

    @property
    def current_realisation(self):
        """Realisation in the current update's year; needs `current_pagu` (ProgrammeQuerySet.with_current_pagu)."""
        from .budget import realisation

        return realisation(self.current_budget_realised, getattr(self, "current_pagu", None))

    def clean(self):
        errors = {}
        masterplan = self.masterplan if self.masterplan_id else None
        for field in ("start_year", "end_year"):
            error = masterplan.period_error(getattr(self, field)) if masterplan else None
            if error:
                errors[field] = error
        if self.start_year and self.end_year and self.end_year < self.start_year and "end_year" not in errors:
            errors["end_year"] = _("The end year cannot come before the start year.")
        if self.opd_id and masterplan and self.opd.region_id != masterplan.region_id:
            errors["opd"] = _("This OPD belongs to another region.")
        if self.sub_dimension and self.dimension and self.sub_dimension not in SUB_DIMENSIONS.get(self.dimension, []):
            errors["sub_dimension"] = _("This sub-dimension belongs to another dimension.")
        if masterplan and self.code:
            clash = Programme.objects.filter(masterplan=masterplan, code=self.code).exclude(pk=self.pk)
            if clash.exists():
                errors["code"] = _("Another programme of this masterplan already has this code.")
        if errors:
            raise ValidationError(errors)


class ProgrammeBudget(VersionedModel):
    """A programme's pagu (ceiling) for one budget year (tahun anggaran), as in the DPA, and its funding source."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE,
                                  related_name="budgets")
    year = models.PositiveSmallIntegerField(_("budget year"), validators=YEAR_VALIDATORS)
    pagu = models.DecimalField(_("pagu (Rp)"), **MONEY, validators=MONEY_VALIDATORS)
    pagu_revised = models.DecimalField(_("revised pagu (APBD perubahan, Rp)"), **MONEY, null=True, blank=True,
                                       validators=MONEY_VALIDATORS)
    source = models.CharField(_("funding source"), max_length=16, choices=FundingSource.choices)
    # Copy of the realised amount of the programme's latest update of this year (year-to-date), kept by
    # services.post_update, so that realisation per year is read without joining the updates.
    realised = models.DecimalField(_("realised (Rp)"), **MONEY, null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["realised"])

    objects = ProgrammeBudgetQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "year"]
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programmebudget_unique_year"),
            models.CheckConstraint(condition=models.Q(pagu__gte=0), name="programmebudget_pagu_positive"),
        ]

    def __str__(self):
        return f"{self.programme.code} {self.year}"

    @property
    def region(self):
        return self.programme.region

    @property
    def ceiling(self):
        """The pagu that counts: the revised one (APBD perubahan) where set."""
        return self.pagu if self.pagu_revised is None else self.pagu_revised

    def save(self, *args, **kwargs):
        from .services import realised_in_year, refresh_budget_planned

        self.realised = realised_in_year(self.programme_id, self.year)
        super().save(*args, **kwargs)
        refresh_budget_planned(self.programme_id)

    @property
    def realisation(self):
        from .budget import realisation

        return realisation(self.realised, self.ceiling)

    def over_pagu_error(self, stored_ceiling=None):
        """The error when this pagu, new or changed from `stored_ceiling`, is below what was already realised
        in its year (needs an explicit confirmation); None otherwise."""
        from .budget import over_pagu_error
        from .services import realised_in_year

        if self.pk and stored_ceiling is not None and stored_ceiling == self.ceiling:
            return None
        realised = self.realised if self.pk else realised_in_year(self.programme_id, self.year)
        return over_pagu_error(realised, self.ceiling, self.year)

    def year_error(self, programme):
        """The error for a year outside the programme's years, or None."""
        if programme is None or not self.year or programme.start_year <= self.year <= programme.end_year:
            return None
        return _("%(year)s is outside the programme's years %(start)s–%(end)s.") % {
            "year": self.year, "start": programme.start_year, "end": programme.end_year}

    def clean(self):
        errors = {}
        programme = self.programme if self.programme_id else None
        if self.year_error(programme):
            errors["year"] = self.year_error(programme)
        if programme and self.year:
            clash = ProgrammeBudget.objects.filter(programme=programme, year=self.year).exclude(pk=self.pk)
            if clash.exists():
                errors["year"] = _("This programme already has a pagu for this year.")
        if errors:
            raise ValidationError(errors)


class ConstraintCategory(models.TextChoices):
    BUDGET = "budget", _("Budget")
    HUMAN_RESOURCES = "human_resources", _("Human resources")
    REGULATION = "regulation", _("Regulation")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    INTEGRATION = "integration", _("Integration")
    OTHER = "other", _("Other")


class ProgrammeUpdate(models.Model):
    """A yearly status report. Append-only: a correction is a new update."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE,
                                  related_name="updates")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=16, choices=UpdateStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    budget_realised = models.DecimalField(_("realised budget (Rp)"), **MONEY, null=True, blank=True,
                                          validators=MONEY_VALIDATORS)
    constraint_category = models.CharField(_("constraint category"), max_length=16,
                                           choices=ConstraintCategory.choices, blank=True)
    constraint = models.TextField(_("constraint"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True, validators=[URLValidator(schemes=["http", "https"])])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="programme_updates")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = ProgrammeUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-created_at", "-id"]
        verbose_name = _("programme update")
        verbose_name_plural = _("programme updates")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="update_progress_max_100"),
        ]
        # status: the table and API filter programmes by their current update's status (bench/README.md).
        indexes = [models.Index(fields=["programme", "-year", "-created_at"]), models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.programme.code} {self.year}: {self.get_status_display()}"

    @property
    def region(self):
        return self.programme.region

    def clean(self):
        errors = {}
        error = self.programme.masterplan.period_error(self.year) if self.programme_id else None
        if error:
            errors["year"] = error
        if self.status == UpdateStatus.STALLED and not self.constraint_category:
            errors["constraint_category"] = _("Say why the programme is stalled.")
        if self.constraint_category and not self.constraint.strip():
            errors["constraint"] = _("Describe the constraint in a few words.")
        if self.status == UpdateStatus.COMPLETED and self.progress is not None and self.progress != 100:
            errors["progress"] = _("A completed programme is at 100%.")
        if errors:
            raise ValidationError(errors)


class Indicator(VersionedModel):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE,
                                  related_name="indicators")
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=50)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=2, null=True, blank=True,
                                   validators=MEASURE_VALIDATORS)
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    @property
    def region(self):
        return self.programme.region


class IndicatorValue(VersionedModel):
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="values")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=2, null=True, blank=True,
                                 validators=MEASURE_VALIDATORS)
    actual = models.DecimalField(_("actual"), max_digits=18, decimal_places=2, null=True, blank=True,
                                 validators=MEASURE_VALIDATORS)
    history = HistoricalRecords()

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicatorvalue_unique_year")]

    def __str__(self):
        return f"{self.indicator} {self.year}"

    @property
    def region(self):
        return self.indicator.programme.region
