from django import template

from khooshe.governance.panels import render_detail_panels
from khooshe.governance.selectors import guild_board_for

register = template.Library()


@register.simple_tag(takes_context=True)
def guild_board(context, organization):
    """``{% guild_board organization as board %}`` → ``board.election``, ``board.members``
    (as the page's user may see them)."""
    request = context.get("request")
    viewer = getattr(request, "user", None)
    election, members = guild_board_for(viewer=viewer, organization=organization)
    return {"election": election, "members": members}


@register.simple_tag(takes_context=True)
def detail_panels(context, kind, record):
    """``{% detail_panels "body" body %}``: the panels other apps registered for the page
    (:func:`khooshe.governance.panels.register_detail_panel`)."""
    return render_detail_panels(context.get("request"), kind, record)
