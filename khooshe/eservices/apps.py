from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EservicesConfig(AppConfig):
    name = "khooshe.eservices"
    verbose_name = _("خدمات الکترونیکی")

    def ready(self) -> None:
        # These modules import models, which Django loads only after every app config.
        from khooshe.core.registrations import register_home_panel, register_profile_panel
        from khooshe.eservices import desk, panels

        desk.register_sections()
        # No header entry yet: core's test_foundation_steps pins the nav to four apps (outside
        # this app's paths); the catalogue is reached from the home card and agency profiles.
        register_home_panel("eservices", template="eservices/_home_card.html", order=45)
        register_profile_panel(
            "eservices.catalogue",
            template="eservices/_profile_panel.html",
            context=panels.profile_panel,
            order=20,
        )
