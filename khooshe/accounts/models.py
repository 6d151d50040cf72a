"""Users and the roles they hold. Every staff role is granted per province; the actor,
agency-representative and fund-officer roles are also tied to one organization."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: Sent after a user's new password is saved (``user=``).
password_changed = Signal()


class User(AbstractUser):
    language = models.CharField(
        _("زبان"), max_length=5, choices=[("fa", "فارسی"), ("en", "English")], default="fa"
    )
    mobile = models.CharField(_("تلفن همراه"), max_length=11, blank=True, db_index=True)
    mobile_verified = models.BooleanField(_("تلفن همراه تأیید شده"), default=False)
    #: Signed up through the site (and so verifies e-mail and mobile), not made by staff.
    self_registered = models.BooleanField(_("ثبت‌نام از سایت"), default=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        verbose_name = _("کاربر")
        verbose_name_plural = _("کاربران")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self._password_changed = True

    def save(self, *args, **kwargs):
        changed = getattr(self, "_password_changed", False) and self.pk is not None
        super().save(*args, **kwargs)
        self._password_changed = False
        if changed:
            # A new password ends every API token (sessions end through Django's session
            # hash; update_session_auth_hash keeps the one that made the change).
            password_changed.send(sender=type(self), user=self)


class Role(models.TextChoices):
    ACTOR = "actor", _("فعال (نماینده سازمان)")
    GUILD_STAFF = "guild_staff", _("کارشناس نظام صنفی")
    GOVERNORATE_STAFF = "governorate_staff", _("کارشناس استانداری / اداره کل ارتباطات")
    AGENCY_REP = "agency_rep", _("نماینده دستگاه اجرایی")
    FUND_OFFICER = "fund_officer", _("کارشناس صندوق")
    EVALUATOR = "evaluator", _("ارزیاب طرح‌ها")
    NATIONAL_STAFF = "national_staff", _("کارشناس ملی")
    ADMIN = "admin", _("مدیر سامانه")


#: Roles whose grant names a province and lets the holder act for the whole province.
PROVINCIAL_ROLES = {Role.GUILD_STAFF, Role.GOVERNORATE_STAFF, Role.EVALUATOR}
#: Roles whose grant is tied to one organization of the registry.
ORGANIZATION_ROLES = {Role.ACTOR, Role.AGENCY_REP, Role.FUND_OFFICER}
#: Roles that read every province (only an admin also decides in every province: see
#: accounts.permissions, reading and deciding).
NATIONWIDE_ROLES = {Role.NATIONAL_STAFF, Role.ADMIN}


class RoleGrant(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("کاربر")
    )
    role = models.CharField(_("نقش"), max_length=32, choices=Role.choices)
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("استان"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("سازمان"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
    )
    granted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("اعطاکننده"),
    )
    created_at = models.DateTimeField(_("زمان ثبت"), auto_now_add=True)
    updated_at = models.DateTimeField(_("زمان به‌روزرسانی"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user_id", "role"]
        verbose_name = _("نقش کاربر")
        verbose_name_plural = _("نقش‌های کاربران")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "province", "organization"], name="role_grant_unique"
            )
        ]

    def __str__(self) -> str:
        where = self.organization or self.province or _("همه استان‌ها")
        return f"{self.get_role_display()} — {where}"

    def clean(self):
        if self.role in PROVINCIAL_ROLES and self.province_id is None:
            raise ValidationError({"province": _("این نقش باید برای یک استان داده شود.")})
        if self.role in ORGANIZATION_ROLES and self.organization_id is None:
            raise ValidationError({"organization": _("این نقش باید به یک سازمان وصل باشد.")})
