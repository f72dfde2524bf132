import pytest

from tests.factories import load_shipped_incomes


@pytest.fixture
def incomes(db):
    """The shipped World Bank classifications, FY2025 then FY2026, loaded."""
    return load_shipped_incomes()


@pytest.fixture
def incomes_fy2025(db):
    """Only the FY2025 classification loaded, so FY2026 can be loaded on top."""
    return load_shipped_incomes(2025)
