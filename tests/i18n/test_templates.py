"""Every word a template shows is marked for translation."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template import engines

from tests.i18n.template_text import untranslated_text

TEMPLATE_SUFFIXES = {".html", ".txt", ".svg"}
INSTALLED_PACKAGES = {"site-packages", "dist-packages"}


def _is_ours(app_path: Path) -> bool:
    # A virtualenv may live inside the checkout: its packages are not ours.
    return app_path.is_relative_to(settings.BASE_DIR) and not INSTALLED_PACKAGES & set(
        app_path.relative_to(settings.BASE_DIR).parts
    )


def _our_templates() -> list[Path]:
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [
        Path(app.path) / "templates" for app in apps.get_app_configs() if _is_ours(Path(app.path))
    ]
    return sorted(
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.suffix in TEMPLATE_SUFFIXES
    )


def test_every_template_is_checked():
    assert len(_our_templates()) > 50


@pytest.mark.parametrize(
    "path", _our_templates(), ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_a_template_shows_no_untranslated_text(path):
    assert untranslated_text(path) == [], (
        "Wrap this text in {% translate %} or {% blocktranslate %} ({% load i18n %}), then "
        "run `make messages` and translate it in locale/*/LC_MESSAGES/django.po"
    )


def test_the_checker_finds_text_in_tags_and_attributes(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1 title="Hello there">{% translate "Marked" %}</h1>'
        "<p>Plain {{ name }} words</p>{% blocktranslate %}Also {{ marked }}{% endblocktranslate %}"
        '<script>var ignored = "code";</script><input type="submit" value="Send">'
        "{% comment %}Not shown{% endcomment %}<p>Fairbid · 3</p>"
    )

    assert untranslated_text(template) == ['title="Hello there"', "Plain words", 'value="Send"']


def test_every_template_still_compiles():
    engine = engines["django"]
    for path in _our_templates():
        engine.from_string(path.read_text())
