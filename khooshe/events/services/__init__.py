"""Writes of the events app; every one takes ``actor=`` and checks its permission first."""

from khooshe.events.services.events import (
    award_add,
    event_create,
    event_outcomes_record,
    event_photo_add,
    event_poster_set,
    event_update,
    session_add,
)
from khooshe.events.services.exhibitors import (
    EXHIBITOR_MACHINE,
    booth_add,
    exhibitor_accept,
    exhibitor_apply,
    exhibitor_decline,
    exhibitor_waitlist,
    hall_add,
)
from khooshe.events.services.registrations import (
    REGISTRATION_MACHINE,
    CheckIn,
    find_tickets,
    registration_cancel,
    registration_check_in,
    registration_create,
)

__all__ = [
    "EXHIBITOR_MACHINE",
    "REGISTRATION_MACHINE",
    "CheckIn",
    "award_add",
    "booth_add",
    "event_create",
    "event_outcomes_record",
    "event_photo_add",
    "event_poster_set",
    "event_update",
    "exhibitor_accept",
    "exhibitor_apply",
    "exhibitor_decline",
    "exhibitor_waitlist",
    "find_tickets",
    "hall_add",
    "registration_cancel",
    "registration_check_in",
    "registration_create",
    "session_add",
]
