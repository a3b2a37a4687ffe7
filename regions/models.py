"""Regions of Indonesia (Kemendagri codes), their enrolment in the movement, and users' role assignments."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartcity.models import VersionedModel
from smartcity.validators import DATE_VALIDATORS, LAST_YEAR

from .querysets import EnrolmentQuerySet, RegionQuerySet, RoleAssignmentQuerySet


class Region(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency")
        CITY = "city", _("City")

    code = models.CharField(_("Kemendagri code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    history = HistoricalRecords()

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="province", parent__isnull=True) | (~models.Q(kind="province") & models.Q(parent__isnull=False))),
                name="region_province_has_no_parent",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:region_detail", args=[self.code])

    @property
    def region(self):
        # The policy scopes every record by its region; a region is its own.
        return self

    def first_cohort(self):
        """The year of the region's first active intake: the `cohort` annotation when the queryset
        made it (RegionQuerySet.with_cohort), else one query."""
        if hasattr(self, "cohort"):
            return self.cohort
        return (self.enrolments.filter(status=Enrolment.Status.ACTIVE).order_by("cohort_year")
                .values_list("cohort_year", flat=True).first())

    @property
    def province_code(self):
        return self.code if self.kind == self.Kind.PROVINCE else self.parent_id


class Enrolment(VersionedModel):
    """A region's place in one intake (*tahap*) of the Gerakan Menuju Smart City, and its milestones.

    A region may have several over the years: Kota Depok was selected in 2018, cancelled, and
    selected again in 2019; Sleman (2017) joined the 2021 intake too. The region's cohort is its
    first active intake (RegionQuerySet.with_cohort).
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="enrolments")
    cohort_year = models.PositiveSmallIntegerField(_("intake year"), validators=[MaxValueValidator(LAST_YEAR)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    mou_number = models.CharField(_("MoU number"), max_length=100, blank=True)
    mou_date = models.DateField(_("MoU date"), null=True, blank=True, validators=DATE_VALIDATORS)
    mou_place = models.CharField(_("MoU place"), max_length=200, blank=True)
    council_decree_number = models.CharField(_("council decree (SK) number"), max_length=100, blank=True)
    council_decree_date = models.DateField(_("council decree date"), null=True, blank=True, validators=DATE_VALIDATORS)
    team_decree_number = models.CharField(_("implementation team decree (SK) number"), max_length=100, blank=True)
    team_decree_date = models.DateField(_("implementation team decree date"), null=True, blank=True,
                                        validators=DATE_VALIDATORS)
    bimtek_1_date = models.DateField(_("technical guidance 1"), null=True, blank=True, validators=DATE_VALIDATORS)
    bimtek_2_date = models.DateField(_("technical guidance 2"), null=True, blank=True, validators=DATE_VALIDATORS)
    bimtek_3_date = models.DateField(_("technical guidance 3"), null=True, blank=True, validators=DATE_VALIDATORS)
    bimtek_4_date = models.DateField(_("technical guidance 4"), null=True, blank=True, validators=DATE_VALIDATORS)
    # What each session was about, where the agenda differed from the stage's usual subject, and where it was.
    bimtek_1_subject = models.CharField(_("technical guidance 1: subject"), max_length=200, blank=True)
    bimtek_1_venue = models.CharField(_("technical guidance 1: venue"), max_length=200, blank=True)
    bimtek_2_subject = models.CharField(_("technical guidance 2: subject"), max_length=200, blank=True)
    bimtek_2_venue = models.CharField(_("technical guidance 2: venue"), max_length=200, blank=True)
    bimtek_3_subject = models.CharField(_("technical guidance 3: subject"), max_length=200, blank=True)
    bimtek_3_venue = models.CharField(_("technical guidance 3: venue"), max_length=200, blank=True)
    bimtek_4_subject = models.CharField(_("technical guidance 4: subject"), max_length=200, blank=True)
    bimtek_4_venue = models.CharField(_("technical guidance 4: venue"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True,
                              help_text=_("Where the fact comes from: a letter, a news report, a page."))
    # What load_participants last wrote, field by field: a row that no longer matches it was
    # edited by a user since, and the loader leaves it alone. Null for rows entered by hand.
    loaded = models.JSONField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["loaded"])

    objects = EnrolmentQuerySet.as_manager()

    FIRST_COHORT = 2017
    # The first three intakes are known by their stage; later ones by their year.
    TAHAP = {2017: "I", 2018: "II", 2019: "III"}

    class Meta:
        ordering = ["region", "cohort_year"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.CheckConstraint(condition=models.Q(cohort_year__gte=2017), name="enrolment_cohort_from_2017"),
            models.UniqueConstraint(fields=["region", "cohort_year"], name="enrolment_one_per_region_and_intake"),
        ]

    def __str__(self):
        return f"{self.region} ({self.cohort_year})"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @classmethod
    def intake_label(cls, year):
        """"Tahap I (2017)" for the first three intakes, the year alone after them."""
        return intake_label(year)

    def get_absolute_url(self):
        return self.region.get_absolute_url()

    def clean(self):
        errors = {}
        if self.cohort_year is not None and self.cohort_year < self.FIRST_COHORT:
            errors["cohort_year"] = _("The movement began in 2017.")
        pairs = [("bimtek_1_date", "bimtek_2_date"), ("bimtek_2_date", "bimtek_3_date"), ("bimtek_3_date", "bimtek_4_date")]
        for earlier, later in pairs:
            a, b = getattr(self, earlier), getattr(self, later)
            if a and b and b < a:
                errors[later] = _("A technical guidance session cannot come before the previous one.")
        # Not the MoU: its date is the intake's signing day, known for every region, while the
        # numbers were seldom published (load_participants leaves them blank).
        for number, date in [("council_decree_number", "council_decree_date"),
                             ("team_decree_number", "team_decree_date")]:
            if getattr(self, date) and not getattr(self, number):
                errors[number] = _("Give the number of the document dated here.")
        if errors:
            raise ValidationError(errors)

    def milestones(self):
        """The region's path through the movement, in order, as (label, date, detail)."""
        return [
            (_("MoU signed"), self.mou_date, self.mou_number),
            (_("Smart City Council established"), self.council_decree_date, self.council_decree_number),
            (_("Implementation team established"), self.team_decree_date, self.team_decree_number),
            *self.bimtek_sessions(),
        ]

    # The four bimtek stages of the movement and what each is usually about.
    BIMTEK_SUBJECTS = {
        1: _("Technical guidance 1: readiness"),
        2: _("Technical guidance 2: mapping to the RPJMD and Renstra"),
        3: _("Technical guidance 3: innovation"),
        4: _("Technical guidance 4: implementation and quick wins"),
    }

    def bimtek_sessions(self):
        """The four bimtek sessions as (label, date, venue); the label is the stage with its subject."""
        sessions = []
        for n, usual in self.BIMTEK_SUBJECTS.items():
            subject = getattr(self, f"bimtek_{n}_subject")
            label = _("Technical guidance %(n)s: %(subject)s") % {"n": n, "subject": subject} if subject else usual
            sessions.append((label, getattr(self, f"bimtek_{n}_date"), getattr(self, f"bimtek_{n}_venue")))
        return sessions


def intake_label(year):
    """How the movement names an intake: "Tahap I (2017)", "Tahap II (2018)", "Tahap III (2019)", then "2021"."""
    tahap = Enrolment.TAHAP.get(year)
    return _("Phase %(tahap)s (%(year)s)") % {"tahap": tahap, "year": year} if tahap else str(year)


class Role(models.TextChoices):
    REGION_STAFF = "region_staff", _("Region staff")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    ASSESSOR = "assessor", _("Assessor")
    MINISTRY = "ministry", _("Ministry")
    ADMIN = "admin", _("Administrator")


# A tuple, not a set: the check constraint below must list them in a stable order for migrations.
REGIONAL_ROLES = (Role.PROVINCE_OFFICER, Role.REGION_STAFF)


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="role_assignments")
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role", "region"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="roleassignment_unique"),
            models.UniqueConstraint(fields=["user", "role"], condition=models.Q(region__isnull=True),
                                    name="roleassignment_unique_national"),
            models.CheckConstraint(
                condition=(models.Q(role__in=[r.value for r in REGIONAL_ROLES], region__isnull=False)
                           | (~models.Q(role__in=[r.value for r in REGIONAL_ROLES]) & models.Q(region__isnull=True))),
                name="roleassignment_region_matches_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}" + (f" ({self.region})" if self.region_id else "")

    def clean(self):
        if self.role in REGIONAL_ROLES and not self.region_id:
            raise ValidationError({"region": _("This role needs a region.")})
        if self.role not in REGIONAL_ROLES and self.region_id:
            raise ValidationError({"region": _("This role is national and takes no region.")})
        if self.role == Role.PROVINCE_OFFICER and self.region_id and self.region.kind != Region.Kind.PROVINCE:
            raise ValidationError({"region": _("A province officer is assigned to a province.")})
        self.check_conflict_of_interest()

    def check_conflict_of_interest(self):
        """A user assigned to assess a region's unfinished evaluation may not become its staff, nor an officer
        of its province (the rule evaluations.models.conflicting_assessors applies when assessors are named)."""
        from django.apps import apps

        if self.role not in (Role.REGION_STAFF, Role.PROVINCE_OFFICER) or not (self.user_id and self.region_id):
            return
        if not apps.is_installed("evaluations"):
            return
        Assignment = apps.get_model("evaluations", "Assignment")
        where = models.Q(evaluation__region_id=self.region_id)
        if self.role == Role.PROVINCE_OFFICER:
            where |= models.Q(evaluation__region__parent_id=self.region_id)
        assessed = sorted(set(Assignment.objects.filter(where, assessor_id=self.user_id)
                              .exclude(evaluation__status="final")
                              .exclude(evaluation__cycle__status__in=apps.get_model("evaluations", "Cycle").ENDED)
                              .values_list("evaluation__region__name", flat=True)))
        if assessed:
            raise ValidationError({"role": _("Conflict of interest: %(user)s assesses %(regions)s, so cannot also "
                                             "work for this region.") % {"user": self.user,
                                                                         "regions": ", ".join(assessed)}})


# The region's context (profile by year, RPJMD, awards) lives in its own module; importing it registers it here.
from .context import Award, FiscalCapacity, RegionProfile, Rpjmd  # noqa: E402, F401
