"""English labels for the directory's facet values (the facets carry the Persian name)."""

from django import template
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe

from khooshe.geo.models import County, Province
from khooshe.persian.jalali import is_english_active
from khooshe.persian.text import to_persian_digits
from khooshe.registry.models import Capability, Sector

register = template.Library()

LABELS_SECONDS = 60


def _english_names(facet: str) -> dict[str, str]:
    key = f"registry:facet-labels-en:{facet}"
    names = cache.get(key)
    if names is None:
        rows = {
            "province": lambda: Province.objects.values_list("code", "name_en"),
            "county": lambda: County.objects.values_list("pk", "name_en"),
            "capability": lambda: Capability.objects.values_list("slug", "name_en"),
            "sector": lambda: Sector.objects.values_list("slug", "name_en"),
        }[facet]()
        names = {str(value): name for value, name in rows if name}
        cache.set(key, names, LABELS_SECONDS)
    return names


TRANSLATED_FACETS = ("province", "county", "capability", "sector")


def _english_labels(facet) -> dict[str, str]:
    """The English names of ``facet``'s values in English pages (places and taxonomies),
    else nothing: the facets carry the Persian name."""
    name = getattr(facet, "name", "")
    if name in TRANSLATED_FACETS and is_english_active():
        return _english_names(name)
    return {}


@register.simple_tag
def taxonomy_label(kind: str, item) -> str:
    """A capability's or sector's name in the page's language, from its slug (the lists load
    only the Persian name)."""
    if is_english_active():
        english = _english_names(kind).get(str(getattr(item, "slug", "")))
        if english:
            return english
    return item.name


@register.simple_tag
def facet_items(facet, values):
    """The ``<li>`` of each facet value: a link toggling it and its count. Rendered here
    rather than by an ``{% include %}`` per value: a directory page shows up to 200 values,
    and the includes cost more than the search (so the language is looked up once per facet,
    and only what varies is escaped)."""
    english = _english_labels(facet)
    digits = str if is_english_active() else to_persian_digits
    name = escape(facet.name)
    items = []
    for value in values:
        link = escape(value.link)
        chosen = ' class="fw-bold" aria-current="true"' if value.selected else ' class=""'
        label = english.get(value.value) or value.label
        items.append(
            f'<li class="{"ms-3" if value.depth else ""}"><a href="?{link}" hx-get="?{link}" '
            f'hx-target="#results" hx-push-url="true"{chosen} data-facet="{name}" '
            f'data-value="{escape(value.value)}" dir="auto">{"✓ " if value.selected else ""}'
            f"{escape(label)}</a> "
            f'<span class="badge text-bg-light facet-count">{digits(value.count)}</span></li>'
        )
    return mark_safe("\n".join(items))  # every value above is escaped
