"""Background work of exports: writing a long list's file, and deleting old files."""

from celery import shared_task

from khooshe.opendata import exports
from khooshe.opendata.models import ExportFile


@shared_task(name="khooshe.opendata.tasks.write_export_file", ignore_result=True)
def write_export_file(job_id: int) -> None:
    job = ExportFile.objects.select_related("user").filter(pk=job_id).first()
    if job is not None and job.state == ExportFile.State.QUEUED:
        exports.write_export_file(job)


@shared_task(name="khooshe.opendata.tasks.delete_old_export_files", ignore_result=True)
def delete_old_export_files() -> int:
    return exports.delete_old_files()
