"""Find text in templates that is shown to people but not marked for translation.

A template is read with Django's own lexer: text inside {% translate %} and
{% blocktranslate %}…{% endblocktranslate %} is marked, comments are not shown, and every other
tag or variable stands for a value, not words. What remains is read as HTML: the text between
tags and the attributes people read or hear (title, alt, aria-label, placeholder, the label of
a button). Plain-text templates (emails) are read whole.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

# Words that read the same in every language: the product's name, and the ★ of a rating.
ALLOWED = {"Fairbid", "★"}
READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "aria-description"}
# Code (an embed snippet, a header to send) is the same in every language.
HIDDEN_ELEMENTS = {"script", "style", "code", "pre"}
PLACEHOLDER = "\x00"
WORD = re.compile(r"[^\W\d_]{2,}")


def shown_source(source: str) -> str:
    """The template with marked text and comments removed, each tag or variable a placeholder."""
    parts, skipping = [], None
    for token in Lexer(source).tokenize():
        words = token.contents.split()
        if skipping:
            if token.token_type == TokenType.BLOCK and words and words[0] == skipping:
                skipping = None
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.BLOCK and words[0] in ("blocktranslate", "blocktrans"):
            skipping = "end" + words[0]
            parts.append(PLACEHOLDER)
        elif token.token_type == TokenType.BLOCK and words[0] == "comment":
            skipping = "endcomment"
        elif token.token_type != TokenType.COMMENT:
            parts.append(PLACEHOLDER)
    return "".join(parts)


def _untranslated(text: str) -> str | None:
    text = " ".join(text.replace(PLACEHOLDER, " ").split())
    words = [word for word in WORD.findall(text) if word not in ALLOWED]
    return text if words else None


class _ShownText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        attributes = dict(attrs)
        read = READ_ATTRIBUTES | (
            {"value"} if attributes.get("type") in ("submit", "button") else set()
        )
        for name, value in attrs:
            if name in read and value and (text := _untranslated(value)):
                self.found.append(f'{name}="{text}"')

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and (text := _untranslated(data)):
            self.found.append(text)


def untranslated_text(path: Path) -> list[str]:
    """Each piece of text in the template at path that people see untranslated."""
    shown = shown_source(path.read_text())
    if path.suffix == ".txt":
        return [text for line in shown.splitlines() if (text := _untranslated(line))]
    parser = _ShownText()
    parser.feed(shown)
    parser.close()
    return parser.found
