from django.apps import AppConfig


class LocalAreasConfig(AppConfig):
    name = "local_areas"
    verbose_name = "Local areas"
