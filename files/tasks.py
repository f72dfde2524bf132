from celery import shared_task

from files.services import files_sweep_orphans


@shared_task(acks_late=True)
def sweep_orphan_files() -> dict:
    """Daily: remove files that nothing links to and bytes that no file names."""
    sweep = files_sweep_orphans()
    return {"rows": sweep.rows, "blobs": sweep.blobs}
