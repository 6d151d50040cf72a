from django.apps import AppConfig


class PersianConfig(AppConfig):
    name = "khooshe.persian"
    verbose_name = "لایه فارسی"
