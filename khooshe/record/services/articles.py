"""Adding and editing articles: the bad input refused in Persian, the text repaired once."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from khooshe.core.concurrency import save_versioned
from khooshe.history.services import stamp
from khooshe.persian.text import clean_text, search_key
from khooshe.record import permissions
from khooshe.record.models import Article
from khooshe.record.services.processing import article_schedule
from khooshe.record.text import repair_text

#: The longest text accepted (a long meeting report is about 50,000 characters).
MAX_TEXT_LENGTH = 300_000

ARTICLE_FIELDS = (
    "province",
    "kind",
    "title",
    "source",
    "body",
    "published_on",
    "url",
    "original_text",
    "is_public",
)


def text_hash(text: str) -> str:
    """The duplicate key of a cleaned text: spacing, ZWNJ and Arabic letters do not count."""
    return hashlib.sha256(search_key(text).encode()).hexdigest()


def _search_text(article: Article) -> str:
    keys = [search_key(article.title), search_key(article.source), search_key(article.text)]
    return " ".join(filter(None, keys))


def _check(article: Article) -> None:
    errors: dict[str, list[str]] = {}
    if not search_key(article.original_text):
        errors["original_text"] = [_("متن خبر خالی است.")]
    elif len(article.original_text) > MAX_TEXT_LENGTH:
        errors["original_text"] = [
            _("متن خبر بیش از %(max)s نویسه است.") % {"max": f"{MAX_TEXT_LENGTH:,}"}
        ]
    if not search_key(article.title):
        errors["title"] = [_("عنوان خبر را بنویسید.")]
    if article.published_on and article.published_on > timezone.localdate():
        errors["published_on"] = [_("تاریخ انتشار نمی‌تواند در آینده باشد.")]
    if article.body_id and article.body.province_id not in (None, article.province_id):
        errors["body"] = [_("این نهاد از استان دیگری است.")]
    if errors:
        raise ValidationError(errors)
    others = Article.objects.exclude(pk=article.pk)
    if article.url:
        clash = others.filter(url=article.url).first()
        if clash is not None:
            errors["url"] = [
                _("خبری با همین نشانی پیش‌تر ثبت شده است: «%(title)s».") % {"title": clash.title}
            ]
    clash = others.filter(text_hash=article.text_hash).first()
    if clash is not None:
        errors["original_text"] = [
            _("همین متن پیش‌تر با عنوان «%(title)s» ثبت شده است.") % {"title": clash.title}
        ]
    if errors:
        raise ValidationError(errors)


def _prepare(article: Article) -> None:
    article.title = clean_text(article.title or "").strip()[:300]
    article.source = clean_text(article.source or "").strip()[:100]
    article.url = (article.url or "").strip()
    article.text = repair_text(article.original_text or "", article.title)
    article.text_hash = text_hash(article.text)
    article.search_text = _search_text(article)


@transaction.atomic
def article_create(
    *,
    actor,
    province,
    title: str,
    source: str,
    published_on: datetime.date,
    original_text: str,
    url: str = "",
    kind: str = Article.Kind.NEWS,
    body=None,
    is_public: bool = True,
    process: bool = True,
) -> Article:
    """Store the article (its original text and the repaired one) and compute its
    suggestions: at once for a short text, in the background for a long one."""
    if not permissions.can_manage(actor, province):
        raise PermissionDenied(_("ثبت خبر با کارشناسان همان استان است."))
    article = Article(
        province=province,
        kind=kind,
        title=title,
        source=source,
        body=body,
        published_on=published_on,
        url=url,
        original_text=original_text or "",
        is_public=is_public,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _prepare(article)
    _check(article)
    article.full_clean(exclude=["text_hash", "search_text", "created_by", "body", "province"])
    stamp(article, actor=actor, reason=_("ثبت خبر")).save()
    if process:
        article_schedule(article)
        article.refresh_from_db()
    return article


@transaction.atomic
def article_update(
    *, actor, article: Article, expected_version: int | None = None, **fields
) -> Article:
    """Edit an article; a changed text is a new version, processed again (decisions on
    suggestions are kept: what was rejected stays rejected)."""
    if not permissions.can_manage(actor, article.province_id):
        raise PermissionDenied(_("ویرایش خبر با کارشناسان همان استان است."))
    unknown = set(fields) - set(ARTICLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown article fields: {sorted(unknown)}")
    if "province" in fields and not permissions.can_manage(actor, fields["province"]):
        raise PermissionDenied(_("ثبت خبر با کارشناسان همان استان است."))
    for name, value in fields.items():
        setattr(article, name, value)
    _prepare(article)
    _check(article)
    stamp(article, actor=actor)
    save_versioned(article, expected_version=expected_version)
    article_schedule(article)
    article.refresh_from_db()
    return article
