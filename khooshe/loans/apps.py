from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "khooshe.loans"
    verbose_name = _("برنامه‌های حمایتی")

    def ready(self) -> None:
        from khooshe.core.attachments import register_visibility
        from khooshe.core.desk import register
        from khooshe.loans import desk
        from khooshe.loans.models import JobReport
        from khooshe.loans.permissions import can_view_application

        register("loans", desk.loans_section)
        register_visibility(
            JobReport, lambda user, report: can_view_application(user, report.application)
        )
