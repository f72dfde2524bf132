from datetime import timedelta

import pytest
from django.utils import timezone

from certification.models import LabelStatus
from certification.tasks import recompute_labels
from tests.conftest import wait_for
from tests.factories import LabelFactory, load_shipped_incomes


@pytest.mark.requires_postgres
@pytest.mark.requires_redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_records_the_end_of_a_label_past_its_last_day(
    real_worker, tasks_go_to_the_broker
):
    load_shipped_incomes()
    yesterday = timezone.localdate() - timedelta(days=1)
    label = LabelFactory(valid_from=yesterday - timedelta(days=364), valid_until=yesterday)

    recompute_labels.delay()

    def expired():
        label.refresh_from_db()
        return label.status == LabelStatus.EXPIRED

    wait_for(expired, worker=real_worker, what="the label's end to be recorded")
    assert label.events.get().actor_task.startswith("certification.tasks.recompute_labels")
