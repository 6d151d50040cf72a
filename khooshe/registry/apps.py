from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "khooshe.registry"
    verbose_name = "بانک فعالان"
