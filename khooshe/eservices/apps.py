from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EservicesConfig(AppConfig):
    name = "khooshe.eservices"
    verbose_name = _("خدمات الکترونیکی")

    def ready(self) -> None:
        # These modules import models, which Django loads only after every app config.
        from khooshe.core.registrations import (
            register_home_panel,
            register_nav,
            register_profile_panel,
        )
        from khooshe.eservices import desk, panels

        desk.register_sections()
        register_nav("eservices", label=_("خدمات الکترونیکی"), url_name="eservices:index", order=42)
        register_home_panel("eservices", template="eservices/_home_card.html", order=45)
        register_profile_panel(
            "eservices.catalogue",
            template="eservices/_profile_panel.html",
            context=panels.profile_panel,
            order=20,
        )
