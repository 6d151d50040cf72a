from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from khooshe.core.attachments import can_view_attachment
from khooshe.core.desk import desk_for
from khooshe.core.forms import DateConverterForm
from khooshe.core.models import Attachment, Notification


def home(request):
    return render(request, "core/home.html")


def date_converter(request):
    """A public Jalali ↔ Gregorian converter: officials paste dates from letters in any digits."""
    form = DateConverterForm(request.GET or None)
    converted = form.cleaned_data["date"] if form.is_valid() else None
    return render(request, "core/date_converter.html", {"form": form, "converted": converted})


@login_required
def desk(request):
    return render(request, "core/desk.html", {"sections": desk_for(request.user)})


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return redirect(notification.url or "core:notifications")


@login_required
@require_POST
def notification_read_all(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("core:notifications")


def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment, pk=pk)
    if not can_view_attachment(request.user, attachment):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.mime_type.startswith("image/")
        and attachment.mime_type != "application/pdf",
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
