"""Who may see and act on the public record — predicates on ``khooshe.accounts.permissions``.

* A public article is seen by everyone, with what staff confirmed in it; a hidden one only by
  staff who see its province (its staff, national staff, admins).
* Suggestions still offered or rejected are the staff's working material: seen by those who
  see the province as staff, never by the public.
* Adding articles, processing them and deciding on suggestions belongs to the staff of the
  article's province (guild or governorate) and admins; national staff read but decide nothing
  provincial.
"""

from __future__ import annotations

from django.db.models import Q

from khooshe.accounts.permissions import (
    acts_in_province,
    is_staff_anywhere,
    province_ids_visible_to,
    sees_province,
)


def can_view_article(user, article) -> bool:
    return bool(article.is_public) or sees_province(user, article.province_id)


def article_visibility_q(user) -> Q:
    """The same rule as :func:`can_view_article`, as a filter (parity test in tests)."""
    provinces = province_ids_visible_to(user)
    if provinces is None:
        return Q()
    return Q(is_public=True) | Q(province_id__in=provinces)


def can_review(user, article) -> bool:
    """See the offered and rejected suggestions of the article."""
    return sees_province(user, article.province_id)


def can_manage(user, province) -> bool:
    """Add and edit articles of ``province``, process them, confirm and reject suggestions."""
    return acts_in_province(user, province)


def may_add_articles(user) -> bool:
    return is_staff_anywhere(user)
