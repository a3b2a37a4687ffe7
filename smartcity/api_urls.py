"""REST API v1: one router for every app's viewsets."""
from django.urls import path
from rest_framework.routers import DefaultRouter

from regions.api.views import EnrolmentViewSet, RegionViewSet

from .api import ThrottledObtainAuthToken

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")

urlpatterns = [
    path("auth/token/", ThrottledObtainAuthToken.as_view(), name="api-token"),
    *router.urls,
]
