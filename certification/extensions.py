"""What apps above certification add to a label's pages, without certification importing
them: an app registers here in its AppConfig.ready, certification's views and admin ask.

- A public section of the label's page: a template and a function of the label giving its
  context (impact: the fair-trade premiums received and reported, per year).
- Finding candidates for reviewers: a function of the label giving sentences a reviewer
  should look into (impact: premiums left unreported too long).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelSection:
    template: str
    context: Callable[..., dict]


_sections: list[LabelSection] = []
_finding_sources: list[Callable[..., list[str]]] = []


def register_label_section(*, template: str, context: Callable[..., dict]) -> None:
    section = LabelSection(template, context)
    if section not in _sections:
        _sections.append(section)


def register_finding_source(source: Callable[..., list[str]]) -> None:
    if source not in _finding_sources:
        _finding_sources.append(source)


def label_sections(label) -> list[tuple[str, dict]]:
    """Each registered section's template and its context for this label."""
    return [(section.template, section.context(label)) for section in _sections]


def finding_candidates(label) -> list[str]:
    return [finding for source in _finding_sources for finding in source(label)]
