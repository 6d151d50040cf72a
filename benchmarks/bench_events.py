"""Events at scale (issue 13): the staff's check-in lookup among 50,000 registrations of one
event — by the last four digits of a mobile and by a ticket's QR value, as the service and as
the whole tiny check-in page — and the idempotent check-in itself. Run by
``benchmarks/run.py`` (``make bench``) through ``run(report)``."""

from __future__ import annotations

import datetime
import random
import time

from django.test import Client

from khooshe.accounts.models import Role, RoleGrant, User
from khooshe.events.models import Event, Registration, new_ticket_code
from khooshe.events.services import find_tickets, registration_check_in
from khooshe.geo.models import Province
from khooshe.persian.jalali import TEHRAN
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.models import Organization

REGISTRATIONS = 50_000
TITLE = "bench: 50,000 registrations"


def _event():
    """One event with ``REGISTRATIONS`` registrations (bulk, no history: the data, not the
    services, is what is measured here)."""
    staff, _created = User.objects.get_or_create(username="bench.events")
    province = Province.objects.get(code="IR-02")
    RoleGrant.objects.get_or_create(user=staff, role=Role.GOVERNORATE_STAFF, province=province)
    event = Event.objects.filter(title=TITLE).first()
    if event is not None and event.registrations.count() >= REGISTRATIONS:
        return event, staff
    first10 = "1480000100"
    organizer, _created = Organization.objects.get_or_create(
        legal_id=first10 + legal_id_check_digit(first10),
        defaults={"name": "برگزارکننده سنجش", "kind": "guild", "province": province},
    )
    if event is None:
        event = Event.objects.create(
            title=TITLE,
            kind=Event.Kind.FESTIVAL,
            province=province,
            venue="ساری",
            starts_at=datetime.datetime(2030, 5, 1, 9, tzinfo=TEHRAN),
            ends_at=datetime.datetime(2030, 5, 3, 18, tzinfo=TEHRAN),
            organizer=organizer,
            capacity=REGISTRATIONS,
        )
    event.registrations.all().delete()
    rng = random.Random(13)
    mobiles = rng.sample(range(10**9), REGISTRATIONS)
    rows = []
    for n, number in enumerate(mobiles):
        mobile = f"09{number:09d}"
        rows.append(
            Registration(
                event=event,
                name=f"بازدیدکننده {n}",
                mobile=mobile,
                mobile_tail=mobile[-4:],
                code=new_ticket_code(),
                state="registered" if n % 20 else "waitlisted",
            )
        )
    Registration.objects.bulk_create(rows, batch_size=5000)
    return event, staff


def run(report) -> None:
    started = time.monotonic()
    event, staff = _event()
    report.note(f"{REGISTRATIONS:,} registrations ready in {time.monotonic() - started:.1f} s")
    rng = random.Random(7)
    ids = list(event.registrations.values_list("id", flat=True))
    picks = list(
        Registration.objects.filter(pk__in=rng.sample(ids, 50)).values_list("mobile", "code")
    )
    tails = [mobile[-4:] for mobile, _code in picks]
    codes = [code for _mobile, code in picks]
    report.measure(
        "check-in lookup by the mobile's last 4 digits (service)",
        lambda tail: find_tickets(event=event, query=tail),
        tails,
        repeat=3,
        target_p95=20,
    )
    report.measure(
        "check-in lookup by QR value (service)",
        lambda code: find_tickets(event=event, query=code),
        codes,
        repeat=3,
        target_p95=20,
    )
    client = Client()
    client.force_login(staff)
    url = f"/events/{event.pk}/check-in/"
    report.measure(
        "GET the check-in page with ?q=last 4 digits (whole request)",
        lambda tail: client.get(url, {"q": tail}),
        tails,
        repeat=2,
        target_p95=50,
    )
    registered = list(
        event.registrations.filter(state="registered", checked_in_at__isnull=True).values_list(
            "code", flat=True
        )[:40]
    )
    report.measure(
        "check-in (first time, then the same ticket again: counts once)",
        lambda code: registration_check_in(actor=staff, event=event, code=code),
        registered,
        repeat=2,
        target_p95=50,
    )
