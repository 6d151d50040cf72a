"""``{% export_links "proposals" %}``: the list's .xlsx and .csv links, carrying the page's
filters (not its page number), for a signed-in user."""

from django import template
from django.urls import reverse
from django.utils import translation

from khooshe.opendata import exports

register = template.Library()


@register.inclusion_tag("opendata/_export_links.html", takes_context=True)
def export_links(context, slug: str, **scope):
    """``scope``: what the page's address says rather than its query (``mode="mine"``)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return {"links": []}
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in scope.items():
        if value:
            params[name] = value
    query = f"?{params.urlencode()}" if params else ""
    declared = exports.get(slug)
    english = translation.get_language() == "en"
    return {
        "title": (declared.title_en if english else declared.title) if declared else "",
        "links": [
            (label, reverse("opendata:export", args=[slug, fmt]) + query)
            for fmt, label in (("xlsx", "Excel"), ("csv", "CSV"))
        ],
    }
