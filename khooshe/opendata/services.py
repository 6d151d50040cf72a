"""Writes of the catalogue: counting a download."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from khooshe.opendata.models import DownloadCount


@transaction.atomic
def download_count_increment(*, dataset: str, format: str) -> None:
    """One more download of ``dataset`` in ``format``: the row is created once (a concurrent
    creator is ignored by the unique constraint) and incremented in the database with ``F()``,
    so simultaneous downloads never overwrite each other's count."""
    DownloadCount.objects.bulk_create(
        [DownloadCount(dataset=dataset, format=format, count=0)], ignore_conflicts=True
    )
    DownloadCount.objects.filter(dataset=dataset, format=format).update(
        count=F("count") + 1, updated_at=timezone.now()
    )
