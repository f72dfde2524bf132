"""A message's text as HTML: everything escaped, line breaks kept, and http(s) links made
clickable with rel="nofollow noopener ugc" (bleach's linkifier; no other scheme is linked)."""

from bleach.linkifier import Linker, build_url_re
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

REL = "nofollow noopener ugc"
_URLS = build_url_re(protocols=["http", "https"])


def _only_http(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if not href.lower().startswith(("http://", "https://")):
        return None  # leave it as text
    attrs[(None, "rel")] = REL
    attrs.pop((None, "target"), None)
    return attrs


_LINKER = Linker(url_re=_URLS, callbacks=[_only_http], parse_email=False)


def message_html(text: str) -> SafeString:
    # The linkifier reads HTML, so it gets escaped text: whatever the author wrote stays text.
    return mark_safe(linebreaks(_LINKER.linkify(escape(text))))  # noqa: S308 - escaped above
