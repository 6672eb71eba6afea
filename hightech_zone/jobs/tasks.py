"""What the worker runs: one task, which hands each job to the work of its kind."""

from django_tasks import task

from ..models import JobKind
from . import services, spreadsheets

HANDLERS = {
    JobKind.IMPORT_PREVIEW: spreadsheets.preview,
    JobKind.IMPORT_CONFIRM: spreadsheets.confirm,
}


@task()
def run(job_id):
    """Runs the job; returns the status it ended in. Then, between jobs, the worker fails
    the jobs of workers that died and deletes old job records."""
    status = services.execute(job_id, HANDLERS)
    services.reap()
    services.prune()
    return status
