from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObstaclesConfig(AppConfig):
    name = "khooshe.obstacles"
    verbose_name = _("موانع کسب‌وکار")
