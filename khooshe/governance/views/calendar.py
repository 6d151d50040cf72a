"""iCalendar feeds of the deadlines of a body's and a province's commitments."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from khooshe.geo.models import Province
from khooshe.governance import selectors
from khooshe.governance.calendar import deadlines_calendar


def _ics(calendar_bytes: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(calendar_bytes, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def ical_body(request, pk: int):
    body = selectors.body_get(viewer=request.user, pk=pk)
    commitments = selectors.commitment_list(viewer=request.user).filter(
        body=body, due_on__isnull=False
    )
    name = _("موعدهای %(body)s") % {"body": body.name}
    return _ics(deadlines_calendar(commitments, name=name, request=request), f"body-{pk}.ics")


def ical_province(request, code: str):
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise Http404
    commitments = selectors.commitment_list(viewer=request.user).filter(
        province=province, due_on__isnull=False
    )
    name = _("موعدهای تعهدهای استان %(province)s") % {"province": province.name}
    return _ics(deadlines_calendar(commitments, name=name, request=request), f"{code}.ics")
