from celery import shared_task

from certification.services import recompute as recompute_services


@shared_task(acks_late=True)
def recompute_labels() -> str:
    """Nightly: bring every current label's status in line with its dates and criteria,
    then remind the owners of labels ending soon and of verified evidence lapsing soon."""
    return recompute_services.labels_nightly(task="certification.tasks.recompute_labels")


@shared_task(acks_late=True)
def recompute_labels_for_countries(iso2_list: list[str]) -> str:
    """After new country income data: recompute the labels of organizations in these
    countries (ISO alpha-2 codes)."""
    return str(
        recompute_services.labels_recompute(
            countries=iso2_list, task="certification.tasks.recompute_labels_for_countries"
        )
    )
