from django.apps import AppConfig


class LoansConfig(AppConfig):
    name = "khooshe.loans"
