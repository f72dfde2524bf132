"""What notifications are about. Each app declares its own kinds as TextChoices and registers
them in its AppConfig.ready, so this app knows their names without importing the apps above it.
"""

from django.db import models

_LABELS: dict[str, str] = {}


def register(kinds: type[models.TextChoices]) -> None:
    for kind in kinds:
        if _LABELS.get(kind.value, kind.label) != kind.label:
            raise ValueError(f"Notification kind {kind.value!r} is registered twice.")
        _LABELS[kind.value] = kind.label


def label(kind: str) -> str:
    """The kind's name for people; an unregistered kind shows as its value."""
    return str(_LABELS.get(kind, kind))


def registered() -> dict[str, str]:
    return dict(_LABELS)
