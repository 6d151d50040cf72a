from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from khooshe.core.registrations import (
    register_home_panel,
    register_nav,
    register_profile_panel,
    register_user_menu,
)


class ProposalsConfig(AppConfig):
    name = "khooshe.proposals"
    verbose_name = _("طرح‌های پیشنهادی")

    def ready(self) -> None:
        # These modules import models, which Django loads only after every app config.
        from khooshe.accounts.permissions import represents_any_organization
        from khooshe.core.attachments import register_visibility
        from khooshe.governance.panels import register_detail_panel
        from khooshe.proposals import desk, panels
        from khooshe.proposals.models import Proposal
        from khooshe.proposals.permissions import can_view_proposal

        register_visibility(Proposal, can_view_proposal)
        register_detail_panel(
            "proposals.award",
            kind="project",
            template="proposals/_project_award.html",
            context=panels.project_award_panel,
        )
        register_profile_panel(
            "proposals.implemented",
            template="proposals/_implementer_projects.html",
            context=panels.implementer_projects_panel,
            order=60,
        )
        desk.register_sections()
        register_nav("proposals", label=_("طرح‌ها"), url_name="proposals:index", order=20)
        register_home_panel("proposals", template="proposals/_home_card.html", order=20)
        register_user_menu(
            "proposals.mine",
            label=_("طرح‌های من"),
            url="proposals:mine",
            visible=represents_any_organization,
            order=20,
        )
