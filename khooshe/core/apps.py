from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "khooshe.core"
    verbose_name = "هسته"
