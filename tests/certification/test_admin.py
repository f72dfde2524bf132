import pytest
from django.urls import reverse

from certification.models import LabelEvent, LabelStatus
from certification.services.labels import label_transition
from tests.factories import LabelFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_a_reviewer_sees_a_label_with_its_history(client, reviewer):
    label = LabelFactory()
    label_transition(label=label, to=LabelStatus.SUSPENDED, reason="Concern upheld.", by=reviewer)
    client.force_login(reviewer)

    listing = client.get(reverse("admin:certification_label_changelist"), {"q": label.code})
    page = client.get(reverse("admin:certification_label_change", args=[label.pk]))

    assert listing.status_code == 200
    assert label.code in listing.content.decode()
    assert page.status_code == 200
    assert "Concern upheld." in page.content.decode()


@pytest.mark.parametrize(
    "model", ["economy", "incomeclassification", "incomegroupchange", "countryincomeload"]
)
def test_a_reviewer_can_list_the_country_data(client, reviewer, incomes, model):
    client.force_login(reviewer)

    response = client.get(reverse(f"admin:certification_{model}_changelist"), {"q": "Kenya"})

    assert response.status_code == 200


def test_nobody_edits_labels_or_their_history_in_admin(client, superuser, reviewer):
    label = LabelFactory()
    label_transition(label=label, to=LabelStatus.REVOKED, reason="Fraud.", by=reviewer)
    event = LabelEvent.objects.get()
    client.force_login(superuser)

    assert client.get(reverse("admin:certification_label_add")).status_code == 403
    assert client.get(reverse("admin:certification_labelevent_add")).status_code == 403
    delete = reverse("admin:certification_labelevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:certification_label_change", args=[label.pk])
    client.post(change, {"status": LabelStatus.ACTIVE})
    label.refresh_from_db()
    assert label.status == LabelStatus.REVOKED
    assert LabelEvent.objects.count() == 1
