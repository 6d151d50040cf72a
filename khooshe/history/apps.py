from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "khooshe.history"
    verbose_name = "تاریخچه"
