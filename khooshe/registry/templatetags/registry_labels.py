"""English labels for the directory's facet values (the facets carry the Persian name)."""

from django import template
from django.core.cache import cache

from khooshe.persian.jalali import is_english_active

register = template.Library()

LABELS_SECONDS = 60


def _english_names(facet: str) -> dict[str, str]:
    key = f"registry:facet-labels-en:{facet}"
    names = cache.get(key)
    if names is None:
        from khooshe.geo.models import County, Province
        from khooshe.registry.models import Capability, Sector

        rows = {
            "province": lambda: Province.objects.values_list("code", "name_en"),
            "county": lambda: County.objects.values_list("pk", "name_en"),
            "capability": lambda: Capability.objects.values_list("slug", "name_en"),
            "sector": lambda: Sector.objects.values_list("slug", "name_en"),
        }[facet]()
        names = {str(value): name for value, name in rows if name}
        cache.set(key, names, LABELS_SECONDS)
    return names


@register.simple_tag
def facet_label(facet, value) -> str:
    """``value.label``, or its English name in English pages for places and taxonomies."""
    name = getattr(facet, "name", "")
    if name in ("province", "county", "capability", "sector") and is_english_active():
        english = _english_names(name).get(str(getattr(value, "value", "")))
        if english:
            return english
    return value.label


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
    and the includes cost more than the search."""
    from django.utils.html import format_html_join
    from django.utils.safestring import mark_safe

    from khooshe.persian.templatetags.persian import fa_digits

    return format_html_join(
        "\n",
        '<li class="{}"><a href="?{}" hx-get="?{}" hx-target="#results" hx-push-url="true" '
        'class="{}"{} data-facet="{}" data-value="{}">{}{}</a> '
        '<span class="badge text-bg-light facet-count">{}</span></li>',
        (
            (
                "ms-3" if value.depth else "",
                value.link,
                value.link,
                "fw-bold" if value.selected else "",
                mark_safe(' aria-current="true"') if value.selected else "",
                facet.name,
                value.value,
                "✓ " if value.selected else "",
                facet_label(facet, value),
                fa_digits(value.count),
            )
            for value in values
        ),
    )
