"""Provinces and counties of Iran, loaded from data/iran.json by a data migration.

Province codes are the current ISO 3166-2:IR codes (after ISO's change of 2020-11-24), which
follow the Statistical Centre of Iran's numbering: Mazandaran is IR-02, East Azerbaijan IR-03.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from khooshe.persian.text import search_key


class Province(models.Model):
    code = models.CharField(_("کد ISO"), max_length=5, unique=True)
    name = models.CharField(_("نام"), max_length=64)
    name_en = models.CharField(_("نام انگلیسی"), max_length=64)
    center = models.CharField(_("مرکز"), max_length=64, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("استان")
        verbose_name_plural = _("استان‌ها")

    def __str__(self) -> str:
        # Pages, form choices and history show the name in the reader's language.
        return self.display_name(get_language() or "fa")

    def display_name(self, language: str = "fa") -> str:
        return self.name_en if language.startswith("en") else self.name


class County(models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="counties", verbose_name=_("استان")
    )
    name = models.CharField(_("نام"), max_length=64)
    name_en = models.CharField(_("نام انگلیسی"), max_length=64)
    center = models.CharField(_("مرکز"), max_length=64, blank=True)
    name_key = models.CharField(_("کلید نام"), max_length=64, db_index=True, editable=False)

    class Meta:
        ordering = ["province__code", "name"]
        verbose_name = _("شهرستان")
        verbose_name_plural = _("شهرستان‌ها")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name_key"], name="county_unique_per_province"
            )
        ]

    def __str__(self) -> str:
        # Pages, form choices and history show the name in the reader's language.
        return self.display_name(get_language() or "fa")

    def save(self, *args, **kwargs):
        self.name_key = search_key(self.name)
        super().save(*args, **kwargs)

    def display_name(self, language: str = "fa") -> str:
        return self.name_en if language.startswith("en") else self.name
