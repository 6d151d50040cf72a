"""Permission-checked reads of the public record (``viewer=``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from khooshe.record import permissions
from khooshe.record.models import Article, Suggestion


def article_list(*, viewer) -> QuerySet[Article]:
    return (
        Article.objects.filter(permissions.article_visibility_q(viewer))
        .select_related("province", "body")
        .defer("original_text", "text")
    )


def article_get(*, viewer, pk) -> Article:
    article = Article.objects.select_related("province", "body").filter(pk=pk).first()
    if article is None or not permissions.can_view_article(viewer, article):
        raise Http404
    return article


def suggestions_of(article: Article, *, viewer) -> QuerySet[Suggestion]:
    """Every suggestion for staff who review the article; the confirmed ones for others."""
    rows = article.suggestions.select_related(
        "organization", "person", "cluster", "mentioned_body", "project", "owner", "commitment"
    )
    if not permissions.can_review(viewer, article):
        rows = rows.filter(state=Suggestion.State.CONFIRMED)
    return rows.order_by("kind", "start", "id")


def suggestion_get(*, viewer, pk) -> Suggestion:
    suggestion = Suggestion.objects.select_related("article").filter(pk=pk).first()
    if suggestion is None or not permissions.can_view_article(viewer, suggestion.article):
        raise Http404
    if suggestion.state != Suggestion.State.CONFIRMED and not permissions.can_review(
        viewer, suggestion.article
    ):
        raise Http404
    return suggestion


def articles_mentioning(*, viewer, limit: int = 10, **target) -> list[Article]:
    """Visible articles with a confirmed mention of the target (``organization=``,
    ``mentioned_body=``, ``project=``), newest first."""
    ids = Suggestion.objects.filter(
        kind=Suggestion.Kind.MENTION, state=Suggestion.State.CONFIRMED, **target
    ).values("article_id")
    return list(article_list(viewer=viewer).filter(pk__in=ids)[:limit])


def confirmed_promises(article_ids) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(
        article_id__in=article_ids,
        kind=Suggestion.Kind.PROMISE,
        state=Suggestion.State.CONFIRMED,
        commitment__isnull=False,
    )


__all__ = [
    "article_get",
    "article_list",
    "articles_mentioning",
    "confirmed_promises",
    "suggestion_get",
    "suggestions_of",
]
