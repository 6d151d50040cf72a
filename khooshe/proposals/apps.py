from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "khooshe.proposals"
    verbose_name = _("طرح‌های پیشنهادی")

    def ready(self) -> None:
        from khooshe.core.attachments import register_visibility
        from khooshe.core.desk import register
        from khooshe.proposals import desk
        from khooshe.proposals.models import Proposal
        from khooshe.proposals.permissions import can_view_proposal

        register_visibility(Proposal, can_view_proposal)
        register("proposals.returned", desk.returned_proposals)
        register("proposals.screening", desk.screening_queue)
        register("proposals.to_score", desk.scoring_queue)
        register("proposals.forwarded_dossiers", desk.forwarded_dossiers)
