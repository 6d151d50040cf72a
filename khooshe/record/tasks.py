"""The background processing of long articles (the task lives beside the service it runs)."""

from khooshe.record.services.processing import process_article

__all__ = ["process_article"]
