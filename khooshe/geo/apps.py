from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "khooshe.geo"
    verbose_name = "جغرافیا"
