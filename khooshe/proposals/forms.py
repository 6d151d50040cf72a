"""Input shapes of the proposal pages; the rules live in the services."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from khooshe.core.idempotency import new_key
from khooshe.geo.models import County
from khooshe.persian.forms import PersianCharField, PersianIntegerField, RialField
from khooshe.persian.jalali import is_english_active
from khooshe.persian.text import search_key, search_words, to_persian_digits
from khooshe.proposals.models import Criterion, Priority, Proposal
from khooshe.proposals.services.proposals import EDITABLE_FIELDS
from khooshe.registry.models import Capability, Organization, Sector

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
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, initial=new_key)


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
