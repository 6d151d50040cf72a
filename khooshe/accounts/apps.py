from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "khooshe.accounts"
    verbose_name = "حساب‌ها و نقش‌ها"
