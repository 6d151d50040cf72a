from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "khooshe.events"
    verbose_name = _("رویدادها")

    def ready(self) -> None:
        # These modules import models, which Django loads only after every app config.
        from khooshe.core.attachments import register_visibility
        from khooshe.core.registrations import (
            register_home_panel,
            register_nav,
            register_profile_panel,
        )
        from khooshe.events import desk, panels, permissions
        from khooshe.events.models import Event

        desk.register_sections()
        register_nav("events", label=_("رویدادها"), url_name="events:index", order=50)
        register_home_panel("events", template="events/_home_card.html", order=50)
        register_profile_panel(
            "events.organization",
            template="events/_organization_events.html",
            context=panels.organization_events_panel,
            order=40,
        )
        # The poster and the gallery are as public as the event.
        register_visibility(Event, permissions.can_view_event)
