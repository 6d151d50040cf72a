"""English mode is complete: every app's English catalogue translates every entry, every
string marked for translation (in Python and in templates) has its English, and every model
field a person may read has a Persian label with an English translation.

No database: these read the source, the catalogues and the models' metadata only."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import translation
from django.utils.translation.template import templatize

from khooshe.proposals.demo import RUBRIC

ROOT = Path(settings.BASE_DIR) / "khooshe"
PERSIAN = re.compile(r"[\u0600-\u06FF]")
#: A call ``templatize`` writes for each string a template marks for translation.
TEMPLATE_MSGID = re.compile(r"\b(?:gettext|pgettext|ngettext)\(u?('(?:[^'\\]|\\.)*')")
PY_GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_now",
    "ngettext",
    "ngettext_lazy",
    "gettext_noop",
}
PY_PGETTEXT = {"pgettext", "pgettext_lazy"}
PO_ENTRY = re.compile(r'^(#,.*\n)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _po_text(lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', lines))


def _catalogues() -> list[Path]:
    return sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po"))


def _source_files(pattern: str) -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob(pattern)
        if not {"migrations", "tests", "static"} & set(path.relative_to(ROOT).parts)
    )


def _template_msgids(path: Path):
    for match in TEMPLATE_MSGID.finditer(templatize(path.read_text(), origin=str(path))):
        yield ast.literal_eval(match.group(1))


def _python_msgids(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = node.args
        if node.func.id in PY_PGETTEXT:
            args = args[1:]
        elif node.func.id not in PY_GETTEXT:
            continue
        if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            yield node.lineno, args[0].value


def test_every_app_has_an_english_catalogue():
    assert len(_catalogues()) >= 14


@pytest.mark.parametrize("catalogue", _catalogues(), ids=lambda p: p.parts[-5])
def test_the_english_catalogue_has_no_untranslated_or_fuzzy_entry(catalogue):
    untranslated = []
    for match in PO_ENTRY.finditer(catalogue.read_text()):
        flags, msgid, msgstr = match.group(1) or "", _po_text(match.group(2)), match.group(3)
        if not msgid:
            continue  # the header
        if not _po_text(msgstr) or "fuzzy" in flags:
            untranslated.append(msgid)
    assert untranslated == []


def test_every_string_marked_in_a_template_reads_in_english():
    missing = []
    with translation.override("en"):
        for path in _source_files("*.html"):
            for msgid in _template_msgids(path):
                if PERSIAN.search(msgid) and translation.gettext(msgid) == msgid:
                    missing.append(f"{path.relative_to(ROOT)}: {msgid}")
    assert missing == []


def test_every_string_marked_in_python_reads_in_english():
    missing = []
    with translation.override("en"):
        for path in _source_files("*.py"):
            for line, msgid in _python_msgids(path):
                if PERSIAN.search(msgid) and translation.gettext(msgid) == msgid:
                    missing.append(f"{path.relative_to(ROOT)}:{line}: {msgid}")
    assert missing == []


def test_every_model_field_has_a_persian_label_with_an_english_translation():
    """The labels people read in forms, the admin, the history and the API schema."""
    wrong = []
    for model in apps.get_models():
        if not model.__module__.startswith("khooshe.") or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field) or field.primary_key or field.auto_created:
                continue
            if isinstance(field, GenericForeignKey):
                continue  # takes no label: people read its content type and id
            with translation.override("fa"):
                persian = str(field.verbose_name)
            with translation.override("en"):
                english = str(field.verbose_name)
            if not PERSIAN.search(persian) or english == persian:
                wrong.append(f"{model._meta.label}.{field.name}: {persian} / {english}")
    assert wrong == []


def test_the_seeded_scoring_rubric_reads_in_english():
    """Criteria are data; the seeded ones are printed through {% translate %}."""
    with translation.override("en"):
        for title, _weight, guidance in RUBRIC:
            assert not PERSIAN.search(translation.gettext(title))
            assert not PERSIAN.search(translation.gettext(guidance))
