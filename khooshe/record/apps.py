from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

from khooshe.core.registrations import register_nav, register_profile_panel


class RecordConfig(AppConfig):
    name = "khooshe.record"
    verbose_name = _("رسانه‌ها و گزارش‌ها")

    def ready(self) -> None:
        # These modules import models, which Django loads only after every app config.
        from khooshe.governance.panels import register_commitment_sources, register_detail_panel
        from khooshe.record import desk, panels

        desk.register_sections()
        register_nav("record", label=_("در رسانه‌ها"), url_name="record:index", order=48)
        register_profile_panel(
            "record",
            template="record/_in_the_news.html",
            context=panels.organization_panel,
            order=70,
        )
        for kind in ("body", "project", "commitment"):
            register_detail_panel(
                f"record-{kind}",
                kind=kind,
                template="record/_in_the_news.html",
                context=getattr(panels, f"{kind}_panel"),
                order=70,
            )
        register_commitment_sources("record", panels.commitment_source_links)
        if apps.is_installed("khooshe.indicators"):
            from khooshe.indicators.statements import register_statement_source

            register_statement_source(panels.indicator_statements)
