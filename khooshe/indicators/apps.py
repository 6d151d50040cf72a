from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from khooshe.core.registrations import register_nav


class IndicatorsConfig(AppConfig):
    name = "khooshe.indicators"
    verbose_name = _("شاخص‌ها")

    def ready(self) -> None:
        register_nav("indicators", label=_("شاخص‌ها"), url_name="indicators:index", order=60)
