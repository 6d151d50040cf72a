"""How a recorded value reads in the history: the way its field is shown everywhere else.

django-simple-history stores each field's raw value — a UTC datetime, a Gregorian date, a
whole number of rials, a choice code, a foreign key's id, a JSON document, the rows of an m2m
through table. :func:`display_value` turns one of them into what a person reads, keyed by
the model field's type, in the active language (Persian digits on Persian pages, Latin
digits on English ones):

=====================================  ==========================================================
field                                  shown as
=====================================  ==========================================================
any field with choices                 the choice's label («تصویب‌شده», not ``approved``)
ForeignKey / OneToOneField             the related record's name (its ``__str__``)
ManyToManyField                        the related records' names, as a list
BooleanField                           «بله» / «خیر»
DateTimeField                          Jalali date and time in Asia/Tehran («۲ تیر ۱۴۰۳، ساعت ۰۷:۴۶»)
DateField                              Jalali date («۱۴۰۳/۰۴/۰۲»)
integer field holding rials            grouped with its unit («۸٬۰۰۰٬۰۰۰٬۰۰۰ ریال»)
other integers, decimals               digits of the page's script (decimals without trailing zeros)
JSONField                              a list: each item one line; a dict as «key: value» lines
anything else (text)                   as entered
=====================================  ==========================================================

Which integer fields hold rials (:func:`is_rial_field`): a model may name them in a
``RIAL_FIELDS`` attribute; otherwise a field whose name ends in ``_rial``, ``amount`` or
``budget``, or whose Persian label says «ریال» (every money field of the project is labelled
«… (ریال)»), is money. A dict in a JSON list that carries a ``label`` (an eligibility result,
for instance) reads «label: بله/خیر — reason», the reason translated from its stored msgid
(``reason_msgid`` and ``reason_params``) when there is one.

Written here rather than taken from a library: the formats are the project's own
(``khooshe.persian``), and no history package formats values by the field's type.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import override as translation_override

from khooshe.persian import money
from khooshe.persian.jalali import format_jalali, format_jalali_datetime, is_english_active
from khooshe.persian.text import to_persian_digits

_MONEY_SUFFIXES = ("_rial", "amount", "budget")


@dataclass(frozen=True)
class Shown:
    """A value as read: ``text`` on one line, and ``items`` when it is a list."""

    text: str
    items: tuple[str, ...] = ()


EMPTY = Shown("")


def _digits() -> str:
    return "latin" if is_english_active() else "fa"


def _number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        value = value.to_integral() if value == value.to_integral() else value.normalize()
    text = str(value)
    return text if is_english_active() else to_persian_digits(text).replace(".", "٫")


def yes_no(value: bool) -> str:
    return gettext("بله") if value else gettext("خیر")


def is_rial_field(model: type[models.Model], field: models.Field) -> bool:
    """Whether ``field`` of ``model`` holds an amount of rials (see the module docstring)."""
    declared = getattr(model, "RIAL_FIELDS", None)
    if declared is not None and field.name in declared:
        return True
    if not isinstance(field, models.IntegerField) or field.choices:
        return False
    if field.name.endswith(_MONEY_SUFFIXES):
        return True
    with translation_override("fa"):
        return "ریال" in str(field.verbose_name)


def _plain(value: Any) -> str:
    """A value inside a JSON document."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | Decimal):
        return _number(value)
    if isinstance(value, float):
        return _number(Decimal(str(value)))
    if isinstance(value, list):
        return "، ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return "، ".join(f"{key}: {_plain(item)}" for key, item in value.items())
    return str(value)


def _labelled(item: dict) -> str:
    """A JSON object that names itself (``label``): «label: yes/no — reason»."""
    text = str(item["label"])
    if isinstance(item.get("passed"), bool):
        text += f": {yes_no(item['passed'])}"
    reason = item.get("reason") or ""
    if item.get("reason_msgid"):
        translated = gettext(item["reason_msgid"])
        try:
            reason = translated % (item.get("reason_params") or {})
        except (KeyError, TypeError, ValueError):
            reason = reason or translated
    if reason:
        text += f" — {reason}"
    return text


def _json(value: Any) -> Shown:
    if isinstance(value, list):
        items = tuple(
            _labelled(item) if isinstance(item, dict) and "label" in item else _plain(item)
            for item in value
        )
    elif isinstance(value, dict):
        items = tuple(f"{key}: {_plain(item)}" for key, item in value.items())
    else:
        return Shown(_plain(value))
    return Shown("؛ ".join(items), items)


class Formatter:
    """Formats many values of one model, reading each related record once."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self._names: dict[tuple[type, Any], str] = {}

    def _related_names(self, related: type[models.Model], ids) -> dict:
        missing = [pk for pk in ids if (related, pk) not in self._names]
        if missing:
            for obj in related._default_manager.filter(pk__in=missing):
                self._names[(related, obj.pk)] = str(obj)
        return {pk: self._names.get((related, pk), _plain(pk)) for pk in ids}

    def field(self, name: str) -> models.Field | None:
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:  # a field since removed from the model
            return None

    def show(self, field_name: str, value: Any) -> Shown:
        if value is None or value == "" or value == [] or value == {}:
            return EMPTY
        field = self.field(field_name)
        if field is None:
            return Shown(_plain(value))
        if field.many_to_many:
            if not isinstance(value, list):
                return Shown(_plain(value))
            # simple-history stores an m2m value as the rows of its through table.
            key = field.m2m_reverse_field_name()
            ids = [row.get(key) for row in value if isinstance(row, dict)]
            names = self._related_names(field.related_model, ids)
            items = tuple(names[pk] for pk in ids)
            return Shown("، ".join(items), items)
        if field.choices:
            return Shown(str(dict(field.flatchoices).get(value, value)))
        if field.is_relation and field.related_model is not None:
            return Shown(self._related_names(field.related_model, [value])[value])
        if isinstance(field, models.BooleanField) or isinstance(value, bool):
            return Shown(yes_no(bool(value)))
        if isinstance(value, datetime.datetime):
            return Shown(format_jalali_datetime(value, digits=_digits(), month_names=_months()))
        if isinstance(value, datetime.date):
            return Shown(format_jalali(value, digits=_digits()))
        if isinstance(field, models.JSONField):
            return _json(value)
        if isinstance(value, int) and is_rial_field(self.model, field):
            return Shown(money.format_rial(value, digits=_digits()))
        if isinstance(value, int | Decimal | float):
            return Shown(_number(value if not isinstance(value, float) else Decimal(str(value))))
        return Shown(str(value))


def _months() -> str:
    return "en" if is_english_active() else "fa"


def display_value(model: type[models.Model], field_name: str, value: Any) -> str:
    """``value`` of ``model.field_name`` as a person reads it (one line)."""
    return Formatter(model).show(field_name, value).text


def reason_text(reason: str) -> str:
    """A recorded reason in the viewer's language.

    Services record a translated label (a transition's «تصویب», or «label: note»); the label
    was written in the language of whoever acted. Its Persian form is the message id, so it
    reads again in the viewer's language; a note after the label stays as written."""
    if not reason:
        return ""
    translated = gettext(reason)
    if translated != reason:
        return translated
    label, separator, note = reason.partition(": ")
    if separator and label:
        return f"{gettext(label)}: {note}"
    return reason
