from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "khooshe.registry"
    verbose_name = "بانک فعالان"

    def ready(self):
        from khooshe.core.attachments import register_visibility
        from khooshe.core.desk import register
        from khooshe.registry import desk, permissions, signals
        from khooshe.registry.models import Organization

        register("registry.staff", desk.staff_section)
        register("registry.claims", desk.my_claims_section)
        register_visibility(Organization, permissions.can_view_organization)
        signals.connect()
