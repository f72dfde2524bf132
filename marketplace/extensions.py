"""What apps above the marketplace add to a provider's public facts, without the
marketplace importing them: an app registers here in its AppConfig.ready, and the provider
profile and the bid comparison ask (impact: the provider's track record).

Each registration gives a template for the profile, a compact one for a row of the bid
comparison (both receive `facts`), and a function that computes the facts of many
organizations at once (a fixed number of queries, whatever their number).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProviderFacts:
    template: str
    compact_template: str
    for_organizations: Callable[[list[int]], dict]


@dataclass(frozen=True)
class Shown:
    template: str
    compact_template: str
    facts: object


_registered: list[ProviderFacts] = []


def register_provider_facts(
    *, template: str, compact_template: str, for_organizations: Callable[[list[int]], dict]
) -> None:
    entry = ProviderFacts(template, compact_template, for_organizations)
    if entry not in _registered:
        _registered.append(entry)


def provider_facts(organization_ids: Iterable[int]) -> dict[int, list[Shown]]:
    """For each organization, what each registered app shows about it."""
    ids = list(organization_ids)
    shown = {pk: [] for pk in ids}
    for entry in _registered:
        computed = entry.for_organizations(ids)
        for pk in ids:
            shown[pk].append(Shown(entry.template, entry.compact_template, computed[pk]))
    return shown
