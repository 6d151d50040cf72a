from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from khooshe.persian.jalali import parse_jalali_date, parse_jalali_month_end


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("اجازه این کار را ندارید."))


def resolve_due(due_on: datetime.date | str | None, due_text: str = "") -> datetime.date | None:
    """A due date given as a date, a Jalali date («۱۴۰۳/۰۶/۳۱») or a month end as the
    sources say it («پایان شهریور ۱۳۹۳» → the month's last day, leap Esfand → day 30)."""
    if isinstance(due_on, datetime.date):
        return due_on
    text = (due_on or due_text or "").strip()
    if not text:
        return None
    try:
        return parse_jalali_date(text)
    except ValidationError:
        pass
    result = parse_jalali_month_end(text)
    if result is None:
        raise ValidationError(
            {"due_on": _("موعد را به شکل ۱۴۰۳/۰۶/۳۱ یا «پایان شهریور ۱۴۰۳» بنویسید.")}
        )
    return result
