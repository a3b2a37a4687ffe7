from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WayfindingConfig(AppConfig):
    name = "wayfinding"
    verbose_name = _("Finding your way")
