"""Aliases: the other names people call a record by — an abbreviation («نصر»), a shorter or
older name («سازمان نظام صنفی رایانه‌ای»), a common spelling the official name does not use.

One way for every record that can be mentioned (organizations, people, clusters, bodies,
projects): a text column with one alias per line (:class:`AliasesField`), edited on the
record's form as a textarea (:class:`AliasesFormField`) and in the API as a list of strings
(:class:`AliasesSerializerField`). Each alias is stored as :func:`clean_text` leaves it, so
it reads as staff typed it; whatever compares aliases (search, mentions in the news) folds
them with :func:`search_key` like every other name.

Why lines in a text column and not a JSON list: the records that have aliases are few, and
a plain text column lets both databases keep a partial index of exactly those rows
(``WHERE aliases <> ''``), so "every alias of the registry" is one indexed read rather than a
scan of every row's JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from khooshe.persian.text import clean_text, search_key

__all__ = [
    "MAX_ALIASES",
    "MAX_ALIAS_LENGTH",
    "STAFF_ONLY_MESSAGE",
    "AliasesField",
    "AliasesFormField",
    "AliasesSerializerField",
    "alias_keys",
    "aliases_list",
    "aliases_read_only_unless",
    "aliases_text",
    "validate_aliases",
]

MAX_ALIASES = 20
MAX_ALIAS_LENGTH = 200
#: Why a record's owner may not change its aliases (they steer search and mentions).
STAFF_ONLY_MESSAGE = _("نام‌های دیگر را کارشناسان استان ویرایش می‌کنند.")


def aliases_list(value: str | Iterable[str] | None) -> list[str]:
    """The aliases in ``value`` (text with one per line, or a list), each cleaned, blanks and
    spellings of the same alias (equal search keys) dropped, in the order given."""
    if not value:
        return []
    lines = value.splitlines() if isinstance(value, str) else [str(item) for item in value]
    seen: set[str] = set()
    result = []
    for line in lines:
        alias = clean_text(line).strip()
        key = search_key(alias)
        if key and key not in seen:
            seen.add(key)
            result.append(alias)
    return result


def aliases_text(value: str | Iterable[str] | None) -> str:
    """What the column stores: the cleaned aliases, one per line."""
    return "\n".join(aliases_list(value))


def alias_keys(value: str | Iterable[str] | None) -> list[str]:
    """The search keys of the aliases (what mentions and search compare)."""
    return [search_key(alias) for alias in aliases_list(value)]


def validate_aliases(value: str | Iterable[str] | None) -> None:
    """At most :data:`MAX_ALIASES` aliases of at most :data:`MAX_ALIAS_LENGTH` characters."""
    items = aliases_list(value)
    if len(items) > MAX_ALIASES:
        raise ValidationError(
            _("حداکثر %(max)s نام دیگر می‌توان ثبت کرد."),
            code="too_many_aliases",
            params={"max": MAX_ALIASES},
        )
    for alias in items:
        if len(alias) > MAX_ALIAS_LENGTH:
            raise ValidationError(
                _("هر نام دیگر حداکثر %(max)s نویسه است: «%(alias)s…»"),
                code="alias_too_long",
                params={"max": MAX_ALIAS_LENGTH, "alias": alias[:30]},
            )


class AliasesField(models.TextField):
    """The model column: one alias per line, blank by default."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("verbose_name", _("نام‌های دیگر"))
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault(
            "help_text", _("هر نام در یک سطر: نام کوتاه، سرواژه یا نامی که مردم به کار می‌برند")
        )
        kwargs.setdefault("validators", [validate_aliases])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "khooshe.persian.aliases.AliasesField", args, kwargs

    def formfield(self, **kwargs: Any):
        return super().formfield(**{"form_class": AliasesFormField, **kwargs})


class AliasesFormField(forms.CharField):
    """A textarea, one alias per line; cleans each line and drops repeats."""

    widget = forms.Textarea

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("نام‌های دیگر"))
        kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("rows", 3)
        self.widget.attrs.setdefault("dir", "auto")

    def to_python(self, value: Any) -> str:
        return aliases_text(super().to_python(value))

    def validate(self, value: Any) -> None:
        super().validate(value)
        validate_aliases(value)


def aliases_read_only_unless(form: forms.BaseForm, may_edit: bool) -> None:
    """Who may not change the aliases (a record's owner) sees them read only, with the
    reason, rather than a refusal after typing: a disabled field posts nothing and keeps its
    initial value, which the services accept unchanged."""
    field = form.fields.get("aliases")
    if field is not None and not may_edit:
        field.disabled = True
        field.help_text = STAFF_ONLY_MESSAGE


@extend_schema_field({"type": "array", "items": {"type": "string", "maxLength": MAX_ALIAS_LENGTH}})
class AliasesSerializerField(serializers.Field):
    """The API side: a list of strings in and out (the column keeps lines)."""

    default_error_messages = {"invalid": _("فهرستی از نام‌ها بفرستید.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("نام‌های دیگر"))
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> list[str]:
        return aliases_list(value)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
            self.fail("invalid")
        try:
            validate_aliases(data)
        except ValidationError as error:
            raise serializers.ValidationError(list(error.messages)) from error
        return aliases_text(data)
