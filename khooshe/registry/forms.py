"""Input shape of the registry's pages; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from khooshe.geo.models import County, Province
from khooshe.persian.aliases import AliasesFormField
from khooshe.persian.forms import (
    EnglishCharField,
    JalaliDateField,
    LegalIdField,
    MobileField,
    NationalCodeField,
    PersianCharField,
    PersianIntegerField,
    PostalCodeField,
)
from khooshe.registry import imports, vouched
from khooshe.registry.models import Capability, Cluster, Organization, Person, Sector
from khooshe.registry.services.organizations import ORGANIZATION_FIELDS
from khooshe.registry.services.people import PERSON_FIELDS
from khooshe.registry.services.verification import pending_change


class _CountyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.province})"


def _link_county_to_province(form: forms.Form) -> None:
    """The county list follows the chosen province: narrowed on the server for the bound or
    initial province, and refreshed by htmx when the province changes."""
    province = form.data.get(form.add_prefix("province")) or form.initial.get("province")
    if province and str(province).isdigit():
        form.fields["county"].queryset = County.objects.filter(province_id=int(province))
    form.fields["province"].widget.attrs.update(
        {
            "hx-get": reverse("registry:counties"),
            "hx-target": f"#{form['county'].auto_id}",
            "hx-trigger": "change",
        }
    )


def _capability_label(capability: Capability) -> str:
    return "— " * capability.path.count("/") + str(capability)


class OrganizationForm(forms.Form):
    version = PersianIntegerField(widget=forms.HiddenInput, required=False)
    name = PersianCharField(label=_("نام"), max_length=200)
    name_en = EnglishCharField(label=_("نام انگلیسی"), max_length=200, required=False)
    aliases = AliasesFormField()
    kind = forms.ChoiceField(label=_("نوع"), choices=Organization.Kind.choices)
    legal_id = LegalIdField(label=_("شناسه ملی"), required=False)
    registration_number = PersianCharField(label=_("شماره ثبت"), max_length=32, required=False)
    founded_on = JalaliDateField(label=_("تاریخ تأسیس"), required=False)
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.all())
    county = _CountyChoice(
        label=_("شهرستان"),
        queryset=County.objects.select_related("province"),
        required=False,
    )
    locality = forms.ChoiceField(
        label=_("محدوده"), choices=Organization._meta.get_field("locality").choices
    )
    address = PersianCharField(
        label=_("نشانی"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    postal_code = PostalCodeField(label=_("کد پستی"), required=False)
    phone = forms.CharField(label=_("تلفن"), max_length=32, required=False)
    website = forms.URLField(label=_("وب‌سایت"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("ایمیل"), required=False)
    employees = PersianIntegerField(label=_("تعداد کارکنان"), min_value=0, required=False)
    description = PersianCharField(
        label=_("معرفی"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    capabilities = forms.ModelMultipleChoiceField(
        label=_("توانمندی‌ها"), queryset=Capability.objects.all(), required=False
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("بخش‌های خدمت‌گیرنده"), queryset=Sector.objects.all(), required=False
    )
    kb_certificate_number = forms.CharField(
        label=_("شماره گواهی دانش‌بنیان"), max_length=32, required=False
    )
    kb_certificate_type = PersianCharField(
        label=_("نوع گواهی دانش‌بنیان"), max_length=64, required=False
    )
    kb_certificate_expires_on = JalaliDateField(label=_("انقضای گواهی دانش‌بنیان"), required=False)
    licence_number = forms.CharField(label=_("شماره پروانه فعالیت"), max_length=32, required=False)
    licence_expires_on = JalaliDateField(label=_("انقضای پروانه فعالیت"), required=False)
    is_public = forms.BooleanField(
        label=_("نمایش عمومی در بانک فعالان"), required=False, initial=True
    )
    logo = forms.ImageField(
        label=_("نشان (تصویر PNG، JPEG یا WebP، حداکثر ۱ مگابایت)"), required=False
    )

    MODEL_FIELDS = ORGANIZATION_FIELDS

    def __init__(self, *args, instance: Organization | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = {name: getattr(instance, name) for name in self.MODEL_FIELDS}
            initial["province"] = instance.province_id
            initial["county"] = instance.county_id
            initial["version"] = instance.version
            initial["capabilities"] = [c.pk for c in instance.capabilities.all()]
            initial["sectors"] = [s.pk for s in instance.sectors.all()]
            # An owner edits on from what they proposed (sending a field back at its
            # verified value withdraws it from the proposal).
            pending = pending_change(instance) if instance.pk else None
            for name, value in (pending.changes if pending else {}).items():
                initial[name] = vouched.from_json(name, value) if name.endswith("_on") else value
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["capabilities"].label_from_instance = _capability_label
        self.fields["capabilities"].widget.attrs["size"] = 10
        _link_county_to_province(self)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.MODEL_FIELDS}


class RevokeForm(forms.Form):
    reason = PersianCharField(
        label=_("دلیل لغو تأیید"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RejectChangeForm(forms.Form):
    reason = PersianCharField(
        label=_("دلیل رد تغییر"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ClaimForm(forms.Form):
    message = PersianCharField(
        label=_("توضیح (سمت شما در سازمان، راه تماس)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("تصمیم"), choices=[("approve", _("پذیرش")), ("reject", _("رد"))]
    )
    reason = PersianCharField(
        label=_("توضیح"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class MergeForm(forms.Form):
    target = PersianIntegerField(
        label=_("شماره سازمان اصلی (این رکورد در آن ادغام می‌شود)"), min_value=1
    )


class MembershipForm(forms.Form):
    number = forms.CharField(label=_("شماره عضویت"), max_length=32)
    grade = PersianCharField(label=_("رتبه"), max_length=16, required=False)
    field = PersianCharField(label=_("زمینه فعالیت"), max_length=100, required=False)
    started_on = JalaliDateField(label=_("عضو از"), required=False)
    expires_on = JalaliDateField(label=_("تاریخ انقضا"), required=False)


class PersonForm(forms.Form):
    version = PersianIntegerField(widget=forms.HiddenInput, required=False)
    first_name = PersianCharField(label=_("نام"), max_length=100)
    last_name = PersianCharField(label=_("نام خانوادگی"), max_length=100)
    aliases = AliasesFormField()
    national_code = NationalCodeField(label=_("کد ملی"), required=False)
    mobile = MobileField(label=_("تلفن همراه"), required=False)
    email = forms.EmailField(label=_("ایمیل"), required=False)
    expertise = PersianCharField(label=_("تخصص"), max_length=200, required=False)
    bio = PersianCharField(
        label=_("معرفی"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.all())
    county = _CountyChoice(
        label=_("شهرستان"), queryset=County.objects.select_related("province"), required=False
    )
    works_from_home = forms.BooleanField(label=_("کار از خانه"), required=False)
    serves_abroad = forms.BooleanField(label=_("خدمت به مشتریان خارج از کشور"), required=False)
    is_public = forms.BooleanField(label=_("نمایش عمومی"), required=False, initial=True)
    capabilities = forms.ModelMultipleChoiceField(
        label=_("توانمندی‌ها"), queryset=Capability.objects.all(), required=False
    )

    MODEL_FIELDS = PERSON_FIELDS

    def __init__(self, *args, instance: Person | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = {name: getattr(instance, name) for name in self.MODEL_FIELDS}
            initial.update(
                province=instance.province_id,
                county=instance.county_id,
                version=instance.version,
                capabilities=[c.pk for c in instance.capabilities.all()],
            )
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["capabilities"].label_from_instance = _capability_label
        _link_county_to_province(self)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.MODEL_FIELDS}


class AffiliationForm(forms.Form):
    organization = PersianIntegerField(label=_("شماره سازمان"), min_value=1)
    title = PersianCharField(label=_("سمت"), max_length=100)
    started_on = JalaliDateField(label=_("از تاریخ"), required=False)
    ended_on = JalaliDateField(label=_("تا تاریخ"), required=False)


class CapabilityForm(forms.Form):
    name = PersianCharField(label=_("نام"), max_length=100)
    name_en = EnglishCharField(label=_("نام انگلیسی"), max_length=100, required=False)
    slug = forms.SlugField(label=_("شناسه لاتین (مثل web)"), max_length=64)
    parent = forms.ModelChoiceField(
        label=_("زیرمجموعه"), queryset=Capability.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].label_from_instance = _capability_label


class SectorForm(forms.Form):
    name = PersianCharField(label=_("نام"), max_length=100)
    name_en = EnglishCharField(label=_("نام انگلیسی"), max_length=100, required=False)
    slug = forms.SlugField(label=_("شناسه لاتین (مثل health)"), max_length=64)


class ClusterForm(forms.Form):
    version = PersianIntegerField(widget=forms.HiddenInput, required=False)
    name = PersianCharField(label=_("نام"), max_length=200)
    aliases = AliasesFormField()
    province = forms.ModelChoiceField(label=_("استان"), queryset=Province.objects.all())
    focus = PersianCharField(label=_("حوزه"), max_length=200, required=False)
    description = PersianCharField(
        label=_("توضیح"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    identified_on = JalaliDateField(label=_("تاریخ شناسایی"), required=False)


class ClusterStageForm(forms.Form):
    action = forms.ChoiceField(
        label=_("مرحله بعد"),
        choices=[
            ("form", _("آغاز شکل‌گیری")),
            ("activate", _("فعال‌سازی")),
            ("deactivate", _("غیرفعال‌سازی")),
        ],
    )
    on = JalaliDateField(label=_("تاریخ"), required=False)


class ClusterMemberForm(forms.Form):
    organization = PersianIntegerField(label=_("شماره سازمان"), min_value=1)
    remove = forms.BooleanField(required=False, widget=forms.HiddenInput)


__all__ = [
    "AffiliationForm",
    "CapabilityForm",
    "ClaimDecisionForm",
    "ClaimForm",
    "Cluster",
    "ClusterForm",
    "ClusterMemberForm",
    "ClusterStageForm",
    "MembershipForm",
    "MergeForm",
    "OrganizationForm",
    "PersonForm",
    "RevokeForm",
    "SectorForm",
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("فایل فهرست اعضا"),
        help_text=_("اکسل (.xlsx) یا CSV با کدگذاری UTF-8، با سرستون‌های فایل نمونه در سطر اول."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_SIZE:
            raise forms.ValidationError(gettext_now("فایل بزرگ‌تر از ۲۰ مگابایت است."))
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(gettext_now("فقط فایل اکسل (.xlsx) یا CSV پذیرفته می‌شود."))
        content = upload.read()
        try:
            self.rows = imports.count_rows(content, upload.name)
        except imports.ImportError_ as error:
            raise forms.ValidationError(str(error)) from error
        if not self.rows:
            raise forms.ValidationError(gettext_now("فایل هیچ ردیفی ندارد."))
        self.content = content
        return upload
