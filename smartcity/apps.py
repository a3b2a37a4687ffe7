from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class SmartcityConfig(AppConfig):
    name = "smartcity"
    verbose_name = _("Portal")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django admin with the portal's site, whose gate is the policy (smartcity.admin)."""

    default = False
    default_site = "smartcity.admin.PortalAdminSite"
