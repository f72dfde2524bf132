import pytest

from accounts.services import organization_update
from certification.models import LabelStatus
from tests.conftest import wait_for
from tests.factories import LabelFactory, load_shipped_incomes


@pytest.mark.requires_postgres
@pytest.mark.requires_redis
@pytest.mark.django_db(transaction=True)
def test_a_firm_outgrowing_the_size_limit_is_suspended_by_a_real_worker(
    provider_owner, real_worker, tasks_go_to_the_broker
):
    load_shipped_incomes()
    organization = provider_owner.memberships.get().organization
    label = LabelFactory(organization=organization)

    organization_update(organization=organization, by=provider_owner, employee_count=400)

    def suspended():
        label.refresh_from_db()
        return label.status == LabelStatus.SUSPENDED

    wait_for(suspended, worker=real_worker, what="the label to be suspended")
    assert "400" in label.status_reason
