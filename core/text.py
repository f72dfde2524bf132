"""Rules for the text people type: which characters a field takes, and text made safe to put
in an email header or an XML document whatever it holds."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Line and paragraph separators end a line as surely as "\n" does.
_LINE_BREAKS = {"\u2028", "\u2029"}
_KEPT_IN_PARAGRAPHS = {"\n", "\r", "\t"}
# What XML 1.0 cannot hold at all, even escaped: control characters but tab and line breaks,
# lone surrogates and the two non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _is_control(character: str) -> bool:
    # A lone surrogate (which a JSON body can carry) is no character at all: no column,
    # email or page can hold it.
    return unicodedata.category(character) in ("Cc", "Cs")


def validate_single_line(value: str) -> None:
    """A name, a title, a city: printable characters on one line."""
    if any(_is_control(c) or c in _LINE_BREAKS for c in value or ""):
        raise ValidationError(
            _("Use one line of text without control characters (such as line breaks or tabs)."),
            code="control_characters",
        )


def validate_paragraphs(value: str) -> None:
    """A description, a message, a reason: line breaks and tabs, no other control character."""
    if any(_is_control(c) and c not in _KEPT_IN_PARAGRAPHS for c in value or ""):
        raise ValidationError(
            _("Remove the control characters from this text."), code="control_characters"
        )


def header_safe(text: str) -> str:
    """Text for an email header (a subject, a display name): control characters and line
    breaks become spaces, so a header can never be split or injected."""
    cleaned = "".join(" " if _is_control(c) or c in _LINE_BREAKS else c for c in str(text))
    return " ".join(cleaned.split())


def xml_safe(text: str) -> str:
    """Text an XML document can hold (to be escaped as usual): characters XML forbids are
    left out."""
    return _NOT_XML.sub("", str(text))
