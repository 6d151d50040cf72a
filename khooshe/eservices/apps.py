from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EservicesConfig(AppConfig):
    name = "khooshe.eservices"
    verbose_name = _("خدمات الکترونیکی")
