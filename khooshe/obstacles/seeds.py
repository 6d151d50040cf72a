"""The nine categories every installation starts with (migration 0002 writes the same list;
tests that flush the database put them back with :func:`ensure_default_categories`)."""

from khooshe.obstacles.models import Category

CATEGORIES = [
    ("financing", "تأمین مالی", "Financing"),
    ("licensing", "مجوز و پروانه", "Licensing and permits"),
    ("tax", "مالیات", "Tax"),
    ("insurance", "بیمه", "Insurance"),
    ("workspace", "فضای کار", "Workspace"),
    ("internet", "زیرساخت و اینترنت", "Infrastructure and internet"),
    ("recognition", "به رسمیت شناخته شدن کسب‌وکار", "Recognition as a business"),
    ("procurement", "خرید دولتی", "Public procurement"),
    ("other", "سایر", "Other"),
]


def ensure_default_categories() -> None:
    if Category.objects.filter(slug__in=[slug for slug, _n, _e in CATEGORIES]).count() == len(
        CATEGORIES
    ):
        return
    for position, (slug, name, name_en) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position * 10}
        )
