"""Events (M5): festivals, exhibitions, conferences and workshops; their programme, halls and
booths, exhibitors (registry organizations) with a decision workflow, visitors' registrations
with a waiting list and check-in, and the outcomes recorded after the event.

Dates are stored as aware datetimes (UTC in the database) and shown in Jalali in Asia/Tehran.
Organizers, exhibitors and award winners are registry records; never a second list.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khooshe.core.models import TimeStampedModel, VersionedModel


def new_ticket_code() -> str:
    """The value in a ticket's QR code: 12 unguessable characters, easy to type."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Event(VersionedModel):
    class Kind(models.TextChoices):
        FESTIVAL = "festival", _("جشنواره")
        EXHIBITION = "exhibition", _("نمایشگاه")
        CONFERENCE = "conference", _("همایش")
        WORKSHOP = "workshop", _("کارگاه")

    title = models.CharField(_("عنوان"), max_length=250)
    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices, db_index=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    venue = models.CharField(_("محل برگزاری"), max_length=250)
    starts_at = models.DateTimeField(_("آغاز"), db_index=True)
    ends_at = models.DateTimeField(_("پایان"))
    description = models.TextField(_("شرح"), blank=True)
    organizer = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("برگزارکننده"),
        on_delete=models.PROTECT,
        related_name="organized_events",
    )
    co_organizers = models.ManyToManyField(
        "registry.Organization",
        verbose_name=_("همکاران برگزاری"),
        blank=True,
        related_name="co_organized_events",
    )
    poster = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("پوستر"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.ForeignKey(
        "governance.Resolution",
        verbose_name=_("مصوبه"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    commitment = models.ForeignKey(
        "governance.Commitment",
        verbose_name=_("تعهد"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    capacity = models.PositiveIntegerField(_("ظرفیت بازدیدکنندگان"), default=0)
    registration_closes_at = models.DateTimeField(_("پایان ثبت‌نام"), null=True, blank=True)
    is_public = models.BooleanField(_("نمایش عمومی"), default=True, db_index=True)
    # Outcomes recorded after the event (visitor and exhibitor counts are counted, not typed).
    meetings_arranged = models.PositiveIntegerField(_("جلسات برگزارشده (B2B)"), default=0)
    outcome_notes = models.TextField(_("گزارش دستاوردها"), blank=True)
    agreements = models.ManyToManyField(
        "governance.Agreement",
        verbose_name=_("تفاهم‌نامه‌های امضاشده"),
        blank=True,
        related_name="events",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("رویداد")
        verbose_name_plural = _("رویدادها")
        indexes = [models.Index(fields=["province", "starts_at"], name="event_province_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])


class Session(TimeStampedModel):
    """One item of the programme, with its speakers (registry people)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("رویداد")
    )
    title = models.CharField(_("عنوان"), max_length=250)
    starts_at = models.DateTimeField(_("آغاز"))
    ends_at = models.DateTimeField(_("پایان"))
    place = models.CharField(_("سالن"), max_length=150, blank=True)
    speakers = models.ManyToManyField(
        "registry.Person", verbose_name=_("سخنرانان"), blank=True, related_name="event_sessions"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "starts_at", "id"]
        verbose_name = _("نشست")
        verbose_name_plural = _("برنامه")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Hall(TimeStampedModel):
    """A hall of the venue; ``capacity`` is how many booths it holds."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="halls", verbose_name=_("رویداد")
    )
    name = models.CharField(_("نام سالن"), max_length=100)
    capacity = models.PositiveIntegerField(_("ظرفیت (تعداد غرفه)"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "name", "id"]
        verbose_name = _("سالن")
        verbose_name_plural = _("سالن‌ها")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="hall_name_unique_per_event")
        ]

    def __str__(self) -> str:
        return self.name


class Booth(TimeStampedModel):
    hall = models.ForeignKey(
        Hall, on_delete=models.CASCADE, related_name="booths", verbose_name=_("سالن")
    )
    number = models.CharField(_("شماره غرفه"), max_length=16)
    size_m2 = models.PositiveIntegerField(_("متراژ (متر مربع)"), default=9)

    history = HistoricalRecords()

    class Meta:
        ordering = ["hall_id", "number", "id"]
        verbose_name = _("غرفه")
        verbose_name_plural = _("غرفه‌ها")
        constraints = [
            models.UniqueConstraint(fields=["hall", "number"], name="booth_number_unique_per_hall")
        ]

    def __str__(self) -> str:
        return f"{self.hall.name} — {self.number}"


class Exhibitor(VersionedModel):
    """An organization's application to exhibit, and — once accepted — its booth."""

    class State(models.TextChoices):
        APPLIED = "applied", _("درخواست داده")
        ACCEPTED = "accepted", _("پذیرفته")
        WAITLISTED = "waitlisted", _("فهرست انتظار")
        DECLINED = "declined", _("ردشده")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="exhibitors", verbose_name=_("رویداد")
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان"),
        on_delete=models.PROTECT,
        related_name="event_exhibitions",
    )
    exhibits = models.TextField(_("آنچه نمایش می‌دهد"), help_text=_("محصول، خدمت یا طرح"))
    state = models.CharField(
        _("وضعیت"), max_length=16, choices=State.choices, default=State.APPLIED, db_index=True
    )
    booth = models.OneToOneField(
        Booth,
        verbose_name=_("غرفه"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibitor",
    )
    #: What an agency shows: its e-services from the catalogue (a startup names its product
    #: in ``exhibits``).
    eservices = models.ManyToManyField(
        "eservices.EService",
        verbose_name=_("خدمات الکترونیکی"),
        blank=True,
        related_name="exhibitions",
    )
    decline_reason = models.TextField(_("دلیل رد"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("اعمال‌کننده"),
    )
    badge_code = models.CharField(_("کد کارت"), max_length=16, unique=True, default=new_ticket_code)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "organization__name", "id"]
        verbose_name = _("غرفه‌دار")
        verbose_name_plural = _("غرفه‌داران")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"], name="exhibitor_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:exhibitor_detail", args=[self.event_id, self.pk])


class Registration(VersionedModel):
    """A visitor's registration: a ticket, or a place on the waiting list."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("ثبت‌نام‌شده")
        WAITLISTED = "waitlisted", _("فهرست انتظار")
        CANCELLED = "cancelled", _("لغوشده")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("رویداد")
    )
    name = models.CharField(_("نام و نام خانوادگی"), max_length=150)
    mobile = models.CharField(_("موبایل"), max_length=11)
    mobile_tail = models.CharField(_("رقم‌های پایانی همراه"), max_length=4, editable=False)
    code = models.CharField(_("کد"), max_length=16, unique=True, default=new_ticket_code)
    state = models.CharField(
        _("وضعیت"), max_length=16, choices=State.choices, default=State.REGISTERED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("کاربر"),
    )
    checked_in_at = models.DateTimeField(_("زمان ورود"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ثبت‌کننده ورود"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "created_at", "id"]
        verbose_name = _("ثبت‌نام")
        verbose_name_plural = _("ثبت‌نام‌ها")
        indexes = [
            models.Index(fields=["event", "mobile_tail"], name="registration_tail_idx"),
            models.Index(fields=["event", "state", "created_at"], name="registration_queue_idx"),
            models.Index(
                fields=["event", "state", "checked_in_at"], name="registration_checkin_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "mobile"],
                condition=~Q(state="cancelled"),
                name="registration_one_per_mobile",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    def save(self, *args, **kwargs):
        self.mobile_tail = self.mobile[-4:]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "mobile" in update_fields:
            kwargs["update_fields"] = {*update_fields, "mobile_tail"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:ticket", args=[self.code])


class Award(TimeStampedModel):
    """An award given at the event to a registry organization or person."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="awards", verbose_name=_("رویداد")
    )
    title = models.CharField(_("عنوان جایزه"), max_length=200)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_awards",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("فرد"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_awards",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["event_id", "id"]
        verbose_name = _("جایزه")
        verbose_name_plural = _("جوایز")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, person__isnull=True)
                | Q(organization__isnull=True, person__isnull=False),
                name="award_has_one_winner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def winner(self):
        return self.organization or self.person
