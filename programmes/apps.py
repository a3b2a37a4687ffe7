from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Masterplans and programmes")

    def ready(self):
        from smartcity.files import track_replaced_files

        from .models import Masterplan

        # A replaced or cleared masterplan document is deleted once the save commits (form, API, admin).
        track_replaced_files(Masterplan)
