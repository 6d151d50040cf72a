"""The public loan calculator: turns typed parameters into :class:`LoanTerms` and a
schedule, mapping the engine's ``ValueError`` to the field it is about, and presents a
schedule as plain data (used by the API, the program page and the calculator page)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from khooshe.loans.schedule import (
    TERM_FIELDS,
    GraceInterest,
    LoanTerms,
    Method,
    Schedule,
    build_schedule,
)
from khooshe.persian.jalali import format_jalali

_GOOD = {
    "amount": 1_000_000,
    "annual_rate": Decimal(0),
    "installments": 1,
    "grace_months": 0,
    "grace_interest": GraceInterest.PAID_MONTHLY,
    "method": Method.ANNUITY,
    "rounding": 1,
}


#: The engine's messages (plain Persian strings in schedule.py), listed for translation.
ENGINE_MESSAGES = (
    gettext_noop("مبلغ وام باید عددی صحیح و بزرگ‌تر از صفر (به ریال) باشد."),
    gettext_noop("مبلغ وام نمی‌تواند بیش از ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال باشد."),
    gettext_noop("نرخ سود سالانه باید عدد دهدهی (Decimal) باشد، نه عدد اعشاری شناور."),
    gettext_noop("نرخ سود سالانه عدد معتبری نیست."),
    gettext_noop("نرخ سود سالانه باید بین ۰ و ۱۰۰ درصد باشد."),
    gettext_noop("تعداد اقساط باید عددی صحیح بین ۱ و ۳۶۰ باشد."),
    gettext_noop("دوره تنفس باید عددی صحیح بین ۰ و ۶۰ ماه باشد."),
    gettext_noop("نحوه محاسبه سود دوره تنفس نامعتبر است."),
    gettext_noop("روش بازپرداخت نامعتبر است."),
    gettext_noop(
        "واحد گرد کردن باید یکی از ۱، ۱۰، ۱۰۰، ۱٬۰۰۰، ۱۰٬۰۰۰، ۱۰۰٬۰۰۰ یا ۱٬۰۰۰٬۰۰۰ ریال باشد."
    ),
    gettext_noop(
        "این ترکیب شرایط وام (مبلغ، نرخ، تعداد اقساط و واحد گرد کردن) به قسطی با"
        " مقدار منفی می‌رسد؛ واحد گرد کردن کوچک‌تری انتخاب کنید."
    ),
)


def engine_message(error: ValueError) -> str:
    """The engine's message in the request's language."""
    return gettext(str(error))


def terms_from(values: dict) -> LoanTerms:
    """``LoanTerms`` from cleaned values; a ``ValueError`` becomes a ValidationError on the
    field it is about (each field is checked alone against known-good others)."""
    values = {k: values[k] for k in TERM_FIELDS if values.get(k) is not None}
    try:
        return LoanTerms(**{**_GOOD, **values})
    except ValueError:
        pass
    errors = {}
    for field, value in values.items():
        try:
            LoanTerms(**{**_GOOD, field: value})
        except ValueError as exc:
            errors[field] = [engine_message(exc)]
    raise ValidationError(errors or {"amount": [gettext("پارامترهای وام نامعتبر است.")]})


def schedule_from(values: dict, disbursed_on) -> Schedule:
    terms = terms_from(values)
    try:
        return build_schedule(terms, disbursed_on)
    except ValueError as exc:
        raise ValidationError({"rounding": [engine_message(exc)]}) from exc


def schedule_payload(schedule: Schedule) -> dict:
    """The API shape: installments with Jalali (Latin digits) and ISO due dates."""
    return {
        "installments": [
            {
                "number": line.number,
                "due_date": format_jalali(line.due_date, digits="latin"),
                "due_date_iso": line.due_date.isoformat(),
                "principal": line.principal,
                "interest": line.interest,
                "total": line.total,
                "balance": line.balance,
                "is_grace": line.is_grace,
            }
            for line in schedule.installments
        ],
        "total_interest": schedule.total_interest,
        "total_paid": schedule.total_paid,
        "amortized_principal": schedule.amortized_principal,
        "terms": {
            k: (str(v) if isinstance(v, Decimal) else v)
            for k, v in dataclasses.asdict(schedule.terms).items()
        },
    }
