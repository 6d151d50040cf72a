"""Writes of the public record. Every service takes ``actor=``, checks permission and names
the actor in the history; suggestions are computed once per article version."""

from khooshe.record.services.articles import article_create, article_update, text_hash
from khooshe.record.services.processing import (
    ASYNC_THRESHOLD,
    article_process,
    article_schedule,
    compute_suggestions,
    lookup_names,
)
from khooshe.record.services.review import suggestion_confirm, suggestion_reject

__all__ = [
    "ASYNC_THRESHOLD",
    "article_create",
    "article_process",
    "article_schedule",
    "article_update",
    "compute_suggestions",
    "lookup_names",
    "suggestion_confirm",
    "suggestion_reject",
    "text_hash",
]
