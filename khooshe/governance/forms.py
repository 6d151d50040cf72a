from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.permissions import is_national, province_ids_for
from khooshe.geo.models import Province
from khooshe.governance.models import (
    Agreement,
    AgreementClause,
    Attendance,
    Body,
    BodyMember,
    Candidate,
    CommitmentExtension,
    Meeting,
    MeetingInvitation,
    MinutesConfirmation,
    Project,
    Resolution,
)
from khooshe.persian.aliases import AliasesFormField
from khooshe.persian.forms import JalaliDateField, PersianIntegerField, RialField
from khooshe.registry.models import Organization, Person


class CommitmentUpdateForm(forms.Form):
    reported_on = JalaliDateField(label=_("تاریخ گزارش"), required=False)
    percent = PersianIntegerField(label=_("درصد پیشرفت"), min_value=0, max_value=100)
    text = forms.CharField(label=_("شرح"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_url = forms.URLField(label=_("پیوند مستند"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(label=_("پرونده مستند"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class CommitmentEditForm(forms.Form):
    title = forms.CharField(label=_("عنوان"), max_length=300)
    due_on = forms.CharField(
        label=_("موعد"),
        required=False,
        help_text=_("مثلاً ۱۴۰۳/۰۶/۳۱ یا «پایان شهریور ۱۴۰۳»"),
    )
    description = forms.CharField(
        label=_("شرح"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(
        label=_("دلیل تغییر"),
        max_length=100,
        required=False,
        help_text=_("برای تغییر موعد لازم است."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommitmentCancelForm(forms.Form):
    reason = forms.CharField(label=_("دلیل لغو"), widget=forms.Textarea(attrs={"rows": 2}))


class CommitmentAcceptForm(forms.Form):
    note = forms.CharField(
        label=_("یادداشت پذیرش"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class CommitmentContestForm(forms.Form):
    reason = forms.CharField(
        label=_("دلیل رد گزارش انجام"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class CommitmentExtendForm(forms.Form):
    new_due_on = forms.CharField(
        label=_("موعد تازه"),
        max_length=50,
        help_text=_("مثلاً ۱۴۰۳/۰۶/۳۱ یا «پایان شهریور ۱۴۰۳»"),
    )
    reason = forms.CharField(
        label=_("دلیل تمدید"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    source = forms.ChoiceField(label=_("مستند تمدید"), choices=CommitmentExtension.Source.choices)
    source_resolution = forms.ModelChoiceField(
        label=_("مصوبه"),
        queryset=Resolution.objects.none(),
        required=False,
        help_text=_("وقتی مستند تمدید مصوبه است."),
    )
    source_reference = forms.CharField(
        label=_("شماره یا نشانی مستند"),
        max_length=200,
        required=False,
        help_text=_("مثلاً شماره و تاریخ نامه"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, resolutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if resolutions is not None:
            self.fields["source_resolution"].queryset = resolutions
        self.fields["source_resolution"].widget.attrs["data-searchable"] = "1"


class DueStatementForm(forms.Form):
    due_on = forms.CharField(
        label=_("موعد به گفته منبع"),
        max_length=50,
        help_text=_("مثلاً ۱۴۰۳/۰۶/۳۱ یا «پایان مهر ۱۴۰۳»"),
    )
    source_note = forms.CharField(label=_("گوینده یا منبع"), max_length=300)
    source_url = forms.URLField(label=_("پیوند منبع"), required=False, assume_scheme="https")


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("متن صورتجلسه"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("قالب‌بندی ساده (بند، فهرست، پررنگ) نگه داشته می‌شود."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("متن مصوبه"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("مسئول اجرا"), queryset=Organization.objects.none())
    due_on = forms.CharField(
        label=_("مهلت"),
        required=False,
        help_text=_("مثلاً ۱۴۰۳/۰۶/۳۱ یا «پایان شهریور ۱۴۰۳»"),
    )

    collaborators = forms.ModelMultipleChoiceField(
        label=_("همکاران"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("هر همکار تعهد جداگانه‌ای می‌گیرد؛ مصوبه وقتی انجام‌شده است که همه انجام شوند."),
    )
    votes_for = PersianIntegerField(label=_("رأی موافق"), min_value=0, required=False)
    votes_against = PersianIntegerField(label=_("رأی مخالف"), min_value=0, required=False)
    votes_abstaining = PersianIntegerField(label=_("رأی ممتنع"), min_value=0, required=False)
    present_count = PersianIntegerField(
        label=_("اعضای حاضر"),
        min_value=0,
        required=False,
        help_text=_("خالی: شمار حاضران و نمایندگان ثبت‌شده در جلسه"),
    )
    quorum = PersianIntegerField(
        label=_("حد نصاب"),
        min_value=0,
        required=False,
        help_text=_("خالی: اکثریت اعضای نهاد"),
    )

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = public_organizations()
        self.fields["collaborators"].queryset = public_organizations()

    def vote(self) -> dict | None:
        """The vote fields, or None when the body decided without a vote."""
        names = ("votes_for", "votes_against", "votes_abstaining", "present_count", "quorum")
        vote = {name: self.cleaned_data.get(name) for name in names}
        return vote if any(v is not None for v in vote.values()) else None


class ReasonForm(forms.Form):
    """Postponing or cancelling a meeting: the reason, and for a postponement a new time."""

    reason = forms.CharField(label=_("دلیل"), widget=forms.Textarea(attrs={"rows": 2}))
    held_on = JalaliDateField(label=_("تاریخ تازه"), required=False)
    held_time = forms.TimeField(
        label=_("ساعت تازه (به وقت تهران)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )


class InvitationReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("پاسخ"),
        choices=[c for c in MeetingInvitation.Reply.choices if c[0] != "pending"],
        widget=forms.RadioSelect,
    )
    delegate_name = forms.CharField(label=_("نام نماینده"), max_length=150, required=False)
    note = forms.CharField(label=_("توضیح"), max_length=500, required=False)


class MinutesResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("پاسخ"),
        choices=[c for c in MinutesConfirmation.Response.choices if c[0] != "pending"],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("نظر"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MinutesAmendForm(forms.Form):
    minutes = forms.CharField(
        label=_("متن اصلاح‌شده صورتجلسه"), widget=forms.Textarea(attrs={"rows": 12})
    )
    reason = forms.CharField(label=_("دلیل اصلاح"), widget=forms.Textarea(attrs={"rows": 2}))


# --- Staff forms (record bodies, meetings, agreements, projects, elections) ---------------

#: Organization kinds that own promises and sign agreements (pickers list only these, so a
#: select stays short even with a large registry).
PUBLIC_KINDS = (
    Organization.Kind.GOVERNMENT_AGENCY,
    Organization.Kind.GUILD,
    Organization.Kind.UNIVERSITY,
    Organization.Kind.FUND,
    Organization.Kind.NGO,
)


def public_organizations():
    return (
        Organization.objects.filter(kind__in=PUBLIC_KINDS, merged_into__isnull=True)
        .select_related("province")
        .order_by("province__code", "name")
    )


def people_of(province):
    queryset = Person.objects.all()
    if province is not None:
        queryset = queryset.filter(province=province)
    return queryset.order_by("last_name", "first_name")


class ProvinceChoiceMixin:
    """A ``province`` field limited to the provinces where the user is staff (admins: every
    province); national staff and admins may also leave it empty for a national record."""

    def limit_provinces(self, user):
        allowed = province_ids_for(user)
        field = self.fields["province"]
        if allowed is None:
            field.queryset = Province.objects.order_by("name")
        else:
            field.queryset = Province.objects.filter(pk__in=allowed).order_by("name")
        if is_national(user):
            field.required = False
            field.empty_label = _("ملی")
        else:
            field.required = True


class AliasesForm(forms.Form):
    aliases = AliasesFormField()
    version = PersianIntegerField(widget=forms.HiddenInput, required=False)


class BodyForm(ProvinceChoiceMixin, forms.Form):
    name = forms.CharField(label=_("نام"), max_length=200)
    aliases = AliasesFormField()
    kind = forms.ChoiceField(label=_("نوع"), choices=Body.Kind.choices)
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.none())
    chair_organization = forms.ModelChoiceField(
        label=_("سازمان رئیس"), queryset=Organization.objects.none(), required=False
    )
    secretariat_organization = forms.ModelChoiceField(
        label=_("دبیرخانه"), queryset=Organization.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("شرح"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_public = forms.BooleanField(label=_("نمایش عمومی"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_provinces(user)
        self.fields["chair_organization"].queryset = public_organizations()
        self.fields["secretariat_organization"].queryset = public_organizations()


class BodyMemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("فرد"), queryset=Person.objects.none())
    organization = forms.ModelChoiceField(
        label=_("از طرف سازمان"), queryset=Organization.objects.none(), required=False
    )
    role = forms.ChoiceField(label=_("نقش"), choices=BodyMember.MemberRole.choices)
    title = forms.CharField(label=_("سمت"), max_length=150, required=False)
    started_on = JalaliDateField(label=_("آغاز عضویت"), required=False)
    ended_on = JalaliDateField(label=_("پایان عضویت"), required=False)

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(body.province if body else None)
        self.fields["organization"].queryset = public_organizations()


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("عنوان"), max_length=250)
    number = PersianIntegerField(label=_("شماره جلسه"), min_value=1, required=False)
    held_on = JalaliDateField(label=_("تاریخ"))
    held_time = forms.TimeField(
        label=_("ساعت (به وقت تهران)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=_("محل"), max_length=250, required=False)
    agenda = forms.CharField(
        label=_("دستور جلسه"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("هر بند در یک سطر"),
    )
    minutes = forms.CharField(
        label=_("متن صورتجلسه"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    is_public = forms.BooleanField(label=_("نمایش عمومی"), required=False, initial=True)
    state = forms.ChoiceField(
        label=_("این جلسه"),
        choices=[
            (Meeting.State.HELD, _("برگزار شده است (ثبت سابقه)")),
            (Meeting.State.PLANNED, _("برنامه‌ریزی می‌شود (دعوت اعضا در گام بعد)")),
        ],
        initial=Meeting.State.HELD,
        required=False,
    )


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(label=_("فرد"), queryset=Person.objects.none(), required=False)
    name = forms.CharField(
        label=_("یا نام"), max_length=150, required=False, help_text=_("اگر فرد در بانک نیست")
    )
    organization = forms.ModelChoiceField(
        label=_("سازمان"), queryset=Organization.objects.none(), required=False
    )
    title = forms.CharField(label=_("سمت"), max_length=150, required=False)
    presence = forms.ChoiceField(label=_("حضور"), choices=Attendance.Presence.choices)
    delegate_name = forms.CharField(label=_("نام نماینده"), max_length=150, required=False)

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(meeting.body.province if meeting else None)
        self.fields["organization"].queryset = public_organizations()


class AgendaItemForm(forms.Form):
    text = forms.CharField(label=_("بند دستور جلسه"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("پرونده"))
    title = forms.CharField(label=_("عنوان"), max_length=200, required=False)


class AgreementForm(ProvinceChoiceMixin, forms.Form):
    title = forms.CharField(label=_("عنوان"), max_length=250)
    kind = forms.ChoiceField(label=_("نوع"), choices=Agreement.Kind.choices)
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.none())
    parties = forms.ModelMultipleChoiceField(label=_("طرف‌ها"), queryset=Organization.objects.none())
    state = forms.ChoiceField(label=_("وضعیت امضا"), choices=Agreement.State.choices)
    signed_on = JalaliDateField(label=_("تاریخ امضا"), required=False)
    valid_from = JalaliDateField(label=_("اعتبار از"), required=False)
    valid_until = JalaliDateField(label=_("اعتبار تا"), required=False)
    subject = forms.CharField(
        label=_("موضوع"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_public = forms.BooleanField(label=_("نمایش عمومی"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_provinces(user)
        self.fields["parties"].queryset = public_organizations()


class ClauseForm(forms.Form):
    kind = forms.ChoiceField(label=_("نوع"), choices=AgreementClause.Kind.choices)
    text = forms.CharField(label=_("متن"), widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(forms.Form):
    signed_on = JalaliDateField(label=_("تاریخ امضا"))


class CommitmentForm(forms.Form):
    """A commitment on an agreement article, a milestone, or a public-record statement."""

    title = forms.CharField(label=_("عنوان"), max_length=300)
    owner = forms.ModelChoiceField(label=_("مسئول"), queryset=Organization.objects.none())
    due_on = forms.CharField(
        label=_("موعد"),
        required=False,
        help_text=_("مثلاً ۱۴۰۳/۰۶/۳۱ یا «پایان شهریور ۱۴۰۳»"),
    )
    weight = PersianIntegerField(label=_("وزن"), min_value=1, initial=1, required=False)
    source_url = forms.URLField(label=_("پیوند منبع"), required=False, assume_scheme="https")
    source_note = forms.CharField(label=_("توضیح منبع"), max_length=300, required=False)
    description = forms.CharField(
        label=_("شرح"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, with_weight=False, with_source=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = public_organizations()
        if not with_weight:
            del self.fields["weight"]
        if not with_source:
            del self.fields["source_url"]
            del self.fields["source_note"]


class PublicCommitmentForm(ProvinceChoiceMixin, CommitmentForm):
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, with_source=True, **kwargs)
        self.limit_provinces(user)


class ProjectForm(ProvinceChoiceMixin, forms.Form):
    title = forms.CharField(label=_("عنوان"), max_length=250)
    aliases = AliasesFormField()
    kind = forms.ChoiceField(label=_("نوع"), choices=Project.Kind.choices)
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.none())
    owner = forms.ModelChoiceField(label=_("سازمان مسئول"), queryset=Organization.objects.none())
    budget_rial = RialField(label=_("بودجه (ریال)"), required=False)
    agreement = forms.ModelChoiceField(
        label=_("سند مرتبط"), queryset=Agreement.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("شرح"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_public = forms.BooleanField(label=_("نمایش عمومی"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_provinces(user)
        self.fields["owner"].queryset = public_organizations()
        self.fields["agreement"].queryset = Agreement.objects.order_by("title")


class ElectionForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("تشکل صنفی"), queryset=Organization.objects.none()
    )
    term = PersianIntegerField(label=_("دوره"), min_value=1)
    held_on = JalaliDateField(label=_("تاریخ برگزاری"))
    term_ends_on = JalaliDateField(label=_("پایان دوره"), required=False)
    eligible_voters = PersianIntegerField(label=_("واجدان رأی"), min_value=0, required=False)
    votes_cast = PersianIntegerField(label=_("آرای مأخوذه"), min_value=0, required=False)
    notes = forms.CharField(
        label=_("توضیح"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        guilds = Organization.objects.filter(kind=Organization.Kind.GUILD).order_by("name")
        allowed = province_ids_for(user)
        if allowed is not None:
            guilds = guilds.filter(province_id__in=allowed)
        self.fields["organization"].queryset = guilds


class CandidateForm(forms.Form):
    person = forms.ModelChoiceField(label=_("نامزد"), queryset=Person.objects.none())
    votes = PersianIntegerField(label=_("آرا"), min_value=0, required=False)
    elected = forms.BooleanField(label=_("منتخب"), required=False)
    board_role = forms.ChoiceField(
        label=_("سمت"), choices=[("", "—"), *Candidate.BoardRole.choices], required=False
    )

    def __init__(self, *args, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(
            election.organization.province if election else None
        )


class ResolutionImportForm(forms.Form):
    file = forms.FileField(
        label=_("فایل مصوبه‌ها (.xlsx یا .csv)"),
        help_text=_("یک ردیف برای هر مصوبه؛ ستون‌ها مانند فایل نمونه."),
    )
    apply = forms.BooleanField(
        label=_("ثبت کن (فقط اگر همه ردیف‌ها درست باشد)"),
        required=False,
        help_text=_("بدون این گزینه فقط بررسی می‌شود و چیزی ثبت نمی‌شود."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("فقط فایل .xlsx یا .csv پذیرفته می‌شود."))
        return upload
