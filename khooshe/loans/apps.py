from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "khooshe.loans"
    verbose_name = _("برنامه‌های حمایتی")

    def ready(self) -> None:
        from khooshe.accounts.permissions import represents_any_organization
        from khooshe.core.attachments import register_visibility
        from khooshe.core.registrations import (
            register_home_panel,
            register_nav,
            register_user_menu,
        )
        from khooshe.loans import desk
        from khooshe.loans.models import ApplicationDocument, JobReport
        from khooshe.loans.permissions import can_view_application, can_view_cover

        desk.register_sections()
        register_nav("loans", label=_("برنامه‌های حمایتی"), url_name="loans:index", order=30)
        register_home_panel("loans", template="loans/_home_card.html", order=30)
        register_user_menu(
            "loans.mine",
            label=_("درخواست‌های من"),
            url=lambda user: reverse("loans:application_list") + "?scope=mine",
            visible=represents_any_organization,
            order=30,
        )
        register_visibility(
            JobReport, lambda user, report: can_view_application(user, report.application)
        )
        register_visibility(
            ApplicationDocument,
            lambda user, document: can_view_cover(user, document.application),
        )
