from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import home

from .forms import PortalAuthenticationForm

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True,
                                                         authentication_form=PortalAuthenticationForm),
         name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("regions/", include("regions.urls")),
    path("", include("programmes.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("", include("evaluations.urls")),
    path("reports/", include("reports.urls")),
    path("", include("monitoring.urls")),
    path("", include("publik.urls")),
    path("", include("notifications.urls")),
    path("", include("wayfinding.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("smartcity.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, not inline: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
]

handler404 = "smartcity.errors.page_not_found"
