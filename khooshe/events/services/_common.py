from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("اجازه این کار را ندارید."))
