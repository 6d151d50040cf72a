from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "khooshe.accounts"
    verbose_name = "حساب‌ها و نقش‌ها"

    def ready(self):
        from khooshe.accounts import signals  # noqa: F401 - connects the receivers
