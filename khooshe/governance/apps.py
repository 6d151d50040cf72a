from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "khooshe.governance"
    verbose_name = _("شوراها، مصوبات و تعهدها")

    def ready(self) -> None:
        from khooshe.core.attachments import register_visibility
        from khooshe.core.desk import register
        from khooshe.governance import desk, permissions
        from khooshe.governance.models import CommitmentUpdate, Meeting

        register("governance.commitments", desk.owned_commitments_section)
        register("governance.late_in_province", desk.province_late_section)
        register_visibility(Meeting, permissions.can_view_meeting)
        register_visibility(CommitmentUpdate, permissions.can_view_commitment_update)
