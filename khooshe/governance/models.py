"""Governance and promises (M3 + M6): bodies (councils, working groups) and their members,
meetings with agenda, attendance and minutes, resolutions, agreements (MoUs, contracts) with
articles and notes, projects with milestones, guild board elections — and ONE model,
:class:`Commitment`, for every promise any of them makes.

Where a commitment comes from (``source_type``): a resolution (``resolution``), an agreement
article or note (``clause``), a project milestone (``project`` + ``weight``) or a statement in
the public record (``source_url`` + ``source_note``, e.g. a news article). Exactly the FK of its
source type is set (checked by a constraint); plain nullable FKs keep the board and the API
filterable with joins instead of a generic relation.

A commitment's status follows from its dates and updates and from today
(:mod:`khooshe.governance.status`): reads compute it (``current_status`` for a row,
``status_q`` for filters and counts). The stored ``status`` is a copy each save sets and the
periodic task refreshes (for the admin and reminders); no read writes it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from khooshe.core.models import TimeStampedModel, VersionedModel
from khooshe.governance.status import (
    DONE_STATUSES,
    CommitmentStatus,
    commitment_status,
    late_against_original,
)
from khooshe.persian.aliases import AliasesField
from khooshe.persian.jalali import is_english_active
from khooshe.persian.text import to_persian_digits


class Body(VersionedModel):
    """A council or working group (شورا، کارگروه) of one province, or national."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("شورا")
        WORKING_GROUP = "working_group", _("کارگروه")
        COMMITTEE = "committee", _("کمیته")

    name = models.CharField(_("نام"), max_length=200)
    aliases = AliasesField()
    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("استان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("خالی یعنی ملی"),
    )
    chair_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان رئیس"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_bodies",
    )
    secretariat_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("دبیرخانه"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secretariat_bodies",
    )
    description = models.TextField(_("شرح"), blank=True)
    is_public = models.BooleanField(_("نمایش عمومی"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("نهاد تصمیم‌گیر")
        verbose_name_plural = _("شوراها و کارگروه‌ها")

    def __str__(self) -> str:
        return self.name


class BodyMember(TimeStampedModel):
    class MemberRole(models.TextChoices):
        CHAIR = "chair", _("رئیس")
        VICE_CHAIR = "vice_chair", _("نایب‌رئیس")
        SECRETARY = "secretary", _("دبیر")
        MEMBER = "member", _("عضو")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("نهاد تصمیم‌گیر")
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("فرد"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("از طرف سازمان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(
        _("نقش"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    title = models.CharField(_("سمت"), max_length=150, blank=True)
    started_on = models.DateField(_("آغاز عضویت"), null=True, blank=True)
    ended_on = models.DateField(_("پایان عضویت"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body_id", "role", "id"]
        verbose_name = _("عضو")
        verbose_name_plural = _("اعضا")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="body_member_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class Meeting(VersionedModel):
    """A meeting of a body: planned → invited → held / postponed / cancelled (``state``,
    ``MEETING_MACHINE``), and its minutes: draft → sent → locked (``minutes_state``,
    ``MINUTES_MACHINE``); a locked minute changes only by a :class:`MinutesAmendment`."""

    class State(models.TextChoices):
        PLANNED = "planned", _("برنامه‌ریزی‌شده")
        INVITED = "invited", _("دعوت‌شده")
        HELD = "held", _("برگزارشده")
        POSTPONED = "postponed", _("به تعویق افتاده")
        CANCELLED = "cancelled", _("لغوشده")

    class MinutesState(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس")
        SENT = "sent", _("ارسال‌شده برای تأیید حاضران")
        LOCKED = "locked", _("قطعی و قفل‌شده")

    body = models.ForeignKey(
        Body, verbose_name=_("نهاد"), on_delete=models.PROTECT, related_name="meetings"
    )
    state = models.CharField(
        _("وضعیت جلسه"),
        max_length=16,
        choices=State.choices,
        default=State.HELD,
        db_index=True,
    )
    minutes_state = models.CharField(
        _("وضعیت صورتجلسه"),
        max_length=16,
        choices=MinutesState.choices,
        default=MinutesState.DRAFT,
        db_index=True,
    )
    state_note = models.TextField(_("دلیل تعویق یا لغو"), blank=True)
    number = models.PositiveIntegerField(_("شماره جلسه"), default=1)
    title = models.CharField(_("عنوان"), max_length=250)
    held_at = models.DateTimeField(_("زمان برگزاری"))
    place = models.CharField(_("محل برگزاری"), max_length=250, blank=True)
    minutes = models.TextField(_("صورتجلسه"), blank=True, help_text=_("متن قالب‌دار، پاک‌سازی‌شده"))
    is_public = models.BooleanField(_("نمایش عمومی"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("جلسه")
        verbose_name_plural = _("جلسه‌ها")

    def __str__(self) -> str:
        return self.title


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("جلسه")
    )
    position = models.PositiveSmallIntegerField(_("ردیف"), default=1)
    text = models.TextField(_("دستور جلسه"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "position", "id"]
        verbose_name = _("دستور جلسه")
        verbose_name_plural = _("دستور جلسه")

    def __str__(self) -> str:
        return self.text[:80]


class Attendance(TimeStampedModel):
    class Presence(models.TextChoices):
        PRESENT = "present", _("حاضر")
        ABSENT = "absent", _("غایب")
        DELEGATE = "delegate", _("نماینده")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("جلسه")
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("فرد"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("نام"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("سمت"), max_length=150, blank=True)
    presence = models.CharField(
        _("حضور"), max_length=16, choices=Presence.choices, default=Presence.PRESENT
    )
    delegate_name = models.CharField(_("نام نماینده"), max_length=150, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("حاضر در جلسه")
        verbose_name_plural = _("حاضران")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(name=""),
                name="attendance_has_name",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person_id else self.name


class Resolution(VersionedModel):
    """A resolution (مصوبه), numbered per body and Jalali year: «۱۴۰۳/۰۵»."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("جلسه"), on_delete=models.PROTECT, related_name="resolutions"
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("نهاد تصمیم‌گیر")
    )
    year = models.PositiveSmallIntegerField(_("سال (شمسی)"))
    sequence = models.PositiveIntegerField(_("ردیف در سال"))
    text = models.TextField(_("متن مصوبه"))
    owner = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("مسئول اجرا"),
        on_delete=models.PROTECT,
        related_name="owned_resolutions",
    )
    due_on = models.DateField(_("مهلت"), null=True, blank=True)
    # The vote, when the body votes (all empty when it decided without a vote).
    present_count = models.PositiveSmallIntegerField(_("اعضای حاضر"), null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(_("حد نصاب"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("رأی موافق"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("رأی مخالف"), null=True, blank=True)
    votes_abstaining = models.PositiveSmallIntegerField(_("رأی ممتنع"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body_id", "-year", "-sequence"]
        verbose_name = _("مصوبه")
        verbose_name_plural = _("مصوبات")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"], name="resolution_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number_latin} — {self.text[:60]}"

    @property
    def number_latin(self) -> str:
        return f"{self.year}/{self.sequence:02d}"

    @property
    def number(self) -> str:
        """«۱۴۰۳/۰۵» on Persian pages, ``1403/05`` on English ones."""
        if is_english_active():
            return self.number_latin
        return to_persian_digits(self.number_latin)

    @property
    def was_voted(self) -> bool:
        return self.votes_for is not None

    @property
    def is_done(self) -> bool:
        """Done when every commitment (the lead's and each collaborator's) not cancelled is
        done; reads the prefetched ``commitments``."""
        live = [c for c in self.commitments.all() if not c.cancelled]
        return bool(live) and all(c.current_status in DONE_STATUSES for c in live)

    @property
    def collaborator_commitments(self) -> list:
        return [c for c in self.commitments.all() if c.owner_id != self.owner_id]


class MeetingInvitation(TimeStampedModel):
    """A member's invitation to a meeting and their reply, which prefills attendance."""

    class Reply(models.TextChoices):
        PENDING = "pending", _("بی‌پاسخ")
        ATTENDING = "attending", _("حضور می‌یابم")
        DELEGATE = "delegate", _("نماینده می‌فرستم")
        EXCUSED = "excused", _("معذورم")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("جلسه")
    )
    member = models.ForeignKey(
        BodyMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("عضو"),
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("فرد"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("از طرف سازمان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reply = models.CharField(
        _("پاسخ"), max_length=16, choices=Reply.choices, default=Reply.PENDING, db_index=True
    )
    delegate_name = models.CharField(_("نام نماینده"), max_length=150, blank=True)
    note = models.TextField(_("توضیح"), blank=True)
    replied_at = models.DateTimeField(_("زمان پاسخ"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("پاسخ‌دهنده"),
    )
    sms_sent = models.BooleanField(_("پیامک فرستاده شد"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("دعوت به جلسه")
        verbose_name_plural = _("دعوت‌ها به جلسه")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="meeting_invitation_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.meeting}"


class MinutesConfirmation(TimeStampedModel):
    """An attendee's answer to the minutes sent to them: confirmed, or a comment."""

    class Response(models.TextChoices):
        PENDING = "pending", _("در انتظار")
        CONFIRMED = "confirmed", _("تأیید")
        COMMENTED = "commented", _("نظر دارد")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="minutes_confirmations",
        verbose_name=_("جلسه"),
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("فرد"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("کاربر"),
    )
    response = models.CharField(
        _("پاسخ"), max_length=16, choices=Response.choices, default=Response.PENDING, db_index=True
    )
    comment = models.TextField(_("نظر"), blank=True)
    responded_at = models.DateTimeField(_("زمان پاسخ"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("تأیید صورتجلسه")
        verbose_name_plural = _("تأییدهای صورتجلسه")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="minutes_confirmation_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_response_display()}"


class MinutesAmendment(TimeStampedModel):
    """The one way a locked minute changes: the text before and after, why, who and when."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("جلسه")
    )
    number = models.PositiveSmallIntegerField(_("شماره اصلاحیه"))
    reason = models.TextField(_("دلیل اصلاح"))
    minutes_before = models.TextField(_("متن پیشین"))
    minutes_after = models.TextField(_("متن اصلاح‌شده"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("نویسنده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "number"]
        verbose_name = _("اصلاحیه صورتجلسه")
        verbose_name_plural = _("اصلاحیه‌های صورتجلسه")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_amendment_number")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.number}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError(_("اصلاحیه ثبت‌شده تغییر نمی‌کند."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("اصلاحیه ثبت‌شده حذف نمی‌شود."))


class Agreement(VersionedModel):
    """An MoU or contract between registry organizations, with ordered articles and notes."""

    class Kind(models.TextChoices):
        MOU = "mou", _("تفاهم‌نامه")
        CONTRACT = "contract", _("قرارداد")

    class State(models.TextChoices):
        TO_BE_SIGNED = "to_be_signed", _("در انتظار امضا")
        SIGNED = "signed", _("امضاشده")

    title = models.CharField(_("عنوان"), max_length=250)
    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices, default=Kind.MOU)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("استان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    parties = models.ManyToManyField(
        "registry.Organization", verbose_name=_("طرف‌ها"), related_name="agreements"
    )
    state = models.CharField(
        _("وضعیت امضا"), max_length=16, choices=State.choices, default=State.TO_BE_SIGNED
    )
    signed_on = models.DateField(_("تاریخ امضا"), null=True, blank=True)
    valid_from = models.DateField(_("اعتبار از"), null=True, blank=True)
    valid_until = models.DateField(_("اعتبار تا"), null=True, blank=True)
    subject = models.TextField(_("موضوع"), blank=True)
    is_public = models.BooleanField(_("نمایش عمومی"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("تفاهم‌نامه / قرارداد")
        verbose_name_plural = _("تفاهم‌نامه‌ها و قراردادها")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="signed") | models.Q(signed_on__isnull=False),
                name="agreement_signed_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AgreementClause(TimeStampedModel):
    """An article (ماده) or a note (تبصره) of an agreement; ``position`` orders them all."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("ماده")
        NOTE = "note", _("تبصره")

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="clauses",
        verbose_name=_("تفاهم‌نامه / قرارداد"),
    )
    kind = models.CharField(_("نوع"), max_length=8, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("شماره"))
    position = models.PositiveSmallIntegerField(_("ترتیب"))
    text = models.TextField(_("متن"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement_id", "position", "id"]
        verbose_name = _("ماده / تبصره")
        verbose_name_plural = _("مواد و تبصره‌ها")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "number"], name="agreement_clause_number_unique"
            )
        ]

    def __str__(self) -> str:
        number = str(self.number) if is_english_active() else to_persian_digits(str(self.number))
        return f"{self.get_kind_display()} {number}"


class Project(VersionedModel):
    class Kind(models.TextChoices):
        INFRASTRUCTURE = "infrastructure", _("زیرساخت")
        PROPOSAL = "proposal", _("طرح مصوب")

    title = models.CharField(_("عنوان"), max_length=250)
    aliases = AliasesField()
    kind = models.CharField(
        _("نوع"), max_length=16, choices=Kind.choices, default=Kind.INFRASTRUCTURE
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("استان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: Empty only for an approved proposal that named no organization (a person's proposal);
    #: staff assign one before adding milestones.
    owner = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان مسئول"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_projects",
    )
    budget_rial = models.BigIntegerField(_("بودجه (ریال)"), null=True, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("سند مرتبط"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    #: The approved proposal this project came from. PROTECT: the project is the
    #: proposal's outcome and its public record, so the proposal cannot vanish under it
    #: (the proposals app deletes only drafts, which never have a project).
    source_proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("طرح پیشنهادی مبدأ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    description = models.TextField(_("شرح"), blank=True)
    is_public = models.BooleanField(_("نمایش عمومی"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("پروژه")
        verbose_name_plural = _("پروژه‌ها")
        constraints = [
            models.UniqueConstraint(fields=["source_proposal"], name="project_one_per_proposal")
        ]

    def __str__(self) -> str:
        return self.title


class Commitment(VersionedModel):
    """Every promise, whatever made it. See the module docstring for the sources."""

    class SourceType(models.TextChoices):
        RESOLUTION = "resolution", _("مصوبه")
        CLAUSE = "clause", _("ماده تفاهم‌نامه")
        MILESTONE = "milestone", _("مرحله پروژه")
        PUBLIC_RECORD = "public_record", _("اظهار در رسانه‌ها")

    title = models.CharField(_("عنوان"), max_length=300)
    description = models.TextField(_("شرح"), blank=True)
    source_type = models.CharField(
        _("منبع"), max_length=16, choices=SourceType.choices, db_index=True
    )
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("مصوبه"),
    )
    clause = models.ForeignKey(
        AgreementClause,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("بند"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("پروژه"),
    )
    weight = models.PositiveSmallIntegerField(_("وزن"), default=1)
    source_url = models.URLField(_("پیوند منبع"), blank=True)
    source_note = models.CharField(_("توضیح منبع"), max_length=300, blank=True)
    #: The body whose meeting made it (resolutions; kept for board filters and feeds).
    body = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("نهاد تصمیم‌گیر"),
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("استان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("مسئول"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    due_on = models.DateField(_("موعد"), null=True, blank=True, db_index=True)
    due_text = models.CharField(
        _("موعد به بیان منبع"), max_length=100, blank=True, help_text=_("مثلاً «پایان شهریور ۱۳۹۳»")
    )
    #: The date first promised (the baseline staff chose); ``due_on`` is the date in force,
    #: moved only by :class:`CommitmentExtension` records.
    original_due_on = models.DateField(_("موعد اصلی"), null=True, blank=True)
    extension_count = models.PositiveSmallIntegerField(_("شمار تمدیدها"), default=0)
    extension_days = models.IntegerField(_("روزهای تمدید"), default=0)
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=1)
    is_public = models.BooleanField(_("نمایش عمومی"), default=True)
    # Derived from the updates (kept in step by the services):
    last_percent = models.PositiveSmallIntegerField(_("آخرین درصد پیشرفت"), default=0)
    last_update_on = models.DateField(_("آخرین گزارش"), null=True, blank=True)
    done_on = models.DateField(_("تاریخ انجام"), null=True, blank=True)
    #: A 100% report awaiting acceptance: the date it says the work was done, and when the
    #: report was recorded (automatic acceptance counts its days from then).
    reported_done_on = models.DateField(_("تاریخ انجام به گزارش"), null=True, blank=True)
    done_reported_at = models.DateTimeField(_("زمان ثبت گزارش انجام"), null=True, blank=True)
    accepted_automatically = models.BooleanField(_("پذیرش خودکار"), default=False)
    #: Put on its body's follow-up list for the next meeting by the escalation ladder.
    followup_since = models.DateField(_("در فهرست پیگیری از"), null=True, blank=True)
    cancelled = models.BooleanField(_("لغوشده"), default=False)
    cancel_reason = models.TextField(_("دلیل لغو"), blank=True)
    status = models.CharField(
        _("وضعیت"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.NOT_STARTED,
        db_index=True,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "position", "id"]
        verbose_name = _("تعهد")
        verbose_name_plural = _("تعهدها")
        indexes = [
            models.Index(fields=["province", "status"], name="commitment_province_status"),
            models.Index(fields=["owner", "status"], name="commitment_owner_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        source_type="resolution",
                        resolution__isnull=False,
                        clause__isnull=True,
                        project__isnull=True,
                    )
                    | models.Q(
                        source_type="clause",
                        clause__isnull=False,
                        resolution__isnull=True,
                        project__isnull=True,
                    )
                    | models.Q(
                        source_type="milestone",
                        project__isnull=False,
                        resolution__isnull=True,
                        clause__isnull=True,
                    )
                    | models.Q(
                        source_type="public_record",
                        project__isnull=True,
                        resolution__isnull=True,
                        clause__isnull=True,
                    )
                ),
                name="commitment_source_matches_type",
            ),
            models.CheckConstraint(
                condition=models.Q(last_percent__lte=100), name="commitment_percent_max_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def status_on(self, today) -> str:
        return commitment_status(
            self.due_on,
            self.done_on,
            self.cancelled,
            self.last_percent,
            today,
            original_due_on=self.original_due_on,
            reported_done_on=self.reported_done_on,
        )

    @property
    def late_against_original(self) -> bool | None:
        """Late against the date first promised (None without one, or when cancelled)."""
        return late_against_original(
            self.original_due_on,
            self.done_on,
            self.reported_done_on,
            self.cancelled,
            timezone.localdate(),
        )

    @property
    def is_extended(self) -> bool:
        return self.extension_count > 0

    @property
    def current_status(self) -> str:
        """Where the commitment stands today (never the stored copy, which may be a day old)."""
        return self.status_on(timezone.localdate())

    def get_current_status_display(self) -> str:
        return CommitmentStatus(self.current_status).label

    def save(self, *args, **kwargs):
        """Keep the stored ``status`` equal to what the status rule says for these fields
        (an invariant of the row, whoever saves it: services, the admin, a shell). The day
        is today in Tehran unless a caller set ``_status_today`` (the periodic refresh)."""
        today = self.__dict__.pop("_status_today", None) or timezone.localdate()
        self.status = self.status_on(today)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "status"}
        super().save(*args, **kwargs)


class CommitmentUpdate(TimeStampedModel):
    """A progress report. Append-only: once saved it is never changed or deleted."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("تعهد")
    )
    reported_on = models.DateField(_("تاریخ گزارش"))
    percent = models.PositiveSmallIntegerField(_("درصد پیشرفت"))
    text = models.TextField(_("شرح"), blank=True)
    evidence_url = models.URLField(_("پیوند مستند"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("نویسنده"),
    )
    author_organization = models.ForeignKey(
        "registry.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("سازمان نویسنده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment_id", "reported_on", "id"]
        verbose_name = _("گزارش پیشرفت")
        verbose_name_plural = _("گزارش‌های پیشرفت")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="commitment_update_percent_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} — {self.percent}%"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("گزارش پیشرفت پس از ثبت قابل ویرایش نیست."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("گزارش پیشرفت قابل حذف نیست."))


class ReminderSent(TimeStampedModel):
    """A reminder already sent, so that reruns of the periodic task do not repeat it.
    ``due_on`` is part of the key: moving a deadline re-arms its reminders.

    The log is generic: any record with a deadline (a commitment here; a business obstacle's
    answer deadline in ``khooshe.obstacles``) is named by ``target_type`` + ``target_id``;
    a commitment's row also keeps its ``commitment`` link."""

    class Kind(models.TextChoices):
        BEFORE_14 = "before_14", _("۱۴ روز مانده")
        BEFORE_3 = "before_3", _("۳ روز مانده")
        LATE = "late", _("گذشتن از موعد")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="reminders",
        null=True,
        blank=True,
        verbose_name=_("تعهد"),
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("نوع هدف"),
    )
    target_id = models.PositiveBigIntegerField(_("شناسه هدف"), null=True)
    kind = models.CharField(_("نوع"), max_length=16, choices=Kind.choices)
    due_on = models.DateField(_("موعد"))
    recipients = models.PositiveIntegerField(_("گیرندگان"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "kind", "due_on"], name="reminder_sent_once"
            ),
            models.UniqueConstraint(
                fields=["target_type", "target_id", "kind", "due_on"],
                name="reminder_sent_once_per_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_type_id}:{self.target_id}:{self.kind}"


class CommitmentExtension(TimeStampedModel):
    """One move of a commitment's due date: the old date, the new one, why, who, and on what
    authority (a resolution, a letter, …). Append-only, like progress reports."""

    class Source(models.TextChoices):
        RESOLUTION = "resolution", _("مصوبه")
        LETTER = "letter", _("نامه")
        AGREEMENT = "agreement", _("الحاقیه یا اصلاح قرارداد")
        OTHER = "other", _("دیگر")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("تعهد")
    )
    old_due_on = models.DateField(_("موعد پیشین"))
    new_due_on = models.DateField(_("موعد تازه"))
    reason = models.TextField(_("دلیل"))
    source = models.CharField(
        _("مستند تمدید"), max_length=16, choices=Source.choices, default=Source.OTHER
    )
    source_resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("مصوبه"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source_reference = models.CharField(_("شماره یا نشانی مستند"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("انجام‌دهنده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment_id", "created_at", "id"]
        verbose_name = _("تمدید موعد")
        verbose_name_plural = _("تمدیدهای موعد")

    def __str__(self) -> str:
        return f"{self.commitment} — {self.old_due_on} → {self.new_due_on}"

    @property
    def days(self) -> int:
        return (self.new_due_on - self.old_due_on).days

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("تمدید موعد پس از ثبت قابل ویرایش نیست."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("تمدید موعد قابل حذف نیست."))


class CommitmentDueStatement(TimeStampedModel):
    """A due date one source stated for a commitment (article 002 gives two for the call
    center). Staff choose which one is the baseline (``Commitment.original_due_on``)."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="due_statements", verbose_name=_("تعهد")
    )
    due_on = models.DateField(_("موعد"))
    due_text = models.CharField(_("موعد به بیان منبع"), max_length=100, blank=True)
    source_note = models.CharField(_("گوینده یا منبع"), max_length=300)
    source_url = models.URLField(_("پیوند منبع"), blank=True)
    is_baseline = models.BooleanField(_("مبنا"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("انجام‌دهنده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment_id", "due_on", "id"]
        verbose_name = _("موعد اعلام‌شده")
        verbose_name_plural = _("موعدهای اعلام‌شده")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment"],
                condition=models.Q(is_baseline=True),
                name="due_statement_one_baseline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} — {self.due_on} ({self.source_note})"


class CommitmentReview(TimeStampedModel):
    """Acceptance or contest of a 100% report: who, when, why. Automatic acceptance (after
    the province's number of days) has no actor and says so."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("پذیرفته شد")
        AUTO_ACCEPTED = "auto_accepted", _("پذیرش خودکار پس از مهلت")
        CONTESTED = "contested", _("رد گزارش انجام")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("تعهد")
    )
    update = models.ForeignKey(
        CommitmentUpdate,
        on_delete=models.CASCADE,
        related_name="reviews",
        null=True,
        verbose_name=_("گزارش پیشرفت"),
    )
    decision = models.CharField(_("نتیجه"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("دلیل"), blank=True)
    reported_done_on = models.DateField(_("تاریخ انجام به گزارش"))
    percent_after = models.PositiveSmallIntegerField(_("درصد پس از بررسی"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("انجام‌دهنده"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment_id", "created_at", "id"]
        verbose_name = _("بررسی گزارش انجام")
        verbose_name_plural = _("بررسی‌های گزارش انجام")

    def __str__(self) -> str:
        return f"{self.commitment} — {self.get_decision_display()}"


class PromiseSettings(TimeStampedModel):
    """A province's rules for its commitments: after how many days a 100% report nobody
    reviewed is accepted automatically, and its escalation ladder (:class:`EscalationStep`).
    A province without a row uses :data:`DEFAULT_AUTO_ACCEPT_DAYS` and the default ladder."""

    DEFAULT_AUTO_ACCEPT_DAYS = 14

    province = models.OneToOneField(
        "geo.Province",
        verbose_name=_("استان"),
        on_delete=models.CASCADE,
        related_name="promise_settings",
    )
    auto_accept_days = models.PositiveSmallIntegerField(
        _("پذیرش خودکار پس از (روز)"), default=DEFAULT_AUTO_ACCEPT_DAYS
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("تنظیمات پیگیری تعهدها")
        verbose_name_plural = _("تنظیمات پیگیری تعهدها")

    def __str__(self) -> str:
        return str(self.province)


class EscalationStep(TimeStampedModel):
    """One rung of a province's escalation ladder: ``days_late`` days after the due date
    (0 = on the due date), notify someone, and perhaps put the commitment on its body's
    follow-up list for the next meeting."""

    class Notify(models.TextChoices):
        OWNER = "owner", _("مسئول تعهد")
        SECRETARY = "secretary", _("دبیرخانه نهاد یا طرف دیگر تفاهم‌نامه")
        GOVERNORATE = "governorate", _("استانداری")

    promise_settings = models.ForeignKey(
        PromiseSettings,
        verbose_name=_("تنظیمات استان"),
        on_delete=models.CASCADE,
        related_name="escalation_steps",
    )
    days_late = models.PositiveSmallIntegerField(_("روز پس از موعد"))
    notify = models.CharField(_("آگاه‌کردن"), max_length=16, choices=Notify.choices)
    add_to_followup = models.BooleanField(_("افزودن به فهرست پیگیری جلسه بعد"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["promise_settings_id", "days_late", "id"]
        verbose_name = _("پله پیگیری")
        verbose_name_plural = _("پله‌های پیگیری")
        constraints = [
            models.UniqueConstraint(
                fields=["promise_settings", "days_late", "notify"], name="escalation_step_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.days_late}: {self.get_notify_display()}"


class Election(VersionedModel):
    """A guild's board election for one term (e.g. NASR Mazandaran, 5th term)."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("تشکل"),
        on_delete=models.PROTECT,
        related_name="board_elections",
    )
    term = models.PositiveSmallIntegerField(_("دوره"))
    held_on = models.DateField(_("تاریخ برگزاری"))
    term_ends_on = models.DateField(_("پایان دوره"), null=True, blank=True)
    eligible_voters = models.PositiveIntegerField(_("واجدان رأی"), null=True, blank=True)
    votes_cast = models.PositiveIntegerField(_("آرای مأخوذه"), null=True, blank=True)
    notes = models.TextField(_("توضیح"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization_id", "-term"]
        verbose_name = _("انتخابات هیئت‌مدیره")
        verbose_name_plural = _("انتخابات هیئت‌مدیره")
        constraints = [
            models.UniqueConstraint(fields=["organization", "term"], name="election_term_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.term}"


class Candidate(TimeStampedModel):
    class BoardRole(models.TextChoices):
        CHAIR = "chair", _("رئیس هیئت‌مدیره")
        VICE_CHAIR = "vice_chair", _("نایب‌رئیس")
        SECRETARY = "secretary", _("دبیر")
        TREASURER = "treasurer", _("خزانه‌دار")
        MEMBER = "member", _("عضو اصلی")
        ALTERNATE = "alternate", _("عضو علی‌البدل")
        INSPECTOR = "inspector", _("بازرس")

    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="candidates",
        verbose_name=_("انتخابات هیئت‌مدیره"),
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("نامزد"), on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveIntegerField(_("آرا"), null=True, blank=True)
    elected = models.BooleanField(_("منتخب"), default=False)
    board_role = models.CharField(_("سمت"), max_length=16, choices=BoardRole.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["election_id", "-elected", "-votes", "id"]
        verbose_name = _("نامزد")
        verbose_name_plural = _("نامزدها")
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="candidate_once"),
            models.CheckConstraint(
                condition=models.Q(elected=True) | models.Q(board_role=""),
                name="candidate_role_only_if_elected",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)
