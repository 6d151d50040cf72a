from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khooshe.core.registrations import register_nav, register_user_menu


class ObstaclesConfig(AppConfig):
    name = "khooshe.obstacles"
    verbose_name = _("موانع کسب‌وکار")

    def ready(self) -> None:
        # These modules import models, which Django loads only after every app config.
        from khooshe.accounts.permissions import represents_any_organization
        from khooshe.core.attachments import register_visibility
        from khooshe.governance.services.reminders import register_reminder_source
        from khooshe.obstacles import desk, permissions
        from khooshe.obstacles.models import Answer, Obstacle
        from khooshe.obstacles.reminders import OBSTACLE_DEADLINES

        desk.register_sections()
        register_nav("obstacles", label=_("موانع کسب‌وکار"), url_name="obstacles:index", order=45)
        register_user_menu(
            "obstacles.mine",
            label=_("موانع من"),
            url=lambda user: reverse("obstacles:index") + "?mine=on",
            visible=represents_any_organization,
            order=45,
        )
        register_visibility(Obstacle, permissions.can_view_attachment)
        register_visibility(Answer, permissions.can_view_attachment)
        register_reminder_source(OBSTACLE_DEADLINES)
