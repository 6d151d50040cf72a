"""The public loan calculator: works with a plain GET; htmx recomputes the schedule in place."""

from __future__ import annotations

from django.utils import timezone

from khooshe.core.pages import render_page
from khooshe.loans.forms import CalculatorForm
from khooshe.loans.models import Program


def calculator(request):
    data = request.GET if "amount" in request.GET else None
    initial = {"disbursed_on": timezone.localdate(), "installments": 36, "annual_rate": 4}
    program = (
        Program.objects.filter(pk=request.GET["program"], is_published=True).first()
        if request.GET.get("program", "").isdigit()
        else None
    )
    if program is not None:
        initial.update(amount=program.max_amount, **program.term_values())
    form = CalculatorForm(data, initial=initial)
    schedule = form.schedule if data is not None and form.is_valid() else None
    return render_page(request, "loans/calculator.html", {"form": form, "schedule": schedule})
