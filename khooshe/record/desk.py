"""The review desk section: articles of the staff's provinces with suggestions to decide."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import province_ids_for
from khooshe.core import desk
from khooshe.record.models import Article, Suggestion


def _pending(user):
    provinces = province_ids_for(user)
    if provinces is not None and not provinces:
        return None
    waiting = Suggestion.objects.filter(state=Suggestion.State.OFFERED).values("article_id")
    articles = Article.objects.filter(pk__in=waiting)
    if provinces is not None:
        articles = articles.filter(province_id__in=provinces)
    return articles.order_by("-published_on", "-id")


def _item(article) -> desk.DeskItem:
    return desk.DeskItem(
        title=article.title, url=reverse("record:review", args=[article.pk]), detail=article.source
    )


def register_sections() -> None:
    desk.register(
        "record-review",
        title=_("خبرهای در انتظار بررسی"),
        pending=_pending,
        item=_item,
        url=lambda: reverse("record:index"),
    )
