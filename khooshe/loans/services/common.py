"""Shared steps of the workflow services: lock, advance, log, notify."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from khooshe.core.notifications import notify
from khooshe.loans.models import Application, ApplicationTransition
from khooshe.loans.permissions import can_act
from khooshe.loans.workflow import machine


class LazyText:
    """A translated message formatted when shown, so notifications use the recipient's
    language (``gettext_lazy(...) % {...}`` would be rendered at once)."""

    def __init__(self, message, **params):
        self.message, self.params = message, params

    def __str__(self) -> str:
        return str(self.message) % {k: str(v) for k, v in self.params.items()}


def lock(application: Application) -> Application:
    """Re-read ``application`` under a row lock (concurrent transitions wait)."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("program", "province", "organization", "person", "applicant")
        .get(pk=application.pk)
    )


def require(actor, application: Application, action: str) -> None:
    if actor is not None and not can_act(actor, application, action):
        raise PermissionDenied(_("شما اجازه این عملیات را روی این درخواست ندارید."))


def application_url(application: Application) -> str:
    try:
        return reverse("loans:application_detail", args=[application.pk])
    except NoReverseMatch:  # pragma: no cover - urls always loaded in the project
        return ""


def advance(
    application: Application,
    *,
    action: str,
    actor,
    note: str = "",
    update_fields=(),
    notify_applicant: bool = True,
) -> ApplicationTransition:
    """Move ``application`` by ``action`` (TransitionNotAllowed if out of order), save the
    given fields with the new state, log the step and tell the applicant."""
    source = application.state
    target = machine.advance(source, action)
    application.state = target
    application.version += 1
    application._change_reason = action
    if actor is not None:
        application._history_user = actor
    application.save(update_fields={"state", "version", "updated_at", *update_fields})
    step = ApplicationTransition.objects.create(
        application=application,
        action=action,
        from_state=source,
        to_state=target,
        actor=actor,
        note=note,
    )
    if notify_applicant:
        notify(
            recipient=application.applicant,
            title=LazyText(
                _("درخواست شما در «%(program)s»: %(state)s"),
                program=application.program.name,
                state=Application.State(target).label,
            ),
            body=note,
            url=application_url(application),
        )
    return step
