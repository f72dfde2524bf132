"""A product module stays small enough to read: past MAX_LINES it becomes a package, one module
a topic (as certification.services and certification.selectors are)."""

import tomllib
from pathlib import Path

import pytest
from django.conf import settings

MAX_LINES = 500
# The apps import-linter orders are the product; everything else (tests, bench) is not.
PRODUCT_PACKAGES = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())["tool"][
    "importlinter"
]["root_packages"]


def _product_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted(
        path
        for package in PRODUCT_PACKAGES
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_every_product_package_is_found():
    assert all((Path(settings.BASE_DIR) / package).is_dir() for package in PRODUCT_PACKAGES)
    assert len(_product_modules()) > 100


@pytest.mark.parametrize(
    "path", _product_modules(), ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_a_product_module_is_at_most_max_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it into a package, one module a topic"
