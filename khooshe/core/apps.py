from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "khooshe.core"
    verbose_name = "هسته"

    def ready(self):
        from khooshe.core import checks  # noqa: F401 — registers the system checks
        from khooshe.core.throttling import use_shared_cache

        use_shared_cache()
