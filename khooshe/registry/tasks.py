"""Background bulk imports. A job lives in the cache (shared Redis in production; in-process
without REDIS_URL, where Celery runs eagerly): who started it, the uploaded file's storage
path, what it is doing (dry run or apply), its progress and its report.

``job_start`` runs files of up to :data:`~khooshe.registry.imports.ASYNC_THRESHOLD` rows at
once and larger ones as the :func:`run_import` task; the status page polls the job.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from celery import shared_task
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from khooshe.accounts.models import User
from khooshe.registry.imports import (
    ASYNC_THRESHOLD,
    ImportError_,
    ImportRejected,
    import_apply,
    import_dry_run,
)
from khooshe.registry.services.documents import documents_daily as registry_documents_daily

JOB_TIMEOUT = 24 * 60 * 60


def _key(job_id: str) -> str:
    return f"registry:import:{job_id}"


def job_get(job_id: str) -> dict | None:
    return cache.get(_key(str(job_id)))


def job_update(job_id: str, **changes) -> dict:
    job = job_get(job_id) or {}
    job.update(changes)
    cache.set(_key(job_id), job, JOB_TIMEOUT)
    return job


def job_create(*, user, filename: str, content: bytes, rows: int) -> str:
    """Store the upload and open a job for ``user``; returns its id."""
    job_id = uuid.uuid4().hex
    suffix = PurePath(filename).suffix.lower()[:6] or ".csv"
    path = default_storage.save(f"imports/{job_id}{suffix}", ContentFile(content))
    job_update(
        job_id,
        id=job_id,
        user_id=user.pk,
        filename=PurePath(filename).name[:200],
        path=path,
        rows=rows,
        mode="",
        status="new",
        progress=0,
        report=None,
        error="",
        refused=False,
    )
    return job_id


def job_start(job_id: str, *, mode: str, skip_invalid: bool = False) -> dict:
    """Run the dry run or the import of a job: now when small, else in the background."""
    job = job_update(
        job_id, mode=mode, skip_invalid=skip_invalid, status="queued", progress=0, error=""
    )
    if job["rows"] <= ASYNC_THRESHOLD:
        run_import(job_id)
    else:
        transaction.on_commit(lambda: run_import.delay(job_id))
    return job_get(job_id)


@shared_task(name="khooshe.registry.tasks.run_import", ignore_result=True)
def run_import(job_id: str) -> None:
    job = job_get(job_id)
    if job is None:
        return
    user = User.objects.get(pk=job["user_id"])
    with default_storage.open(job["path"], "rb") as handle:
        content = handle.read()
    job_update(job_id, status="running", progress=1)

    def progress(done: int, total: int) -> None:
        job_update(job_id, progress=max(1, min(99, round(done * 100 / max(total, 1)))))

    try:
        if job["mode"] == "apply":
            report = import_apply(
                actor=user,
                content=content,
                filename=job["filename"],
                skip_invalid=job.get("skip_invalid", False),
                progress=progress,
            )
            default_storage.delete(job["path"])
        else:
            report = import_dry_run(
                actor=user, content=content, filename=job["filename"], progress=progress
            )
    except ImportRejected as rejected:
        job_update(
            job_id, status="done", progress=100, report=rejected.report.to_dict(), refused=True
        )
        return
    except ImportError_ as error:
        job_update(job_id, status="failed", progress=100, error=str(error))
        return
    job_update(job_id, status="done", progress=100, report=report.to_dict(), refused=False)


@shared_task(name="khooshe.registry.tasks.documents_daily")
def documents_daily() -> dict:
    """Once a day (Celery beat, ``registry-documents``): reminders 30 and 7 days before a
    knowledge-based certificate, licence or guild card expires, and verifications lapsing at
    expiry (:func:`khooshe.registry.services.documents.documents_daily`)."""
    return registry_documents_daily()
