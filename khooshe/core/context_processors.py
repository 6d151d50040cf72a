from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from khooshe.core.desk import desk_count
from khooshe.core.notifications import unread_count
from khooshe.core.registrations import nav_entries, user_menu


def shell(request):
    """What the page shell needs: today's date, the navigation, the desk and
    unread-notification counts."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": settings.KHOOSHE_SITE_NAME,
        "today": timezone.localdate(),
        "nav_entries": nav_entries(),
        "user_menu": SimpleLazyObject(lambda: user_menu(user)) if signed_in else [],
        "desk_count": desk_count(user) if signed_in else 0,
        "unread_notifications": unread_count(user) if signed_in else 0,
    }
