from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "publik"
    verbose_name = "Public pages and open data"
