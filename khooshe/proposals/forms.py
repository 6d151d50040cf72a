"""Input shapes of the proposal pages; the rules live in the services."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.selectors import users_acting_in
from khooshe.core.idempotency import new_key
from khooshe.geo.models import County
from khooshe.persian.forms import (
    JalaliDateField,
    PersianCharField,
    PersianIntegerField,
    RialField,
)
from khooshe.persian.jalali import is_english_active
from khooshe.persian.text import search_key, search_words, to_persian_digits
from khooshe.proposals.models import Call, Criterion, Priority, ProcurementMethod, Proposal
from khooshe.proposals.permissions import SCORERS
from khooshe.proposals.selectors.calls import calls_open_for
from khooshe.proposals.services.proposals import EDITABLE_FIELDS
from khooshe.registry.models import Capability, Organization, Person, Sector

_NUMBER = re.compile(r"^[0-9]+$")


def _agency_key(name: str) -> tuple[str, ...]:
    """An agency's name without what tells near-duplicates apart: the word «استان», the
    spelling (folded: ك/ک, ي/ی, digits) and trailing numbers («… مازندران ۲۶۳»)."""
    words = [w for w in search_words(name) if w != search_key("استان")]
    while words and _NUMBER.match(words[-1]):
        words.pop()
    return tuple(words)


def agency_choices(province, *, keep: int | None = None):
    """Government agencies a proposal of ``province`` may name as beneficiary: those of the
    province (every one when no province is known), one of each set of near-duplicates (the
    verified, then the oldest), and ``keep`` (the proposal's current choice) always."""
    agencies = Organization.objects.filter(
        kind=Organization.Kind.GOVERNMENT_AGENCY, merged_into__isnull=True
    )
    if province is not None:
        agencies = agencies.filter(province=province)
    rows = agencies.order_by("pk").values_list("pk", "name", "verification")
    chosen: dict[tuple[str, ...], tuple[bool, int]] = {}
    for pk, name, verification in rows:
        rank = (verification != Organization.Verification.VERIFIED, pk)
        key = _agency_key(name)
        if key not in chosen or rank < chosen[key]:
            chosen[key] = rank
    ids = {pk for _unverified, pk in chosen.values()}
    if keep:
        ids.add(keep)
    return Organization.objects.filter(pk__in=ids).order_by("name")


class ProposalForm(forms.ModelForm):
    title = PersianCharField(label=_("عنوان"), max_length=200)
    estimated_budget = RialField(label=_("بودجه برآوردی (ریال)"), min_value=1)
    duration_months = PersianIntegerField(label=_("مدت اجرا (ماه)"), min_value=1, max_value=120)
    # Blank rather than a prefilled 0: a 0 in the box turns «۴» typed after it into 40.
    expected_jobs = PersianIntegerField(
        label=_("اشتغال پیش‌بینی‌شده (نفر)"), min_value=0, required=False
    )
    capabilities = forms.ModelMultipleChoiceField(
        label=_("توانمندی‌های لازم"),
        queryset=Capability.objects.all(),
        required=False,
        help_text=_("برای پیشنهاد مجریان بومی توانا به کار می‌رود."),
    )
    version = PersianIntegerField(widget=forms.HiddenInput, required=False)
    submitter_organization = forms.ModelChoiceField(
        label=_("سازمان پیشنهاددهنده"), queryset=Organization.objects.none(), required=False
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "problem",
            "solution",
            "beneficiary",
            "sector",
            "county",
            "estimated_budget",
            "duration_months",
            "expected_outcomes",
            "expected_jobs",
            "capabilities",
            "contact_name",
            "contact_phone",
            "contact_email",
            "call",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 4}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organizations=None, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        #: The proposal's province: its counties and agencies are the only ones offered.
        self.province = province
        counties = County.objects.select_related("province").order_by("province__code", "name")
        if province is not None:
            self.fields["county"].queryset = counties.filter(province=province)
        else:
            self.fields["county"].queryset = counties
            self.fields["county"].label_from_instance = lambda c: f"{c.name} ({c.province.name})"
        self.fields["beneficiary"].queryset = agency_choices(
            province, keep=self.instance.beneficiary_id if self.instance.pk else None
        )
        self.fields["sector"].queryset = Sector.objects.all()
        # Calls of the province not yet closed (and the proposal's own); none: the ongoing call.
        self.fields["call"].queryset = Call.objects.filter(
            pk__in=calls_open_for(province, keep=self.instance.call_id).values("pk")
        ).order_by("closes_on", "id")
        self.fields["call"].empty_label = _("فراخوان دائمی (خارج از هر فراخوان)")
        for name in ("county", "beneficiary", "sector", "capabilities"):
            self.fields[name].widget.attrs["data-searchable"] = "1"
        if organizations is not None and self.instance.pk is None:
            self.fields["submitter_organization"].queryset = organizations
            if organizations.count() == 1:
                self.fields["submitter_organization"].initial = organizations.first()
        else:
            del self.fields["submitter_organization"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["capabilities"].initial = list(
                self.instance.capabilities.values_list("pk", flat=True)
            )

    def clean_expected_jobs(self) -> int:
        return self.cleaned_data["expected_jobs"] or 0

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in EDITABLE_FIELDS if name in self.cleaned_data
        }


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("یادداشت"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    approved_budget = RialField(label=_("بودجه مصوب (ریال)"), required=False, min_value=1)
    cost_lines = forms.CharField(
        label=_("ردیف‌های هزینه"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("هر ردیف در یک سطر: «عنوان: مبلغ به ریال»؛ جمع ردیف‌ها برابر بودجه مصوب."),
    )
    execution_months = PersianIntegerField(
        label=_("مدت اجرا (ماه)"), required=False, min_value=1, max_value=120
    )
    failed_criteria = forms.ModelMultipleChoiceField(
        label=_("معیارهایی که طرح در آن‌ها رد شد"),
        queryset=Criterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    override_reason = forms.CharField(
        label=_("دلیل تصمیم پیش از کامل شدن حداقل برگه‌های امتیاز"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, initial=new_key)

    def __init__(self, *args, province_id=None, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        if action is not None:  # only the fields of this action's answer
            keep = {
                "approve": {"cost_lines", "execution_months", "override_reason"},
                "reject": {"failed_criteria", "override_reason"},
            }.get(action, set())
            for name in {"cost_lines", "execution_months", "failed_criteria", "override_reason"}:
                if name not in keep:
                    del self.fields[name]
        if province_id is not None and "failed_criteria" in self.fields:
            self.fields["failed_criteria"].queryset = Criterion.objects.filter(
                province_id=province_id, is_active=True
            )

    def clean_cost_lines(self) -> list[dict]:
        """«عنوان: مبلغ» per line (any digits, separators) → [{"title", "amount"}]."""
        lines = []
        for raw in (self.cleaned_data.get("cost_lines") or "").splitlines():
            if not raw.strip():
                continue
            title, _sep, amount = raw.rpartition(":")
            if not _sep:
                title, _sep, amount = raw.rpartition("：")
            if not title.strip() or not amount.strip():
                raise forms.ValidationError(_("هر سطر را به شکل «عنوان: مبلغ» بنویسید."))
            lines.append({"title": title.strip(), "amount": amount.strip()})
        return lines


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("پرونده"))
    title = forms.CharField(label=_("عنوان"), max_length=200, required=False)


class DossierForm(forms.Form):
    title = PersianCharField(label=_("عنوان پرونده"), max_length=200)
    cover_letter = forms.CharField(
        label=_("نامه همراه"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("طرح‌های پذیرفته"),
        queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, proposals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if proposals is not None:
            self.fields["proposals"].queryset = proposals


class PriorityForm(forms.ModelForm):
    year = PersianIntegerField(label=_("سال"), min_value=1300, max_value=1500)
    weight = PersianIntegerField(label=_("وزن"), min_value=1, max_value=100)

    class Meta:
        model = Priority
        fields = ["year", "title", "weight", "sector", "capability", "keywords"]


class CriterionForm(forms.ModelForm):
    weight = PersianIntegerField(label=_("وزن"), min_value=1, max_value=100)
    position = PersianIntegerField(label=_("ترتیب"), min_value=0, initial=0)

    class Meta:
        model = Criterion
        fields = ["title", "weight", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


def _local_digits(value) -> str:
    """Digits of the page's script: «۳» on Persian pages, «3» on English ones."""
    return str(value) if is_english_active() else to_persian_digits(value)


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("نظر ارزیاب"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "dir": "auto"}),
        required=False,
    )
    declare_no_conflict = forms.BooleanField(
        label=_(
            "اعلام می‌کنم با پیشنهاددهنده این طرح تعارض منافع ندارم: نماینده یا وابسته آن "
            "نیستم و در فهرست کوتاه مجریان آن نیستم."
        ),
        required=False,
    )

    def __init__(self, *args, criteria=(), initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        choices = [(i, _local_digits(i)) for i in range(1, 6)]
        for criterion in self.criteria:
            field = forms.TypedChoiceField(
                label=f"{criterion.title} (×{_local_digits(criterion.weight)})",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                help_text=criterion.description,
                initial=(initial_values or {}).get(criterion.pk),
            )
            field.criterion = criterion
            self.fields[f"c{criterion.pk}"] = field

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ShortlistForm(forms.Form):
    organization = PersianIntegerField(required=False, widget=forms.HiddenInput)
    person = PersianIntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(required=False, max_length=500)


class CallForm(forms.ModelForm):
    """A call for proposals: dates in Jalali, amounts in Rial (any digits)."""

    title = PersianCharField(label=_("عنوان"), max_length=200)
    opens_on = JalaliDateField(label=_("تاریخ گشایش"))
    closes_on = JalaliDateField(label=_("تاریخ بسته‌شدن"))
    envelope_rial = RialField(label=_("سقف اعتبار فراخوان (ریال)"), min_value=1)
    ceiling_rial = RialField(label=_("سقف بودجه هر طرح (ریال)"), min_value=1, required=False)
    version = PersianIntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Call
        fields = [
            "title",
            "description",
            "opens_on",
            "closes_on",
            "envelope_rial",
            "ceiling_rial",
            "sectors",
            "capabilities",
            "priorities",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = Priority.objects.filter(province=province).order_by(
            "-year", "-weight", "id"
        )
        self.fields["sectors"].queryset = Sector.objects.all()
        self.fields["capabilities"].queryset = Capability.objects.all()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.opens_on <= timezone.localdate():
                # Once open, the closing date moves by extension (with a reason) only.
                self.fields["closes_on"].disabled = True

    def service_data(self) -> dict:
        names = ("title", "description", "opens_on", "closes_on", "envelope_rial", "ceiling_rial")
        return {
            name: self.cleaned_data[name]
            for name in names
            if name in self.cleaned_data and not self.fields[name].disabled
        }

    def themes(self) -> dict:
        return {
            name: self.cleaned_data.get(name) for name in ("sectors", "capabilities", "priorities")
        }


class CallExtendForm(forms.Form):
    closes_on = JalaliDateField(label=_("تاریخ بسته‌شدن جدید"))
    reason = forms.CharField(label=_("دلیل تمدید"), widget=forms.Textarea(attrs={"rows": 3}))
    version = PersianIntegerField(widget=forms.HiddenInput, required=False)


class CoSubmitterForm(forms.Form):
    """A co-submitting organization or person of the registry (of the proposal's province),
    with its role."""

    organization = forms.ModelChoiceField(
        label=_("سازمان هم‌پیشنهاددهنده"), queryset=Organization.objects.none(), required=False
    )
    person = forms.ModelChoiceField(
        label=_("فرد هم‌پیشنهاددهنده"), queryset=Person.objects.none(), required=False
    )
    role = PersianCharField(label=_("نقش"), max_length=100)

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.filter(merged_into__isnull=True)
        people = Person.objects.all()
        if proposal is not None:
            organizations = organizations.filter(province_id=proposal.province_id).exclude(
                pk=proposal.submitter_organization_id or 0
            )
            people = people.filter(province_id=proposal.province_id)
        self.fields["organization"].queryset = organizations.order_by("name")
        self.fields["person"].queryset = people.order_by("last_name", "first_name")
        for name in ("organization", "person"):
            self.fields[name].widget.attrs["data-searchable"] = "1"


class CooperationForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("سازمان"), queryset=Organization.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("یادداشت"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class AssignForm(forms.Form):
    evaluators = forms.ModelMultipleChoiceField(
        label=_("ارزیابان"), queryset=Proposal.objects.none()
    )
    due_on = JalaliDateField(label=_("مهلت امتیازدهی"))

    def __init__(self, *args, province_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluators"].queryset = users_acting_in(province_id, SCORERS).order_by(
            "first_name", "last_name", "pk"
        )


class AwardForm(forms.Form):
    shortlisted = forms.ChoiceField(label=_("از فهرست کوتاه"), required=False)
    organization = forms.ModelChoiceField(
        label=_("یا سازمانی از بانک فعالان"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.Select(attrs={"data-searchable": "1"}),
    )
    contract_date = JalaliDateField(label=_("تاریخ قرارداد"))
    contract_amount = RialField(label=_("مبلغ قرارداد (ریال)"), min_value=1)
    procurement_method = forms.ChoiceField(
        label=_("روش واگذاری"), choices=ProcurementMethod.choices
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, shortlist=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = {str(entry.pk): entry for entry in shortlist}
        self.fields["shortlisted"].choices = [("", "—")] + [
            (key, str(entry.candidate)) for key, entry in self.entries.items()
        ]

    def clean(self):
        data = super().clean()
        entry = self.entries.get(data.get("shortlisted") or "")
        data["person"] = None
        if entry is not None:
            data["organization"] = entry.organization
            data["person"] = entry.person
        return data
