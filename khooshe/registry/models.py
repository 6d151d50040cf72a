"""The bank of ICT actors (M1): organizations, people, their affiliations, guild
memberships, capabilities, sectors and clusters.

Names are stored as the user wrote them (after :func:`khooshe.persian.text.clean_text`);
``search_key`` holds the folded form every search and de-duplication compares.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khooshe.core.models import TimeStampedModel, VersionedModel
from khooshe.persian.aliases import AliasesField
from khooshe.persian.validators import (
    validate_legal_id,
    validate_mobile,
    validate_national_code,
    validate_postal_code,
)


def _display_name(obj) -> str:
    """The English name in English pages when there is one (and it was loaded: a list that
    deferred it keeps the Persian name rather than costing a query per row)."""
    if (
        (get_language() or "fa").startswith("en")
        and "name_en" not in obj.get_deferred_fields()
        and obj.name_en
    ):
        return obj.name_en
    return obj.name


class Capability(TimeStampedModel):
    """A node of the ICT-services taxonomy (software development › web, mobile …)."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("بالادست"),
    )
    slug = models.SlugField(_("شناسه لاتین"), max_length=64, unique=True)
    name = models.CharField(_("نام"), max_length=100)
    name_en = models.CharField(_("نام انگلیسی"), max_length=100, blank=True)
    path = models.CharField(_("مسیر"), max_length=255, db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["path"]
        verbose_name = _("توانمندی")
        verbose_name_plural = _("توانمندی‌ها")

    def __str__(self) -> str:
        return _display_name(self)


class Sector(TimeStampedModel):
    slug = models.SlugField(_("شناسه لاتین"), max_length=64, unique=True)
    name = models.CharField(_("نام"), max_length=100)
    name_en = models.CharField(_("نام انگلیسی"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("بخش")
        verbose_name_plural = _("بخش‌ها")

    def __str__(self) -> str:
        return _display_name(self)


class Locality(models.TextChoices):
    URBAN = "urban", _("شهری")
    RURAL = "rural", _("روستایی")


class Organization(VersionedModel):
    class Kind(models.TextChoices):
        COMPANY = "company", _("شرکت")
        STARTUP = "startup", _("استارتاپ")
        KNOWLEDGE_BASED = "knowledge_based", _("شرکت دانش‌بنیان")
        GOVERNMENT_AGENCY = "government_agency", _("دستگاه اجرایی")
        SERVICE_COUNTER = "service_counter", _("دفتر پیشخوان دولت")
        GUILD = "guild", _("تشکل صنفی")
        UNIVERSITY = "university", _("دانشگاه")
        NGO = "ngo", _("سازمان مردم‌نهاد")
        FUND = "fund", _("صندوق")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("تأییدنشده")
        VERIFIED = "verified", _("تأییدشده")
        REVOKED = "revoked", _("تأیید لغوشده")
        LAPSED = "lapsed", _("تأیید از اعتبار افتاده")

    name = models.CharField(_("نام"), max_length=200)
    name_en = models.CharField(_("نام انگلیسی"), max_length=200, blank=True)
    aliases = AliasesField()
    kind = models.CharField(_("نوع"), max_length=32, choices=Kind.choices, db_index=True)
    legal_id = models.CharField(
        _("شناسه ملی"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_legal_id],
    )
    registration_number = models.CharField(_("شماره ثبت"), max_length=32, blank=True)
    founded_on = models.DateField(_("تاریخ تأسیس"), null=True, blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "geo.County",
        verbose_name=_("شهرستان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    locality = models.CharField(
        _("محدوده"), max_length=8, choices=Locality.choices, default=Locality.URBAN
    )
    address = models.TextField(_("نشانی"), blank=True)
    postal_code = models.CharField(
        _("کد پستی"), max_length=10, blank=True, validators=[validate_postal_code]
    )
    phone = models.CharField(_("تلفن"), max_length=32, blank=True)
    website = models.URLField(_("وب‌سایت"), blank=True)
    email = models.EmailField(_("ایمیل"), blank=True)
    employees = models.PositiveIntegerField(_("تعداد کارکنان"), null=True, blank=True)
    description = models.TextField(_("معرفی"), blank=True)
    logo = models.ImageField(_("نشان"), upload_to="logos/%Y/", blank=True)
    capabilities = models.ManyToManyField(
        Capability, verbose_name=_("توانمندی‌ها"), blank=True, related_name="organizations"
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("بخش‌های خدمت‌گیرنده"), blank=True, related_name="organizations"
    )
    # Knowledge-based certificate (گواهی دانش‌بنیان)
    kb_certificate_number = models.CharField(_("شماره گواهی دانش‌بنیان"), max_length=32, blank=True)
    kb_certificate_type = models.CharField(_("نوع گواهی دانش‌بنیان"), max_length=64, blank=True)
    kb_certificate_expires_on = models.DateField(_("انقضای گواهی دانش‌بنیان"), null=True, blank=True)
    # Business licence (پروانه کسب یا مجوز فعالیت)
    licence_number = models.CharField(_("شماره پروانه فعالیت"), max_length=32, blank=True)
    licence_expires_on = models.DateField(_("انقضای پروانه فعالیت"), null=True, blank=True)
    verification = models.CharField(
        _("وضعیت تأیید"),
        max_length=16,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        db_index=True,
    )
    verified_at = models.DateTimeField(_("تاریخ تأیید"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("تأییدکننده"),
    )
    revocation_reason = models.TextField(_("دلیل لغو تأیید"), blank=True)
    revoked_at = models.DateTimeField(_("تاریخ لغو تأیید"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("لغوکننده تأیید"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lapse_reason = models.TextField(_("دلیل از اعتبار افتادن تأیید"), blank=True)
    lapsed_at = models.DateTimeField(_("تاریخ از اعتبار افتادن تأیید"), null=True, blank=True)
    is_public = models.BooleanField(_("نمایش عمومی"), default=True, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("ادغام‌شده در"),
    )
    search_key = models.CharField(_("کلید جستجو"), max_length=255, editable=False, db_index=True)
    search_text = models.TextField(_("متن جستجو"), editable=False, blank=True)

    history = HistoricalRecords(
        excluded_fields=["search_key", "search_text"],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("سازمان")
        verbose_name_plural = _("سازمان‌ها")
        indexes = [
            models.Index(fields=["province", "kind"], name="org_province_kind_idx"),
            models.Index(fields=["county"], name="org_county_idx"),
            models.Index(
                fields=["province", "lapsed_at"],
                condition=models.Q(verification="lapsed"),
                name="org_lapsed_idx",
            ),
            models.Index(fields=["id"], condition=~models.Q(aliases=""), name="org_aliases_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_kind_display(self) -> str:
        """Django's generated version rebuilds a hashable copy of every choice, translating
        each label, on each call: a third of a directory card's rendering."""
        return str(self.Kind(self.kind).label) if self.kind in self.Kind.values else self.kind

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED

    def _memberships(self) -> list:
        prefetched = getattr(self, "memberships", None)  # selectors prefetch to this name
        return list(self.guild_memberships.all()) if prefetched is None else prefetched

    @property
    def guild_membership(self):
        """The membership to show: a valid one if any, else the latest expired one."""
        memberships = self._memberships()
        valid = [m for m in memberships if not m.is_expired]
        pool = valid or memberships
        if not pool:
            return None
        return max(pool, key=lambda m: (m.expires_on is None, m.expires_on or m.started_on, m.pk))

    @property
    def member_since(self):
        """The Jalali "member since" of the directory: the earliest guild membership start."""
        dates = [m.started_on for m in self._memberships() if m.started_on]
        return min(dates) if dates else None

    @property
    def is_knowledge_based(self) -> bool:
        expires = self.kb_certificate_expires_on
        return bool(self.kb_certificate_number) and (
            expires is None or expires >= timezone.localdate()
        )


class ProposedChange(VersionedModel):
    """An owner's change to fields a verification vouches for
    (:data:`khooshe.registry.vouched.REVIEWED_FIELDS`), waiting for the guild of the
    organization's province: the record keeps its verified values until the change is
    accepted. One pending change per organization; a new edit folds into it.

    ``changes`` maps each field to its proposed value as stored in JSON (a county by id, a
    date in ISO); ``before`` holds the verified values when it was proposed."""

    class State(models.TextChoices):
        PENDING = "pending", _("در انتظار بررسی نظام صنفی")
        ACCEPTED = "accepted", _("پذیرفته")
        REJECTED = "rejected", _("ردشده")
        CLOSED = "closed", _("بسته‌شده با پایان تأیید")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("سازمان"),
        on_delete=models.CASCADE,
        related_name="proposed_changes",
    )
    changes = models.JSONField(_("تغییرات پیشنهادی"), default=dict)
    before = models.JSONField(_("مقادیر تأییدشده"), default=dict)
    state = models.CharField(
        _("وضعیت"), max_length=16, choices=State.choices, default=State.PENDING, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("پیشنهاددهنده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بررسی‌کننده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("تاریخ بررسی"), null=True, blank=True)
    decision_reason = models.TextField(_("دلیل تصمیم"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("تغییر پیشنهادی")
        verbose_name_plural = _("تغییرهای پیشنهادی")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(state="pending"),
                name="proposed_change_one_pending",
            )
        ]

    def __str__(self) -> str:
        return str(_("تغییر پیشنهادی «%(org)s»") % {"org": self.organization})


class DocumentReminder(TimeStampedModel):
    """A reminder of a document's expiry already sent (or a lapse already applied), so the
    daily task says each thing once per document and expiry date; a renewal (a new expiry
    date) re-arms them."""

    class Document(models.TextChoices):
        KB_CERTIFICATE = "kb_certificate", _("گواهی دانش‌بنیان")
        LICENCE = "licence", _("پروانه فعالیت")
        GUILD_CARD = "guild_card", _("کارت عضویت نصر")

    class Kind(models.TextChoices):
        BEFORE_30 = "before_30", _("۳۰ روز مانده")
        BEFORE_7 = "before_7", _("۷ روز مانده")
        EXPIRED = "expired", _("منقضی شد")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="document_reminders",
        verbose_name=_("سازمان"),
    )
    document = models.CharField(max_length=16, choices=Document.choices, verbose_name=_("مدرک"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("نوع"))
    expires_on = models.DateField(verbose_name=_("تاریخ انقضا"))
    recipients = models.PositiveIntegerField(default=0, verbose_name=_("شمار گیرندگان"))

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "document", "kind", "expires_on"],
                name="document_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.document}:{self.kind}:{self.expires_on}"


class GuildMembership(VersionedModel):
    """Membership in the computer guild (سازمان نظام صنفی رایانه‌ای, NASR)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guild_memberships",
        verbose_name=_("سازمان"),
    )
    person = models.ForeignKey(
        "Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guild_memberships",
        verbose_name=_("فرد"),
    )
    province = models.ForeignKey(
        "geo.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("استان")
    )
    number = models.CharField(_("شماره عضویت"), max_length=32)
    grade = models.CharField(_("رتبه"), max_length=16, blank=True)
    field = models.CharField(_("زمینه فعالیت"), max_length=100, blank=True)
    started_on = models.DateField(_("عضو از"), null=True, blank=True)
    expires_on = models.DateField(_("تاریخ انقضا"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-expires_on", "id"]
        verbose_name = _("عضویت نصر")
        verbose_name_plural = _("عضویت‌های نصر")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number"], name="guild_membership_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(person__isnull=False),
                name="guild_membership_has_member",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day) -> bool:
        return self.expires_on is None or self.expires_on >= day

    @property
    def is_expired(self) -> bool:
        return not self.is_valid_on(timezone.localdate())


class Person(VersionedModel):
    first_name = models.CharField(_("نام"), max_length=100)
    last_name = models.CharField(_("نام خانوادگی"), max_length=100)
    aliases = AliasesField()
    national_code = models.CharField(
        _("کد ملی"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_national_code],
    )
    mobile = models.CharField(
        _("تلفن همراه"), max_length=11, blank=True, validators=[validate_mobile]
    )
    email = models.EmailField(_("ایمیل"), blank=True)
    expertise = models.CharField(_("تخصص"), max_length=200, blank=True)
    bio = models.TextField(_("معرفی"), blank=True)
    capabilities = models.ManyToManyField(
        Capability, verbose_name=_("توانمندی‌ها"), blank=True, related_name="people"
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "geo.County",
        verbose_name=_("شهرستان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    works_from_home = models.BooleanField(_("کار از خانه"), default=False)
    serves_abroad = models.BooleanField(_("خدمت به مشتریان خارج از کشور"), default=False)
    is_public = models.BooleanField(_("نمایش عمومی"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("کاربر"),
    )
    search_key = models.CharField(_("کلید جستجو"), max_length=255, editable=False, db_index=True)

    history = HistoricalRecords(
        excluded_fields=["search_key"], history_change_reason_field=models.TextField(null=True)
    )

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("فرد")
        verbose_name_plural = _("افراد")
        indexes = [
            models.Index(fields=["province", "county"], name="person_place_idx"),
            models.Index(fields=["id"], condition=~models.Q(aliases=""), name="person_aliases_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)


class Affiliation(VersionedModel):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("فرد")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("سازمان"),
    )
    title = models.CharField(_("سمت"), max_length=100)
    started_on = models.DateField(_("از تاریخ"), null=True, blank=True)
    ended_on = models.DateField(_("تا تاریخ"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = _("وابستگی")
        verbose_name_plural = _("وابستگی‌ها")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="affiliation_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title} — {self.organization}"


class Cluster(VersionedModel):
    class Stage(models.TextChoices):
        IDENTIFIED = "identified", _("شناسایی‌شده")
        FORMING = "forming", _("در حال شکل‌گیری")
        OPERATIONAL = "operational", _("فعال")
        INACTIVE = "inactive", _("غیرفعال")

    name = models.CharField(_("نام"), max_length=200)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("استان"), on_delete=models.PROTECT, related_name="+"
    )
    aliases = AliasesField()
    focus = models.CharField(_("حوزه"), max_length=200, blank=True)
    stage = models.CharField(
        _("مرحله"), max_length=16, choices=Stage.choices, default=Stage.IDENTIFIED, db_index=True
    )
    identified_on = models.DateField(_("تاریخ شناسایی"), null=True, blank=True)
    forming_on = models.DateField(_("تاریخ شروع شکل‌گیری"), null=True, blank=True)
    operational_on = models.DateField(_("تاریخ فعال شدن"), null=True, blank=True)
    inactive_on = models.DateField(_("تاریخ غیرفعال شدن"), null=True, blank=True)
    coordinator = models.ForeignKey(
        Organization,
        verbose_name=_("سازمان هماهنگ‌کننده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_clusters",
    )
    members = models.ManyToManyField(
        Organization, verbose_name=_("اعضا"), blank=True, related_name="clusters"
    )
    description = models.TextField(_("توضیح"), blank=True)
    search_key = models.CharField(_("کلید جستجو"), max_length=255, editable=False, db_index=True)

    history = HistoricalRecords(
        excluded_fields=["search_key"], history_change_reason_field=models.TextField(null=True)
    )

    class Meta:
        ordering = ["province__code", "name", "id"]
        verbose_name = _("خوشه")
        verbose_name_plural = _("خوشه‌ها")

    def __str__(self) -> str:
        return self.name


class ClaimRequest(TimeStampedModel):
    """An actor asks to represent an existing organization; guild staff of its province
    approve (the actor then gets the ACTOR role for it) or reject with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("در انتظار بررسی")
        APPROVED = "approved", _("پذیرفته")
        REJECTED = "rejected", _("ردشده")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("سازمان"),
        on_delete=models.CASCADE,
        related_name="claim_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("درخواست‌کننده"),
        on_delete=models.CASCADE,
        related_name="registry_claims",
    )
    message = models.TextField(_("توضیح درخواست"), blank=True)
    status = models.CharField(
        _("وضعیت"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بررسی‌کننده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("تاریخ بررسی"), null=True, blank=True)
    decision_reason = models.TextField(_("دلیل تصمیم"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("درخواست ادعای مالکیت")
        verbose_name_plural = _("درخواست‌های ادعای مالکیت")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(status="pending"),
                name="claim_one_pending_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"
