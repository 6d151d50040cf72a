"""No form or filter of any app renders ``type="number"``: browsers drop Persian digits typed
there silently (a user typing «۱۹» employees would save nothing). Every numeric field uses
the digit-script fields of ``khooshe.persian.forms``."""

import contextlib
from importlib import import_module
from importlib.util import find_spec

import pytest
from django import forms
from django.apps import apps
from django_filters import FilterSet

MODULES = ("forms", "filters", "api.filters")


def _load_form_modules() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("khooshe."):
            continue
        for module in MODULES:
            name = f"{config.name}.{module}"
            if _exists(name):
                import_module(name)


def _exists(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return {c for c in found if c.__module__.startswith("khooshe.")}


def _number_fields(fields) -> list[str]:
    return [
        name
        for name, field in fields.items()
        if getattr(field.widget, "input_type", None) == "number"
    ]


def _offenders() -> list[str]:
    _load_form_modules()
    offenders = []
    for form_class in sorted(_subclasses(forms.BaseForm), key=lambda c: c.__qualname__):
        fields = dict(form_class.base_fields)
        # Fields added in __init__ are seen where the form needs no arguments; a form that
        # needs some is judged by its declared fields.
        with contextlib.suppress(Exception):
            fields.update(form_class().fields)
        offenders += [
            f"{form_class.__module__}.{form_class.__qualname__}.{name}"
            for name in _number_fields(fields)
        ]
    for filterset in sorted(_subclasses(FilterSet), key=lambda c: c.__qualname__):
        fields = {name: f.field for name, f in filterset.base_filters.items()}
        offenders += [
            f"{filterset.__module__}.{filterset.__qualname__}.{name}"
            for name in _number_fields(fields)
        ]
    return offenders


@pytest.mark.django_db
def test_no_form_or_filter_renders_a_number_input():
    assert _offenders() == []
