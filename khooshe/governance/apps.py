from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from khooshe.core.registrations import register_home_panel, register_nav, register_profile_panel
from khooshe.governance import panels


class GovernanceConfig(AppConfig):
    name = "khooshe.governance"
    verbose_name = _("شوراها، مصوبات و تعهدها")

    def ready(self) -> None:
        # These modules import models, which Django loads only after every app config.
        from khooshe.core.attachments import register_visibility
        from khooshe.governance import desk, permissions
        from khooshe.governance.models import CommitmentUpdate, Meeting

        desk.register_sections()
        register_nav(
            "governance", label=_("تعهدها و مصوبات"), url_name="governance:index", order=40
        )
        register_home_panel("governance", template="governance/_home_card.html", order=40)
        register_profile_panel(
            "governance.guild_board",
            template="governance/_guild_board.html",
            context=panels.guild_board_panel,
            order=10,
        )
        register_visibility(Meeting, permissions.can_view_meeting)
        register_visibility(CommitmentUpdate, permissions.can_view_commitment_update)
