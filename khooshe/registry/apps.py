from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "khooshe.registry"
    verbose_name = "بانک فعالان"

    def ready(self):
        from khooshe.core.attachments import register_visibility
        from khooshe.core.registrations import (
            register_home_panel,
            register_nav,
            register_user_menu,
        )
        from khooshe.registry import desk, panels, permissions, signals
        from khooshe.registry.models import Organization

        desk.register_sections()
        register_nav("registry", label=_("بانک فعالان"), url_name="registry:index", order=10)
        register_home_panel(
            "registry.figures",
            template="registry/_home_figures.html",
            context=panels.home_figures_panel,
            order=0,
        )
        register_home_panel("registry", template="registry/_home_card.html", order=10)
        register_user_menu("registry.mine", links=panels.my_organizations_menu, order=10)
        register_visibility(Organization, permissions.can_view_organization)
        signals.connect()
