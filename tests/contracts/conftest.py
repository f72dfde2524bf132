from decimal import Decimal

import pytest

from contracts.services.staff import FINANCE_GROUP_NAME, MEDIATORS_GROUP_NAME
from tests.contracts.helpers import make_contract, staff_in


@pytest.fixture
def finance(db):
    return staff_in(FINANCE_GROUP_NAME, email="finance@fairbid.test")


@pytest.fixture
def mediator(db):
    return staff_in(MEDIATORS_GROUP_NAME, email="mediator@fairbid.test")


@pytest.fixture
def two_part_contract(buyer, provider_owner):
    """600 + 400 USD with a 5% fair-trade premium (30 + 20)."""
    return make_contract(
        buyer=buyer,
        provider_owner=provider_owner,
        parts=(Decimal("600.00"), Decimal("400.00")),
        premium=Decimal("5"),
    )
