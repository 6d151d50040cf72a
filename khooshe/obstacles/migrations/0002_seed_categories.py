from django.db import migrations

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


def seed(apps, schema_editor):
    Category = apps.get_model("obstacles", "Category")
    for position, (slug, name, name_en) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("obstacles", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
