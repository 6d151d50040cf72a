"""Validated uploads attached to any record.

The type is decided by the file's content (``filetype`` sniffs magic numbers), not by its
name or the browser's claim; the size is capped; the stored name is generated (the person's
file name is kept only as a label); files go through Django's storage API so S3-compatible
storage works in production. A file is served only to someone allowed to see its record: each
capability registers who may see its records with :func:`register_visibility`.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Callable
from pathlib import PurePath

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from khooshe.core.models import Attachment
from khooshe.persian.text import clean_text

#: Content types accepted for documents, by sniffed MIME type → canonical extension.
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
}
IMAGE_TYPES = {k: v for k, v in DOCUMENT_TYPES.items() if k.startswith("image/")}

_OOXML_BY_EXTENSION = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

_visibility: dict[type[models.Model], Callable] = {}


def register_visibility(model: type[models.Model], predicate: Callable) -> None:
    """``predicate(user, obj) -> bool`` decides who may download ``model``'s attachments."""
    _visibility[model] = predicate


def can_view_attachment(user, attachment: Attachment) -> bool:
    target = attachment.target
    if target is None:
        return False
    predicate = _visibility.get(type(target))
    return bool(predicate and predicate(user, target))


def sniff_mime_type(uploaded_file) -> str | None:
    """The MIME type the content proves; OOXML files are ZIPs, told apart by their parts."""
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime == "application/zip":
        extension = PurePath(uploaded_file.name or "").suffix.lower().lstrip(".")
        expected = _OOXML_BY_EXTENSION.get(extension)
        if expected and _zip_has_office_part(uploaded_file):
            return expected
        return "application/zip"
    return kind.mime


def _zip_has_office_part(uploaded_file) -> bool:
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        uploaded_file.seek(0)


def validate_upload(uploaded_file, *, allowed: dict[str, str] = DOCUMENT_TYPES, max_bytes=None):
    """Return the sniffed MIME type or raise ValidationError with a Persian message."""
    limit = max_bytes or settings.KHOOSHE_MAX_UPLOAD_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            _("حجم پرونده بیش از حد مجاز (%(limit)s مگابایت) است."),
            code="file_too_large",
            params={"limit": limit // (1024 * 1024)},
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("پرونده خالی است."), code="file_empty")
    mime = sniff_mime_type(uploaded_file)
    if mime not in allowed:
        names = "، ".join(sorted(set(allowed.values())))
        raise ValidationError(
            _("نوع پرونده پذیرفته نیست. نوع‌های مجاز: %(types)s"),
            code="file_type",
            params={"types": names},
        )
    return mime


def safe_display_name(name: str) -> str:
    base = PurePath(name or "file").name
    base = clean_text(base).replace("/", "_").replace("\\", "_")
    return base[:200] or "file"


def attachment_add(
    *, actor, target: models.Model, uploaded_file, title: str = "", allowed=DOCUMENT_TYPES
) -> Attachment:
    mime = validate_upload(uploaded_file, allowed=allowed)
    original = safe_display_name(uploaded_file.name)
    uploaded_file.name = f"{uuid.uuid4().hex}.{allowed[mime]}"
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        file=uploaded_file,
        original_name=original,
        mime_type=mime,
        size=uploaded_file.size,
        title=clean_text(title)[:200],
        uploaded_by=actor,
    )


def attachments_of(target: models.Model):
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("uploaded_by")


def with_attachments(rows, *, attribute: str = "files") -> list:
    """``rows`` (of one model) as a list, each with its attachments as ``row.<attribute>``,
    oldest first — one query for all of them, for lists that show files per row."""
    rows = list(rows)
    by_row: dict[int, list] = {row.pk: [] for row in rows}
    if rows:
        for attachment in Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(rows[0]), object_id__in=list(by_row)
        ).order_by("created_at", "id"):
            by_row[attachment.object_id].append(attachment)
    for row in rows:
        setattr(row, attribute, by_row[row.pk])
    return rows
