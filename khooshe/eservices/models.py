"""The e-service catalogue (M7): every government agency's e-services, their channels and
yearly transaction figures, and the staff's review of an agency's catalogue.

The agency is a registry :class:`~khooshe.registry.models.Organization` (kind government
agency or service counter); the catalogue keeps no second list of organizations.

Maturity scale (one scale, used by the readiness score in :mod:`khooshe.eservices.readiness`):

1. ``informational`` — the service is described online (conditions, documents, fees);
2. ``interactive`` — forms are downloaded or filled online, the person still goes in person;
3. ``transactional`` — the whole service, payment included, is done online;
4. ``integrated`` — transactional, and the agency reads what it needs from other agencies'
   systems (no document asked of the person that another agency already holds).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khooshe.core.models import TimeStampedModel, VersionedModel


class Maturity(models.TextChoices):
    INFORMATIONAL = "informational", _("اطلاع‌رسانی")
    INTERACTIVE = "interactive", _("تعاملی")
    TRANSACTIONAL = "transactional", _("تراکنشی")
    INTEGRATED = "integrated", _("یکپارچه")


#: The step of each maturity level on the scale, 1 to 4.
MATURITY_LEVEL = {
    Maturity.INFORMATIONAL: 1,
    Maturity.INTERACTIVE: 2,
    Maturity.TRANSACTIONAL: 3,
    Maturity.INTEGRATED: 4,
}


class Audience(models.TextChoices):
    CITIZENS = "citizens", _("شهروندان")
    BUSINESSES = "businesses", _("کسب‌وکارها")
    AGENCIES = "agencies", _("دستگاه‌ها")


class ChannelKind(models.TextChoices):
    WEB = "web", _("وب")
    MOBILE_APP = "mobile_app", _("اپلیکیشن همراه")
    SERVICE_COUNTER = "service_counter", _("دفتر پیشخوان")
    CALL_CENTER = "call_center", _("مرکز تماس")
    USSD = "ussd", _("کد دستوری (USSD)")
    IN_PERSON = "in_person", _("حضوری")


_AUDIENCE_LABELS = dict(Audience.choices)
_MATURITY_LABELS = dict(Maturity.choices)
_CHANNEL_LABELS = dict(ChannelKind.choices)


class EService(VersionedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("در دست راه‌اندازی")
        LIVE = "live", _("فعال")
        RETIRED = "retired", _("از رده خارج")

    agency = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("دستگاه"),
        on_delete=models.PROTECT,
        related_name="eservices",
    )
    #: The agency's province, copied on every save (the public catalogue is per province).
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("نام خدمت"), max_length=200)
    description = models.TextField(_("شرح کوتاه"), max_length=2000, blank=True)
    audience = models.CharField(
        _("مخاطب"), max_length=16, choices=Audience.choices, default=Audience.CITIZENS
    )
    maturity = models.CharField(
        _("سطح بلوغ"), max_length=16, choices=Maturity.choices, default=Maturity.INFORMATIONAL
    )
    in_national_catalogue = models.BooleanField(_("در فهرست ملی خدمات دولت هوشمند"), default=False)
    fee = models.PositiveBigIntegerField(_("هزینه (ریال)"), default=0)
    delivery_hours = models.PositiveIntegerField(
        _("میانگین زمان ارائه (ساعت)"), null=True, blank=True
    )
    launched_on = models.DateField(_("تاریخ راه‌اندازی"), null=True, blank=True)
    status = models.CharField(
        _("وضعیت"), max_length=16, choices=Status.choices, default=Status.LIVE
    )
    search_key = models.CharField(_("کلید جستجو"), max_length=255, editable=False, db_index=True)
    search_text = models.TextField(_("متن جستجو"), editable=False, blank=True)

    history = HistoricalRecords(
        excluded_fields=["search_key", "search_text"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("خدمت الکترونیکی")
        verbose_name_plural = _("خدمات الکترونیکی")
        indexes = [
            models.Index(fields=["province", "status"], name="eservice_province_status_idx"),
            models.Index(fields=["agency", "status"], name="eservice_agency_status_idx"),
            models.Index(fields=["maturity"], name="eservice_maturity_idx"),
            models.Index(fields=["audience"], name="eservice_audience_idx"),
            models.Index(fields=["updated_at"], name="eservice_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("eservices:detail", args=[self.pk])

    @property
    def maturity_level(self) -> int:
        return MATURITY_LEVEL.get(self.maturity, 0)

    # Django's generated get_FOO_display rebuilds the choices on each call (a catalogue page
    # calls them for every card): dict lookups instead.
    def get_audience_display(self) -> str:
        return str(_AUDIENCE_LABELS.get(self.audience, self.audience))

    def get_maturity_display(self) -> str:
        return str(_MATURITY_LABELS.get(self.maturity, self.maturity))

    def get_status_display(self) -> str:
        return str(_STATUS_LABELS.get(self.status, self.status))


class Channel(TimeStampedModel):
    """One way to reach a service, with its address (a web address, an app's store page, a
    short phone number, a USSD code, a counter's or office's street address)."""

    eservice = models.ForeignKey(
        EService,
        on_delete=models.CASCADE,
        related_name="channels",
        verbose_name=_("خدمت الکترونیکی"),
    )
    kind = models.CharField(_("درگاه"), max_length=16, choices=ChannelKind.choices)
    address = models.CharField(_("نشانی"), max_length=300)

    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["eservice_id", "kind", "id"]
        verbose_name = _("درگاه ارائه")
        verbose_name_plural = _("درگاه‌های ارائه")
        indexes = [models.Index(fields=["kind", "eservice"], name="channel_kind_idx")]
        constraints = [
            models.UniqueConstraint(fields=["eservice", "kind"], name="channel_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.address}"

    def get_kind_display(self) -> str:
        return str(_CHANNEL_LABELS.get(self.kind, self.kind))


class YearlyTransactions(TimeStampedModel):
    """How many times a service was delivered in one Jalali year, and who says so."""

    eservice = models.ForeignKey(
        EService,
        on_delete=models.CASCADE,
        related_name="yearly_transactions",
        verbose_name=_("خدمت الکترونیکی"),
    )
    jalali_year = models.PositiveSmallIntegerField(
        _("سال"), validators=[MinValueValidator(1370), MaxValueValidator(1500)]
    )
    count = models.PositiveBigIntegerField(_("تعداد تراکنش"))
    source = models.CharField(_("منبع"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("واردکننده"),
    )

    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["eservice_id", "-jalali_year"]
        verbose_name = _("تراکنش سالانه")
        verbose_name_plural = _("تراکنش‌های سالانه")
        constraints = [
            models.UniqueConstraint(
                fields=["eservice", "jalali_year"], name="transactions_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.eservice_id} {self.jalali_year}: {self.count}"


class CatalogueReview(TimeStampedModel):
    """Guild or governorate staff of the agency's province marked its catalogue reviewed."""

    agency = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("دستگاه"),
        on_delete=models.CASCADE,
        related_name="eservice_reviews",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بررسی‌کننده"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    services_count = models.PositiveIntegerField(_("تعداد خدمات"), default=0)
    note = models.TextField(_("یادداشت"), blank=True)

    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("بررسی فهرست خدمات")
        verbose_name_plural = _("بررسی‌های فهرست خدمات")
        indexes = [models.Index(fields=["agency", "created_at"], name="eservice_review_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.created_at:%Y-%m-%d}"


_STATUS_LABELS = dict(EService.Status.choices)
