from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from khooshe.core.registrations import register_nav


class OpendataConfig(AppConfig):
    name = "khooshe.opendata"
    verbose_name = _("داده باز")

    def ready(self) -> None:
        from khooshe.opendata import desk, list_exports  # noqa: F401 (registrations)

        register_nav("opendata", label=_("داده باز"), url_name="opendata:index", order=90)
        desk.register_desk()
