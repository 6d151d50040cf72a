"""Writes of the obstacles app; every one takes ``actor=`` and checks permission first."""

from khooshe.obstacles.services.escalation import (
    escalation_threshold,
    obstacle_escalate,
    obstacle_resolve,
)
from khooshe.obstacles.services.obstacles import (
    answer_add,
    category_create,
    closure_day_add,
    obstacle_close,
    obstacle_rate,
    obstacle_reopen,
    obstacle_report,
    obstacle_reroute,
    obstacle_route,
    obstacle_start,
    obstacle_support,
    route_set,
)

__all__ = [
    "answer_add",
    "category_create",
    "closure_day_add",
    "escalation_threshold",
    "obstacle_close",
    "obstacle_escalate",
    "obstacle_rate",
    "obstacle_reopen",
    "obstacle_report",
    "obstacle_reroute",
    "obstacle_resolve",
    "obstacle_route",
    "obstacle_start",
    "obstacle_support",
    "route_set",
]
