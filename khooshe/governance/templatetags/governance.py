from django import template

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
