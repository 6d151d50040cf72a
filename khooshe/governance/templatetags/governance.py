from django import template

from khooshe.governance.selectors import guild_board_for

register = template.Library()


@register.simple_tag
def guild_board(organization):
    """``{% guild_board organization as board %}`` → ``board.election``, ``board.members``."""
    election, members = guild_board_for(organization)
    return {"election": election, "members": members}
