"""The aliases of a body or a project: a form for the staff of its province."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from khooshe.governance import permissions, selectors, services
from khooshe.governance.forms import AliasesForm
from khooshe.governance.views._forms import record_page


def _aliases_page(request, record, back_url: str):
    if not permissions.can_manage_in(request.user, record.province_id):
        raise PermissionDenied
    form = AliasesForm(
        request.POST or None, initial={"aliases": record.aliases, "version": record.version}
    )

    def record_aliases(data):
        services.aliases_update(
            actor=request.user,
            record=record,
            aliases=data["aliases"],
            expected_version=data.get("version"),
        )
        return back_url

    return record_page(
        request,
        form,
        record_aliases,
        success=_("نام‌های دیگر ذخیره شد."),
        title=_("نام‌های دیگر: %(name)s") % {"name": record},
        back_url=back_url,
    )


@login_required
def body_aliases(request, pk: int):
    body = selectors.body_get(viewer=request.user, pk=pk)
    return _aliases_page(request, body, reverse("governance:body_detail", args=[body.pk]))


@login_required
def project_aliases(request, pk: int):
    project = selectors.project_get(viewer=request.user, pk=pk)
    return _aliases_page(request, project, reverse("governance:project_detail", args=[project.pk]))
