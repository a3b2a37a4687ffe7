"""REST API v1: one router for every app's viewsets."""
from django.urls import path
from rest_framework.routers import DefaultRouter
from rest_framework.settings import api_settings

from dashboards.api import DashboardView
from evaluations.api.views import CriterionViewSet, CycleViewSet, EvaluationViewSet, InstrumentViewSet
from monitoring.api.views import CompletenessView, YearlyReportViewSet
from notifications.api.views import NotificationViewSet
from programmes.api.views import (
    IndicatorValueViewSet,
    IndicatorViewSet,
    MasterplanViewSet,
    OpdViewSet,
    ProgrammeBudgetViewSet,
    ProgrammeViewSet,
)
from regions.api.views import AwardViewSet, EnrolmentViewSet, RegionProfileViewSet, RegionViewSet, RpjmdViewSet
from reports.api.views import ReportViewSet

from .api import ThrottledObtainAuthToken

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("region-profiles", RegionProfileViewSet, basename="regionprofile")
router.register("rpjmds", RpjmdViewSet, basename="rpjmd")
router.register("awards", AwardViewSet, basename="award")
router.register("masterplans", MasterplanViewSet, basename="masterplan")
router.register("opds", OpdViewSet, basename="opd")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register(r"programmes/(?P<programme_pk>[0-9]{1,10})/budgets", ProgrammeBudgetViewSet,
                basename="programmebudget")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="indicatorvalue")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("criteria", CriterionViewSet, basename="criterion")
router.register("cycles", CycleViewSet, basename="cycle")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("reports", ReportViewSet, basename="report")
router.register("yearly-reports", YearlyReportViewSet, basename="yearlyreport")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    # DRF's ObtainAuthToken names its own parsers: give it ours (the JSON one refuses deep nesting).
    path("auth/token/", ThrottledObtainAuthToken.as_view(parser_classes=api_settings.DEFAULT_PARSER_CLASSES),
         name="api-token"),
    path("dashboard/", DashboardView.as_view(), name="api-dashboard"),
    path("completeness/", CompletenessView.as_view(), name="api-completeness"),
    *router.urls,
]
