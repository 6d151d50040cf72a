"""Shared building blocks: timestamps, optimistic-concurrency versions, notifications and
attachments. Capability apps use these instead of their own."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("ایجاد"), auto_now_add=True)
    updated_at = models.DateTimeField(_("آخرین تغییر"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited by people: ``version`` grows by one on every saved edit, and
    :func:`khooshe.core.concurrency.save_versioned` refuses a save based on an older one."""

    version = models.PositiveIntegerField(_("نسخه"), default=1, editable=False)

    class Meta:
        abstract = True


class Notification(TimeStampedModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("گیرنده"),
    )
    title = models.CharField(_("عنوان"), max_length=200)
    body = models.TextField(_("متن"), blank=True)
    url = models.CharField(_("پیوند"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("خوانده شده"), null=True, blank=True)
    emailed = models.BooleanField(_("رایانامه فرستاده شد"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("اعلان")
        verbose_name_plural = _("اعلان‌ها")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class Attachment(TimeStampedModel):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("نوع محتوی")
    )
    object_id = models.PositiveBigIntegerField(_("شناسه رکورد"))
    target = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("پرونده"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("نام پرونده"), max_length=255)
    mime_type = models.CharField(_("نوع پرونده"), max_length=100)
    size = models.PositiveIntegerField(_("اندازه"))
    title = models.CharField(_("عنوان"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("بارگذارنده"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("پیوست")
        verbose_name_plural = _("پیوست‌ها")
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_target_idx")]

    def __str__(self) -> str:
        return self.title or self.original_name


class IdempotencyKey(models.Model):
    """Remembers the answer to a state-changing request so that a retried request (double
    click, network retry) returns the same answer instead of acting twice."""

    key = models.CharField(_("کلید"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("کاربر"),
    )
    scope = models.CharField(_("دامنه"), max_length=100)
    # What the first request asked (core.idempotency.request_fingerprint): the key sent again
    # with another request is refused, not answered with this one's result.
    request_hash = models.CharField(_("چکیده درخواست"), max_length=64, blank=True, default="")
    response_status = models.PositiveSmallIntegerField(_("کد پاسخ"))
    response_body = models.JSONField(_("متن پاسخ"))
    created_at = models.DateTimeField(_("زمان ثبت"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
