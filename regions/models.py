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

    @property
    def province_code(self):
        return self.code if self.kind == self.Kind.PROVINCE else self.parent_id


class Enrolment(VersionedModel):
    """A region's membership of the Gerakan Menuju 100 Smart City and its milestones."""

    region = models.OneToOneField(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="enrolment")
    cohort_year = models.PositiveSmallIntegerField(_("cohort year"), validators=[MaxValueValidator(LAST_YEAR)])
    mou_number = models.CharField(_("MoU number"), max_length=100, blank=True)
    mou_date = models.DateField(_("MoU date"), null=True, blank=True, validators=DATE_VALIDATORS)
    council_decree_number = models.CharField(_("council decree (SK) number"), max_length=100, blank=True)
    council_decree_date = models.DateField(_("council decree date"), null=True, blank=True, validators=DATE_VALIDATORS)
    team_decree_number = models.CharField(_("implementation team decree (SK) number"), max_length=100, blank=True)
    team_decree_date = models.DateField(_("implementation team decree date"), null=True, blank=True,
                                        validators=DATE_VALIDATORS)
    bimtek_1_date = models.DateField(_("technical guidance 1"), null=True, blank=True, validators=DATE_VALIDATORS)
    bimtek_2_date = models.DateField(_("technical guidance 2"), null=True, blank=True, validators=DATE_VALIDATORS)
    bimtek_3_date = models.DateField(_("technical guidance 3"), null=True, blank=True, validators=DATE_VALIDATORS)
    bimtek_4_date = models.DateField(_("technical guidance 4"), null=True, blank=True, validators=DATE_VALIDATORS)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = EnrolmentQuerySet.as_manager()

    FIRST_COHORT = 2017

    class Meta:
        ordering = ["region"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.CheckConstraint(condition=models.Q(cohort_year__gte=2017), name="enrolment_cohort_from_2017"),
        ]

    def __str__(self):
        return f"{self.region} ({self.cohort_year})"

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
        for number, date in [("mou_number", "mou_date"), ("council_decree_number", "council_decree_date"),
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
            (_("Technical guidance 1"), self.bimtek_1_date, ""),
            (_("Technical guidance 2"), self.bimtek_2_date, ""),
            (_("Technical guidance 3"), self.bimtek_3_date, ""),
            (_("Technical guidance 4: masterplan and quick wins presented"), self.bimtek_4_date, ""),
        ]


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
