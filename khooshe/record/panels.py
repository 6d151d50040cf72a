"""What the public record shows on other apps' pages: "in the news" on an organization's
profile, a body's, a project's and a commitment's page; the article as a source on the
promise board; confirmed figures as statements beside an indicator."""

from __future__ import annotations

from django.urls import reverse

from khooshe.record import selectors
from khooshe.record.models import Suggestion


def _panel(request, **target) -> dict | None:
    articles = selectors.articles_mentioning(viewer=request.user, **target)
    return {"news_articles": articles} if articles else None


def organization_panel(request, organization) -> dict | None:
    return _panel(request, organization=organization)


def body_panel(request, body) -> dict | None:
    return _panel(request, mentioned_body=body)


def project_panel(request, project) -> dict | None:
    return _panel(request, project=project)


def commitment_panel(request, commitment) -> dict | None:
    ids = Suggestion.objects.filter(commitment=commitment, state=Suggestion.State.CONFIRMED).values(
        "article_id"
    )
    articles = list(selectors.article_list(viewer=request.user).filter(pk__in=ids)[:10])
    return {"news_articles": articles} if articles else None


def commitment_source_links(commitment_ids: list[int]) -> dict[int, list[dict]]:
    """The public articles each commitment was confirmed from (one query)."""
    rows = (
        Suggestion.objects.filter(
            commitment_id__in=commitment_ids,
            kind=Suggestion.Kind.PROMISE,
            state=Suggestion.State.CONFIRMED,
            article__is_public=True,
        )
        .order_by("article__published_on", "id")
        .values_list("commitment_id", "article_id", "article__title")
    )
    links: dict[int, list[dict]] = {}
    for commitment_id, article_id, title in rows:
        links.setdefault(commitment_id, []).append(
            {"label": title, "url": reverse("record:article_detail", args=[article_id])}
        )
    return links


def indicator_statements(indicator_slug: str, province_id: int | None) -> list[tuple]:
    """Confirmed figures tied to the indicator: (text, value, source title, url, date)."""
    rows = Suggestion.objects.filter(
        kind=Suggestion.Kind.FIGURE,
        state=Suggestion.State.CONFIRMED,
        indicator_slug=indicator_slug,
        article__is_public=True,
    ).select_related("article")
    if province_id is not None:
        rows = rows.filter(article__province_id=province_id)
    return [
        (
            row.sentence,
            row.value,
            f"{row.article.source}: {row.article.title}",
            reverse("record:article_detail", args=[row.article_id]),
            row.article.published_on,
        )
        for row in rows.order_by("-article__published_on")[:20]
    ]
